import { describe, expect, it } from 'vitest';
import { recommendMemory, type MemoryStats } from '../../src/cost/recommend';
import { formatRecommendation } from '../../src/report/cost-text';

// Warm: 128 is cheapest, 1024 fastest, 512 in between.
// Cold: 512 is cheapest (its init is short enough to beat 128's long one), 1024 fastest.
const sweep: MemoryStats[] = [
  { memoryMb: 128, warm: { count: 100, errors: 0, p50Ms: 100, p99Ms: 200, costPerInvocationUsd: 1e-6 }, cold: { count: 10, errors: 0, p50Ms: 900, costPerInvocationUsd: 5e-6 } },
  { memoryMb: 512, warm: { count: 100, errors: 0, p50Ms: 30, p99Ms: 60, costPerInvocationUsd: 1.2e-6 }, cold: { count: 10, errors: 0, p50Ms: 300, costPerInvocationUsd: 4e-6 } },
  { memoryMb: 1024, warm: { count: 100, errors: 0, p50Ms: 20, p99Ms: 40, costPerInvocationUsd: 2e-6 }, cold: { count: 10, errors: 0, p50Ms: 250, costPerInvocationUsd: 6e-6 } },
];

describe('recommendMemory', () => {
  it('picks the cheapest and the fastest per start type, cold judged apart from warm', () => {
    const rec = recommendMemory(sweep, 0.5);
    expect(rec.warm?.cheapest.memoryMb).toBe(128);
    expect(rec.warm?.fastest.memoryMb).toBe(1024);
    expect(rec.cold?.cheapest.memoryMb).toBe(512);
    expect(rec.cold?.fastest.memoryMb).toBe(1024);
    expect(rec.warm?.fastest.p99Ms).toBe(40);
    expect(rec.cold?.fastest.p99Ms).toBeUndefined();
  });

  it('moves the balanced choice from cheapest to fastest as the weight goes 0 → 1', () => {
    expect(recommendMemory(sweep, 0).warm?.balanced.memoryMb).toBe(128);
    expect(recommendMemory(sweep, 0.1).warm?.balanced.memoryMb).toBe(128);
    // w = 0.5: speed (p50, p99 normalised and averaged) 1 / 0.125 / 0; cost 0 / 0.2 / 1
    // scores 0.5 / 0.1625 / 0.5 → 512
    const mid = recommendMemory(sweep, 0.5).warm!.balanced;
    expect(mid.memoryMb).toBe(512);
    expect(mid.score).toBeCloseTo(0.1625, 12);
    expect(recommendMemory(sweep, 1).warm?.balanced.memoryMb).toBe(1024);
    // cold at w = 0.5: speed 1 / 0.0769 / 0; cost 0.5 / 0 / 1 → 512
    expect(recommendMemory(sweep, 0.5).cold?.balanced.memoryMb).toBe(512);
    expect(recommendMemory(sweep, 1).cold?.balanced.memoryMb).toBe(1024);
    expect(recommendMemory(sweep, 0).cold?.balanced.memoryMb).toBe(512);
  });

  it('uses percentiles, not means: a bad warm p99 costs a setting the balanced pick', () => {
    const tail: MemoryStats[] = [
      { memoryMb: 256, warm: { count: 100, errors: 0, p50Ms: 20, p99Ms: 900, costPerInvocationUsd: 1e-6 } },
      { memoryMb: 512, warm: { count: 100, errors: 0, p50Ms: 21, p99Ms: 30, costPerInvocationUsd: 1.1e-6 } },
    ];
    const rec = recommendMemory(tail, 0.5);
    expect(rec.warm?.fastest.memoryMb).toBe(256);
    // speed: 256 = (0 + 1)/2 = 0.5, 512 = (1 + 0)/2 = 0.5; cost 0 / 1 → 256 scores 0.25, 512 scores 0.75
    expect(rec.warm?.balanced.memoryMb).toBe(256);
    const rec9 = recommendMemory(tail, 0.9);
    // 256: 0.45 + 0 = 0.45; 512: 0.45 + 0.1 = 0.55 → still 256; equal speed, cheaper wins
    expect(rec9.warm?.balanced.memoryMb).toBe(256);
  });

  it('breaks ties: faster, then cheaper, then the smaller memory', () => {
    const same = { count: 10, errors: 0, p50Ms: 50, p99Ms: 80, costPerInvocationUsd: 3e-6 };
    const rec = recommendMemory([{ memoryMb: 1024, warm: same }, { memoryMb: 256, warm: same }], 0.5);
    expect(rec.warm?.cheapest.memoryMb).toBe(256);
    expect(rec.warm?.fastest.memoryMb).toBe(256);
    expect(rec.warm?.balanced.memoryMb).toBe(256);
    const sameCost = recommendMemory([
      { memoryMb: 256, warm: { ...same, p50Ms: 60 } },
      { memoryMb: 1024, warm: same },
    ], 0);
    expect(sameCost.warm?.cheapest.memoryMb).toBe(1024);
    expect(sameCost.warm?.balanced.memoryMb).toBe(1024);
  });

  it('leaves out a setting whose every invocation of a start type failed, and says so', () => {
    const rec = recommendMemory([
      ...sweep,
      { memoryMb: 64, warm: { count: 5, errors: 5, p50Ms: Number.NaN, p99Ms: Number.NaN, costPerInvocationUsd: 1e-9 } },
    ], 0.5);
    expect(rec.warm?.cheapest.memoryMb).toBe(128);
    expect(rec.warm?.candidates).toEqual([128, 512, 1024]);
    expect(rec.excluded).toEqual([{ memoryMb: 64, start: 'warm', reason: 'all 5 warm invocations failed' }]);
  });

  it('judges only the start types that were measured', () => {
    const rec = recommendMemory([{ memoryMb: 128, warm: sweep[0]!.warm }], 0.5);
    expect(rec.warm?.cheapest.memoryMb).toBe(128);
    expect(rec.cold).toBeUndefined();
    expect(JSON.parse(JSON.stringify(rec))).toHaveProperty('basis');
  });

  it('rejects a weight outside 0..1', () => {
    expect(() => recommendMemory(sweep, 1.5)).toThrow(/balancedWeight/);
    expect(() => recommendMemory(sweep, Number.NaN)).toThrow(/balancedWeight/);
  });

  it('prints one line per pick', () => {
    const lines = formatRecommendation(recommendMemory(sweep, 0.5));
    expect(lines[0]).toContain('balancedWeight 0.5');
    expect(lines.filter((l) => l.includes('warm:'))).toHaveLength(3);
    expect(lines.find((l) => l.includes('cold: cheapest'))).toContain('512 MB');
  });
});
