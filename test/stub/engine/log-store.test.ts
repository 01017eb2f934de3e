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

  it('writes REPORT lines the parser reads back, and Lambda-style stream names', () => {
    const line = reportLine({ requestId: 'r-1', durationMs: 12.345, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 100.5 });
    expect(line).toBe('REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 113 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.50 ms\t');
    expect(readText(line)).toMatchObject({ kind: 'report', requestId: 'r-1', metrics: { durationMs: 12.35, billedDurationMs: 113, initDurationMs: 100.5 } });
    expect(logStreamName('7', new Date(Date.UTC(2025, 0, 2)))).toMatch(/^2025\/01\/02\/\[7\][0-9a-f]{32}$/);
  });
});
