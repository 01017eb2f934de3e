import { describe, expect, it } from 'vitest';
import { readText } from '../../../src/lambda/log';
import { logStreamName, reportLine } from '../../../src/stub/engine/log-format';
import { LogStore } from '../../../src/stub/engine/log-store';

describe('log store and platform lines', () => {
  it('keeps groups and streams, bounded per stream and per group', () => {
    const store = new LogStore({ maxEventsPerStream: 10, maxStreamsPerGroup: 2 });
    for (let i = 0; i < 100; i++) store.append('/aws/lambda/f', 's1', 1000 + i, `line ${i}`);
    const events = store.events('/aws/lambda/f', 's1');
    expect(events.length).toBeLessThanOrEqual(12);
    expect(events[events.length - 1]).toEqual({ timestamp: 1099, ingestionTime: 1099, message: 'line 99' });
    store.append('/aws/lambda/f', 's2', 2000, 'x');
    store.append('/aws/lambda/f', 's3', 3000, 'y');
    expect(store.streams('/aws/lambda/f').map((s) => s.logStreamName)).toEqual(['s2', 's3']);
    expect(store.groups()).toEqual([{ logGroupName: '/aws/lambda/f', creationTime: 1000, storedBytes: 2 }]);
    expect(store.events('/aws/lambda/none', 's')).toEqual([]);
  });

  it('is bounded in bytes per stream and in total, dropping the oldest events and then the oldest streams (issue 16)', () => {
    const store = new LogStore({ maxBytesPerStream: 1000, maxTotalBytes: 2500 });
    const line = (i: number) => `${String(i).padStart(4, '0')}${'é'.repeat(48)}`; // 100 UTF-8 bytes
    for (let i = 0; i < 50; i++) store.append('/aws/lambda/f', 's1', i, line(i));
    const s1 = store.events('/aws/lambda/f', 's1');
    expect(store.stats().bytes).toBeLessThanOrEqual(1000);
    expect(store.streams('/aws/lambda/f')[0].storedBytes).toBe(store.stats().bytes);
    expect(s1[s1.length - 1].message).toBe(line(49));
    expect(s1[0].message).not.toBe(line(0));
    for (const name of ['s2', 's3', 's4']) for (let i = 0; i < 10; i++) store.append('/aws/lambda/g', name, 100 + i, line(i));
    // 1000 bytes each would be 4000: the oldest stream (s1) went first.
    expect(store.stats().bytes).toBeLessThanOrEqual(2500);
    expect(store.events('/aws/lambda/f', 's1')).toEqual([]);
    expect(store.events('/aws/lambda/g', 's4')).toHaveLength(10);
    const stats = store.stats();
    const held = store.groups().reduce((n, g) => n + g.storedBytes, 0);
    expect(stats.bytes).toBe(held);
    // One stream alone larger than the whole store is trimmed, its newest event kept.
    const small = new LogStore({ maxBytesPerStream: 10_000, maxTotalBytes: 300 });
    for (let i = 0; i < 20; i++) small.append('g', 's', i, line(i));
    expect(small.stats().bytes).toBeLessThanOrEqual(300);
    expect(small.events('g', 's').at(-1)?.message).toBe(line(19));
  });

  it('writes REPORT lines the parser reads back, and Lambda-style stream names', () => {
    const line = reportLine({ requestId: 'r-1', durationMs: 12.345, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 100.5 });
    expect(line).toBe('REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 113 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.50 ms\t');
    expect(readText(line)).toMatchObject({ kind: 'report', requestId: 'r-1', metrics: { durationMs: 12.35, billedDurationMs: 113, initDurationMs: 100.5 } });
    expect(logStreamName('7', new Date(Date.UTC(2025, 0, 2)))).toMatch(/^2025\/01\/02\/\[7\][0-9a-f]{32}$/);
  });
});
