import { describe, expect, it } from 'vitest';
import { recommendMemory, significantlyFaster, type PhaseStats, type SettingStats } from '../../src/cost/recommend';
import { formatRecommendation } from '../../src/report/cost-text';

/** A setting with its median's 95 % interval ± half (undefined: too few samples). */
function s(p50Ms: number, half: number | undefined, costPerInvocationUsd: number, count = 100): SettingStats {
  return {
    count, errors: 0, p50Ms,
    p50LowMs: half === undefined ? undefined : p50Ms - half,
    p50HighMs: half === undefined ? undefined : p50Ms + half,
    p99Ms: p50Ms * 2, costPerInvocationUsd,
  };
}

// Warm: 128 slow and cheapest, 512 and 1024 each significantly faster. Cold: 512 cheapest (short init), 1024 fastest.
const cpuBound: PhaseStats[] = [{
  phase: 'steady',
  memories: [
    { memoryMb: 128, warm: s(100, 2, 1e-6), cold: s(900, 50, 5e-6) },
    { memoryMb: 512, warm: s(30, 1, 1.2e-6), cold: s(300, 20, 4e-6) },
    { memoryMb: 1024, warm: s(20, 1, 2e-6), cold: s(250, 10, 6e-6) },
  ],
}];

describe('recommendMemory', () => {
  it('picks the cheapest and the significantly fastest per phase and start type, cold judged apart from warm', () => {
    const rec = recommendMemory(cpuBound, 0.5);
    const ph = rec.phases[0]!;
    expect(ph.phase).toBe('steady');
    expect(ph.warm?.cheapest.memoryMb).toBe(128);
    expect(ph.warm?.fastest.memoryMb).toBe(1024);
    expect(ph.warm?.sureness).toBe('significant');
    expect(ph.cold?.cheapest.memoryMb).toBe(512);
    expect(ph.cold?.fastest.memoryMb).toBe(1024);
    expect(ph.warm?.fastest.p50LowMs).toBe(19);
  });

  it('a difference inside the noise is no reason to pay more: overlapping intervals keep the cheapest, with two settings too', () => {
    // The case: 23.1 ms vs 23.5 ms at 2.3× the cost.
    const rec = recommendMemory([{ phase: 'warm', memories: [
      { memoryMb: 128, warm: s(23.5, 0.6, 1e-6) },
      { memoryMb: 1024, warm: s(23.1, 0.6, 2.3e-6) },
    ] }], 0.5);
    const w = rec.phases[0]!.warm!;
    expect([w.cheapest.memoryMb, w.fastest.memoryMb, w.balanced.memoryMb]).toEqual([128, 128, 128]);
    expect(w.sureness).toBe('no-difference');
    expect(w.tiedWithFastest).toEqual([128, 1024]);
    expect(w.note).toMatch(/No setting is significantly faster than 128 MB/);
    // Even weight 1 (speed only) does not move on noise.
    expect(recommendMemory([{ phase: 'warm', memories: [{ memoryMb: 128, warm: s(23.5, 0.6, 1e-6) }, { memoryMb: 1024, warm: s(23.1, 0.6, 2.3e-6) }] }], 1).phases[0]!.warm!.balanced.memoryMb).toBe(128);
  });

  it('moves the balanced choice from cheapest towards fastest as the weight goes 0 → 1', () => {
    expect(recommendMemory(cpuBound, 0).phases[0]!.warm!.balanced.memoryMb).toBe(128);
    // w = 0.5: scores √(5·1) = 2.24, √(1.5·1.2) = 1.34, √(1·2) = 1.41 → 512
    expect(recommendMemory(cpuBound, 0.5).phases[0]!.warm!.balanced.memoryMb).toBe(512);
    expect(recommendMemory(cpuBound, 1).phases[0]!.warm!.balanced.memoryMb).toBe(1024);
  });

  it('judges each phase on its own, never pooled', () => {
    const rec = recommendMemory([
      ...cpuBound,
      { phase: 'io', memories: [{ memoryMb: 128, warm: s(50, 5, 1e-6) }, { memoryMb: 512, warm: s(49, 5, 4e-6) }, { memoryMb: 1024, warm: s(48, 5, 8e-6) }] },
    ], 0.5);
    expect(rec.phases.map((p) => [p.phase, p.warm!.fastest.memoryMb])).toEqual([['steady', 1024], ['io', 128]]);
  });

  it('a setting with too few samples for an interval cannot count as faster, and the note says so', () => {
    const rec = recommendMemory([{ phase: 'cold', memories: [
      { memoryMb: 128, cold: s(900, undefined, 1e-6, 3) },
      { memoryMb: 1024, cold: s(200, undefined, 2e-6, 3) },
    ] }], 0.5);
    const c = rec.phases[0]!.cold!;
    expect(c.fastest.memoryMb).toBe(128);
    expect(c.sureness).toBe('too-few-samples');
    expect(c.note).toMatch(/too few samples/);
  });

  it('a dearer setting must beat the pick so far, not just the cheapest: 512 within noise of 256 is not taken', () => {
    const rec = recommendMemory([{ phase: 'p', memories: [
      { memoryMb: 128, warm: s(100, 2, 1e-6) },
      { memoryMb: 256, warm: s(50, 2, 1.1e-6) },
      { memoryMb: 512, warm: s(49, 2, 2e-6) },
    ] }], 1);
    expect(rec.phases[0]!.warm!.fastest.memoryMb).toBe(256);
    expect(rec.phases[0]!.warm!.note).toMatch(/128 MB → 256 MB/);
  });

  it('leaves out a setting whose every invocation of a start type failed, and says so', () => {
    const rec = recommendMemory([{ phase: 'p', memories: [
      { memoryMb: 128, warm: { ...s(10, 1, 1e-6), errors: 100 } },
      { memoryMb: 256, warm: s(10, 1, 2e-6) },
    ] }], 0.5);
    expect(rec.excluded).toEqual([{ phase: 'p', memoryMb: 128, start: 'warm', reason: 'all 100 warm invocations failed' }]);
    expect(rec.phases[0]!.warm!.candidates.map((c) => c.memoryMb)).toEqual([256]);
  });

  it('a cheapest setting that is also significantly the fastest is every pick, and sure', () => {
    const w = recommendMemory([{ phase: 'p', memories: [
      { memoryMb: 128, warm: s(100, 2, 2e-6) },
      { memoryMb: 1024, warm: s(10, 1, 1e-6) },
    ] }], 0.5).phases[0]!.warm!;
    expect([w.cheapest.memoryMb, w.fastest.memoryMb, w.balanced.memoryMb]).toEqual([1024, 1024, 1024]);
    expect(w.sureness).toBe('significant');
    expect(w.note).toMatch(/1024 MB, the cheapest, is also significantly faster than 128 MB/);
  });

  it('rejects a weight outside 0..1', () => {
    expect(() => recommendMemory(cpuBound, 1.5)).toThrow(RangeError);
  });

  it('significance is non-overlap of both intervals', () => {
    expect(significantlyFaster({ low: 1, high: 2 }, { low: 2.5, high: 3 })).toBe(true);
    expect(significantlyFaster({ low: 1, high: 2.5 }, { low: 2.5, high: 3 })).toBe(false);
    expect(significantlyFaster({ low: undefined, high: undefined }, { low: 5, high: 6 })).toBe(false);
  });

  it('prints per phase and start type the three picks with their intervals and how sure', () => {
    const lines = formatRecommendation(recommendMemory(cpuBound, 0.5));
    expect(lines[0]).toMatch(/95% intervals of the medians/);
    expect(lines).toContain('  steady · warm (significant):');
    expect(lines.some((l) => /fastest {2}1024 MB {2}p50 20\.0 ms \[19\.0–21\.0\], n 100/.test(l))).toBe(true);
    expect(lines.some((l) => /128 MB → 512 MB → 1024 MB/.test(l))).toBe(true);
  });
});
