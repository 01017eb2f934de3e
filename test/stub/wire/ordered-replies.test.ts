import { describe, expect, it } from 'vitest';
import { EMPTY } from '../../../src/stub/wire/empty';
import { OrderedReplies } from '../../../src/stub/wire/ordered-replies';
import { RecordingSink } from './recording-sink';

const reply = (name: string): string => `HTTP/1.1 200 ${name}\r\n\r\n`;

describe('OrderedReplies', () => {
  it('answers pipelined requests in request order, whatever order they are ready in', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    const a = replies.open(false);
    const b = replies.open(false);
    const c = replies.open(false);
    expect(replies.fill(c, reply('c'), Buffer.from('3'))).toBe(false);
    expect(replies.fill(b, reply('b'), EMPTY)).toBe(false);
    expect(sink.writes).toEqual([]);
    expect(replies.empty).toBe(false);
    expect(replies.fill(a, reply('a'), Buffer.from('1'))).toBe(true);
    expect(sink.writes).toEqual([[reply('a') + '1' + reply('b') + reply('c') + '3']]);
    expect(replies.empty).toBe(true);
  });

  it('a ready reply leaves at once when nothing is in front of it', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    const a = replies.open(false);
    const b = replies.open(false);
    expect(replies.fill(a, reply('a'), EMPTY)).toBe(false);
    expect(sink.writes).toEqual([[reply('a')]]);
    expect(replies.fill(b, reply('b'), EMPTY)).toBe(true);
    expect(sink.writes).toEqual([[reply('a')], [reply('b')]]);
  });

  it('a ready reply waits for the awaited one right behind it, and both leave in one write', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    const accepted = replies.open(false);
    const next = replies.open(true);
    expect(replies.fill(accepted, reply('accepted'), EMPTY)).toBe(false);
    expect(sink.writes).toEqual([]);
    expect(replies.fill(next, reply('event'), Buffer.from('{}'))).toBe(true);
    expect(sink.writes).toEqual([[reply('accepted') + reply('event') + '{}']]);
  });

  it('an awaited reply first in line holds nothing back once it is ready', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    const next = replies.open(true);
    expect(replies.fill(next, reply('event'), EMPTY)).toBe(true);
    expect(sink.writes).toEqual([[reply('event')]]);
  });

  it('while holding, ready replies wait for flush(), then leave together', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    replies.holding = true;
    expect(replies.fill(replies.open(false), reply('a'), EMPTY)).toBe(false);
    expect(replies.fill(replies.open(false), reply('b'), EMPTY)).toBe(false);
    expect(sink.writes).toEqual([]);
    replies.holding = false;
    expect(replies.flush()).toBe(true);
    expect(sink.writes).toEqual([[reply('a') + reply('b')]]);
    expect(replies.flush()).toBe(true);
    expect(sink.writes).toHaveLength(1);
  });

  it('on a destroyed socket ready replies are dropped, not written', () => {
    const sink = new RecordingSink();
    const replies = new OrderedReplies(sink);
    const a = replies.open(false);
    sink.destroy();
    expect(replies.fill(a, reply('a'), EMPTY)).toBe(true);
    expect(sink.writes).toEqual([]);
    expect(replies.empty).toBe(true);
  });
});
