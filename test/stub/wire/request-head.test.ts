import { describe, expect, it } from 'vitest';
import { RequestHead } from '../../../src/stub/wire/request-head';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Every header line of a head read whole, as [name, value]. */
function fields(head: RequestHead): [string, string][] {
  const out: [string, string][] = [];
  while (head.nextField()) out.push([head.name(), head.value()]);
  return out;
}

describe('RequestHead', () => {
  it('reads the request line, where the body starts, and each header line with its value trimmed of spaces and tabs', () => {
    const head = new RequestHead();
    const raw = 'POST /2015-03-31/functions/f/invocations?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length:5\r\nX-Odd: \t v a l \t \r\nEmpty:\r\n\r\nhello';
    expect(head.read(bytes(raw), 1024)).toBe('whole');
    expect(head.method).toBe('POST');
    expect(head.target).toBe('/2015-03-31/functions/f/invocations?x=1');
    expect(head.version()).toBe('HTTP/1.1');
    expect(raw.slice(head.bodyStart)).toBe('hello');
    expect(fields(head)).toEqual([['Host', 'a'], ['Content-Length', '5'], ['X-Odd', 'v a l'], ['Empty', '']]);
    expect(head.nextField()).toBe(false);
  });

  it('a head without header lines has none', () => {
    const head = new RequestHead();
    expect(head.read(bytes('GET / HTTP/1.1\r\n\r\n'), 1024)).toBe('whole');
    expect(head.target).toBe('/');
    expect(head.bodyStart).toBe(18);
    expect(head.nextField()).toBe(false);
  });

  it('marks a line without a colon, and an empty name, for the server to judge', () => {
    const head = new RequestHead();
    expect(head.read(bytes('GET / HTTP/1.1\r\nno colon here\r\n: empty name\r\nok: 1\r\n\r\n'), 1024)).toBe('whole');
    expect(head.nextField()).toBe(true);
    expect(head.colon).toBe(-1);
    expect(head.nextField()).toBe(true);
    expect(head.colon).toBe(head.nameStart);
    expect(head.value()).toBe('empty name');
    expect(head.nextField()).toBe(true);
    expect([head.name(), head.value()]).toEqual(['ok', '1']);
    expect(head.nextField()).toBe(false);
  });

  it('a colon on a later line is not this line\'s', () => {
    const head = new RequestHead();
    expect(head.read(bytes('GET / HTTP/1.1\r\nbroken\r\nHost: x\r\n\r\n'), 1024)).toBe('whole');
    expect(head.nextField()).toBe(true);
    expect(head.colon).toBe(-1);
    expect(head.nextField()).toBe(true);
    expect([head.name(), head.value()]).toEqual(['Host', 'x']);
  });

  it('is partial at every cut before the blank line, whole from it on', () => {
    const raw = bytes('PUT /a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
    const end = raw.indexOf('\r\n\r\n') + 4;
    const head = new RequestHead();
    for (let cut = 0; cut <= raw.length; cut++) {
      const status = head.read(raw.subarray(0, cut), 1024);
      expect(status).toBe(cut < end ? 'partial' : 'whole');
    }
    expect(head.bodyStart).toBe(end);
  });

  it('refuses a head longer than the reader allows, whether its end has arrived or not', () => {
    const head = new RequestHead();
    const long = 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(100);
    expect(head.read(bytes(long), 64)).toBe('too-large');
    expect(head.read(bytes(long + '\r\n\r\n'), 64)).toBe('too-large');
    expect(head.read(bytes(long + '\r\n\r\n'), 1024)).toBe('whole');
    expect(head.read(bytes(long.slice(0, 60)), 64)).toBe('partial');
  });

  it.each([
    ['no spaces', 'GET\r\nHost: x'],
    ['no version', 'GET /'],
    ['an empty version', 'GET / '],
    ['an empty target', 'GET  HTTP/1.1'],
    ['an empty method', ' / HTTP/1.1'],
    ['nothing at all', ''],
  ])('a request line with %s is malformed', (_what, line) => {
    expect(new RequestHead().read(bytes(`${line}\r\n\r\n`), 1024)).toBe('malformed');
  });

  it('the version is all the request line holds after the target, so a space in a target leaves no HTTP/1.1 version', () => {
    const head = new RequestHead();
    expect(head.read(bytes('GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'), 1024)).toBe('whole');
    expect([head.target, head.version()]).toEqual(['/a', 'b HTTP/1.1']);
    expect(head.read(bytes('GET / HTTP/1.0\r\n\r\n'), 1024)).toBe('whole');
    expect(head.version()).toBe('HTTP/1.0');
  });

  it('reading again starts over: nothing of the previous head is left', () => {
    const head = new RequestHead();
    head.read(bytes('GET /one HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n'), 1024);
    head.nextField();
    expect(head.read(bytes('POST /two HTTP/1.1\r\nC: 3\r\n\r\n'), 1024)).toBe('whole');
    expect([head.method, head.target]).toEqual(['POST', '/two']);
    expect(fields(head)).toEqual([['C', '3']]);
  });
});
