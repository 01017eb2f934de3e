import { describe, expect, it } from 'vitest';
import { IncomingBytes } from '../../../src/stub/wire/incoming-bytes';

describe('IncomingBytes', () => {
  it('hands back a lone chunk as is', () => {
    const bytes = new IncomingBytes();
    const chunk = Buffer.from('abc');
    expect(bytes.push(chunk)).toBe(chunk);
  });

  it('once told how many bytes a message needs, joins nothing until they are in, then joins once', () => {
    const bytes = new IncomingBytes();
    const first = bytes.push(Buffer.from('head|'));
    expect(first?.toString()).toBe('head|');
    bytes.keep(first as Buffer, 20);
    const pieces = ['01234', '56789', '0123'];
    for (const p of pieces) expect(bytes.push(Buffer.from(p))).toBeNull();
    expect(bytes.push(Buffer.from('4|next'))?.toString()).toBe('head|01234567890123' + '4|next');
  });

  it('after keep(rest, 0) any new byte is worth a read; drain takes everything back', () => {
    const bytes = new IncomingBytes();
    bytes.keep(Buffer.from('GET / HT'), 0);
    expect(bytes.push(Buffer.from('TP/1.1'))?.toString()).toBe('GET / HTTP/1.1');
    bytes.keep(Buffer.from('left'), 100);
    expect(bytes.push(Buffer.from('over'))).toBeNull();
    expect(bytes.drain().toString()).toBe('leftover');
    expect(bytes.drain().length).toBe(0);
  });
});
