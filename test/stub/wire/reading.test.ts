// The reading pieces of the kit together, in the loop both servers run over
// each chunk a socket delivers: pipelined requests, heads and bodies cut
// anywhere.

import { describe, expect, it } from 'vitest';
import { readChunkedBody } from '../../../src/stub/wire/chunked-body';
import { bodyAt, contentLength } from '../../../src/stub/wire/content-length';
import { IncomingBytes } from '../../../src/stub/wire/incoming-bytes';
import { RequestHead } from '../../../src/stub/wire/request-head';

interface Read {
  readonly method: string;
  readonly target: string;
  readonly body: string;
}

/** A connection's reading side: every request read whole from the chunks so far; 'malformed' stops it. */
class Reader {
  private readonly bytes = new IncomingBytes();
  private readonly head = new RequestHead();
  readonly requests: Read[] = [];
  reads = 0;
  failed = false;

  push(chunk: Buffer): void {
    let buf = this.bytes.push(chunk);
    if (buf !== null) this.reads++;
    while (buf !== null && buf.length > 0) {
      const used = this.one(buf);
      if (used === 'malformed') {
        this.failed = true;
        return;
      }
      if (used < 0) {
        this.bytes.keep(buf, -used);
        return;
      }
      buf = buf.subarray(used);
    }
  }

  /** Bytes used by the request at the start of `buf`, or minus the bytes needed before it can be read. */
  private one(buf: Buffer): number | 'malformed' {
    const head = this.head;
    const status = head.read(buf, 1024);
    if (status === 'partial') return -(buf.length + 1);
    if (status !== 'whole') return 'malformed';
    let length: string | undefined;
    let chunked = false;
    while (head.nextField()) {
      const name = head.name().toLowerCase();
      if (name === 'content-length') length = head.value();
      if (name === 'transfer-encoding') chunked = head.value() === 'chunked';
    }
    if (chunked) {
      const read = readChunkedBody(buf, head.bodyStart);
      if (read === 'malformed') return 'malformed';
      if (read === 'partial') return -(buf.length + 1);
      this.requests.push({ method: head.method, target: head.target, body: read.body.toString() });
      return read.end;
    }
    const size = contentLength(length);
    if (size < 0) return 'malformed';
    if (buf.length < head.bodyStart + size) return -(head.bodyStart + size);
    this.requests.push({ method: head.method, target: head.target, body: bodyAt(buf, head.bodyStart, size).toString() });
    return head.bodyStart + size;
  }
}

const STREAM = Buffer.from(
  'POST /2018-06-01/runtime/invocation/id-1/response HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n{"ok":true}' +
    'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n' +
    'POST /2018-06-01/runtime/init/error HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nboom\r\n1\r\n!\r\n0\r\n\r\n' +
    'GET /last HTTP/1.1\r\n\r\n',
  'latin1',
);
const EXPECTED: Read[] = [
  { method: 'POST', target: '/2018-06-01/runtime/invocation/id-1/response', body: '{"ok":true}' },
  { method: 'GET', target: '/2018-06-01/runtime/invocation/next', body: '' },
  { method: 'POST', target: '/2018-06-01/runtime/init/error', body: 'boom!' },
  { method: 'GET', target: '/last', body: '' },
];

describe('reading pipelined requests off a socket', () => {
  it('reads them all from one chunk', () => {
    const reader = new Reader();
    reader.push(STREAM);
    expect(reader.requests).toEqual(EXPECTED);
  });

  it('reads the same requests whatever two chunks the stream arrives in', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const reader = new Reader();
      reader.push(STREAM.subarray(0, cut));
      reader.push(STREAM.subarray(cut));
      expect(reader.requests, `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('reads the same requests arriving one byte at a time', () => {
    const reader = new Reader();
    for (let at = 0; at < STREAM.length; at++) reader.push(STREAM.subarray(at, at + 1));
    expect(reader.requests).toEqual(EXPECTED);
    expect(reader.failed).toBe(false);
  });

  it('a large body in many small chunks is read once, when its last byte is in', () => {
    const body = 'x'.repeat(200_000);
    const whole = Buffer.from(`POST /big HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const reader = new Reader();
    for (let at = 0; at < whole.length; at += 16_384) reader.push(whole.subarray(at, at + 16_384));
    expect(reader.requests).toHaveLength(1);
    expect(reader.requests[0]?.body === body).toBe(true);
    // The head's chunk, then the one that completes the body: the chunks between are only kept.
    expect(reader.reads).toBe(2);
  });

  it('stops at a malformed head, after the requests in front of it', () => {
    const reader = new Reader();
    reader.push(Buffer.from('GET /a HTTP/1.1\r\n\r\nGET /b\r\n\r\nGET /d HTTP/1.1\r\n\r\n'));
    expect(reader.requests.map((r) => r.target)).toEqual(['/a']);
    expect(reader.failed).toBe(true);
  });

  it('stops at a malformed Content-Length', () => {
    const reader = new Reader();
    reader.push(Buffer.from('POST /a HTTP/1.1\r\nContent-Length: 0x2\r\n\r\n{}'));
    expect(reader.requests).toEqual([]);
    expect(reader.failed).toBe(true);
  });
});
