// The host-contention rule and its windows: per function and memory size,
// median host wait against median Duration.

import { describe, expect, it } from 'vitest';
import { ContentionWatch, isMaterialHostWait, median, type HostContention } from '../../../src/stub/engine/contention-watch';

describe('host contention rule', () => {
  it('is material from 10% of Duration and half a millisecond', () => {
    expect(isMaterialHostWait(10, 100)).toBe(true);
    expect(isMaterialHostWait(9.9, 100)).toBe(false);
    // A no-op's sub-millisecond Duration: a wait under 0.5 ms is not called material, whatever its share.
    expect(isMaterialHostWait(0.4, 0.6)).toBe(false);
    expect(isMaterialHostWait(0.5, 0.6)).toBe(true);
  });

  it('medians: odd, even, empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('ContentionWatch', () => {
  it('judges windows of 64 invocations per function and memory size, and reports only material ones', () => {
    const reports: HostContention[] = [];
    const watch = new ContentionWatch((c) => reports.push(c));
    for (let i = 0; i < 63; i++) watch.record('f', 128, 100, 50, 5, i);
    expect(reports).toEqual([]);
    // Another memory size is another window.
    for (let i = 0; i < 64; i++) watch.record('f', 1769, 100, 1, 0, i);
    expect(reports).toEqual([]);
    watch.record('f', 128, 100, 50, 5, 64);
    expect(reports).toEqual([{ functionName: 'f', memoryMb: 128, invocations: 64, medianHostWaitMs: 50, medianThrottledMs: 5, medianDurationMs: 100 }]);
  });

  it('judges a slower window after 10 s once it has 8 invocations', () => {
    const reports: HostContention[] = [];
    const watch = new ContentionWatch((c) => reports.push(c));
    for (let i = 0; i < 7; i++) watch.record('g', 512, 200, 100, 0, i * 2000);
    expect(reports).toEqual([]);
    watch.record('g', 512, 200, 100, 0, 14_000);
    expect(reports.map((r) => r.invocations)).toEqual([8]);
  });
});
