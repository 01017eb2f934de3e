// The incremental chunked-body reader of streamed responses: data handed on
// as it arrives however the bytes are split, trailers kept, the body's end found.

import { describe, expect, it } from 'vitest';
import { ChunkStream } from '../../../src/stub/wire/chunk-stream';

const BODY = '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nLambda-Runtime-Function-Error-Type: TypeError\r\nLambda-Runtime-Function-Error-Body: e30=\r\n\r\nGET /next';

describe('ChunkStream', () => {
  it('hands on every byte of data and keeps the trailers, whatever the split', () => {
    const bytes = Buffer.from(BODY, 'latin1');
    const end = BODY.indexOf('GET');
    for (const size of [1, 2, 3, 7, 16, bytes.length]) {
      const pieces: string[] = [];
      const s = new ChunkStream((d) => pieces.push(d.toString('latin1')));
      let found = -1;
      for (let at = 0; at < bytes.length && found < 0; at += size) {
        const part = bytes.subarray(at, Math.min(at + size, bytes.length));
        const r = s.feed(part, 0);
        expect(r).not.toBe('malformed');
        if (typeof r === 'number' && r >= 0) found = at + r;
      }
      expect(pieces.join('')).toBe('hello, world');
      expect(found).toBe(end);
      expect(s.trailers?.get('lambda-runtime-function-error-type')).toBe('TypeError');
      expect(s.trailers?.get('lambda-runtime-function-error-body')).toBe('e30=');
    }
  });

  it('data is handed on before the body ends', () => {
    const pieces: string[] = [];
    const s = new ChunkStream((d) => pieces.push(d.toString()));
    expect(s.feed(Buffer.from('5\r\nfirst\r\n'), 0)).toBe(-1);
    expect(pieces).toEqual(['first']);
    expect(s.feed(Buffer.from('0\r\n\r\n'), 0)).toBe(5);
    expect(s.trailers?.size).toBe(0);
  });

  it('a size that is not hex is malformed', () => {
    expect(new ChunkStream(() => undefined).feed(Buffer.from('zz\r\n'), 0)).toBe('malformed');
  });
});
