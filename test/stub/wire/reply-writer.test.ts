import { describe, expect, it } from 'vitest';
import { JOIN_LIMIT, ReplyWriter } from '../../../src/stub/wire/reply-writer';
import { RecordingSink } from './recording-sink';

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Length: N\r\n\r\n';

describe('ReplyWriter', () => {
  it('a head and a small body leave in one write, bytes unchanged', () => {
    const sink = new RecordingSink();
    const writer = new ReplyWriter(sink);
    const body = Buffer.from([0xc3, 0xa9, 0x00, 0xff, 0x7b]);
    writer.add(HEAD, body);
    expect(sink.writes).toEqual([]);
    writer.send();
    expect(sink.writes).toHaveLength(1);
    expect(Buffer.from(sink.writes[0]?.[0] ?? '', 'latin1').equals(Buffer.concat([Buffer.from(HEAD), body]))).toBe(true);
  });

  it('several replies gathered leave in one write; nothing is written twice', () => {
    const sink = new RecordingSink();
    const writer = new ReplyWriter(sink);
    writer.add('A\r\n\r\n', Buffer.from('1'));
    writer.add('B\r\n\r\n', Buffer.alloc(0));
    writer.add('C\r\n\r\n', Buffer.from('3'));
    writer.send();
    writer.send();
    expect(sink.writes).toEqual([['A\r\n\r\n1B\r\n\r\nC\r\n\r\n3']]);
  });

  it(`a body of JOIN_LIMIT (${JOIN_LIMIT}) bytes is joined; one byte more goes in a corked batch of its own`, () => {
    const joined = new RecordingSink();
    let writer = new ReplyWriter(joined);
    writer.add(HEAD, Buffer.alloc(JOIN_LIMIT, 0x61));
    writer.send();
    expect(joined.writes).toHaveLength(1);
    expect(joined.writes[0]).toHaveLength(1);

    const apart = new RecordingSink();
    writer = new ReplyWriter(apart);
    writer.add('A\r\n\r\n', Buffer.from('1'));
    writer.add(HEAD, Buffer.alloc(JOIN_LIMIT + 1, 0x62));
    writer.add('C\r\n\r\n', Buffer.from('3'));
    expect(apart.writes).toEqual([]);
    writer.send();
    expect(apart.writes).toHaveLength(1);
    const batch = apart.writes[0] ?? [];
    expect(batch).toHaveLength(3);
    expect(batch[0]).toBe('A\r\n\r\n1' + HEAD);
    expect(batch[1]).toBe('b'.repeat(JOIN_LIMIT + 1));
    expect(batch[2]).toBe('C\r\n\r\n3');
    // Uncorked again: the next reply is a plain write.
    writer.add('D\r\n\r\n', Buffer.alloc(0));
    writer.send();
    expect(apart.writes[1]).toEqual(['D\r\n\r\n']);
  });
});
