import { describe, expect, it } from 'vitest';
import { readChunkedBody } from '../../../src/stub/wire/chunked-body';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('readChunkedBody', () => {
  it('joins the chunks and says where the message ends', () => {
    const raw = bytes('HEAD5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\nNEXT');
    const read = readChunkedBody(raw, 4);
    expect(read).not.toBe('partial');
    if (typeof read === 'string') return;
    expect(read.body.toString()).toBe('{"a":1}');
    expect(raw.subarray(read.end).toString()).toBe('NEXT');
  });

  it('reads sizes in either case, skips extensions and trailers', () => {
    const raw = bytes('a;name=value\r\n0123456789\r\nB ;x\r\nabcdefghijk\r\n0\r\nTrailer: yes\r\nMore: too\r\n\r\n');
    const read = readChunkedBody(raw, 0);
    if (typeof read === 'string') throw new Error(read);
    expect(read.body.toString()).toBe('0123456789abcdefghijk');
    expect(read.end).toBe(raw.length);
  });

  it('an empty body is the last chunk alone', () => {
    const read = readChunkedBody(bytes('0\r\n\r\n'), 0);
    if (typeof read === 'string') throw new Error(read);
    expect(read.body.length).toBe(0);
    expect(read.end).toBe(5);
  });

  it('is partial at every cut before the end, and the same body once whole', () => {
    const raw = bytes('3\r\nabc\r\n4;e=1\r\ndefg\r\n0\r\nT: 1\r\n\r\n');
    for (let cut = 0; cut < raw.length; cut++) expect(readChunkedBody(raw.subarray(0, cut), 0)).toBe('partial');
    const read = readChunkedBody(raw, 0);
    if (typeof read === 'string') throw new Error(read);
    expect(read.body.toString()).toBe('abcdefg');
  });

  it.each([
    ['a negative size', '-5\r\nabcde\r\n0\r\n\r\n'],
    ['a size that is not hex', 'zz\r\nab\r\n0\r\n\r\n'],
    ['a hex prefix', '0x2\r\nab\r\n0\r\n\r\n'],
    ['no size', '\r\nab\r\n0\r\n\r\n'],
    ['junk after the size', '2x\r\nab\r\n0\r\n\r\n'],
    ['more digits than any body', '10000000000000\r\n'],
    ['data longer than its size', '2\r\nabc\r\n0\r\n\r\n'],
  ])('%s is malformed', (_what, raw) => {
    expect(readChunkedBody(bytes(raw), 0)).toBe('malformed');
  });
});
