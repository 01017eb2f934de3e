import { describe, expect, it } from 'vitest';
import { ChunkSkipper } from '../../../src/stub/wire/chunk-skipper';

const BODY = '5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n';

describe('ChunkSkipper', () => {
  it('finds the end of a chunked body fed whole or byte by byte, leaving what follows', () => {
    const buf = Buffer.from(BODY + 'GET /next');
    expect(new ChunkSkipper().feed(buf, 0)).toBe(BODY.length);
    const skipper = new ChunkSkipper();
    let end: number | 'malformed' = -1;
    for (let i = 0; i < buf.length && end === -1; i++) {
      end = skipper.feed(buf.subarray(i, i + 1), 0);
      if (end !== -1) expect(i + (end as number)).toBe(BODY.length);
    }
    expect(new ChunkSkipper().feed(Buffer.from('0\r\n\r\n'), 0)).toBe(5);
  });

  it('says more is needed before the end, and refuses a malformed size', () => {
    expect(new ChunkSkipper().feed(Buffer.from('5\r\nhel'), 0)).toBe(-1);
    expect(new ChunkSkipper().feed(Buffer.from('zz\r\n'), 0)).toBe('malformed');
    expect(new ChunkSkipper().feed(Buffer.from('\r\n'), 0)).toBe('malformed');
    expect(new ChunkSkipper().feed(Buffer.from('11111111111111111\r\n'), 0)).toBe('malformed');
  });
});
