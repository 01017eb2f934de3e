import { describe, expect, it } from 'vitest';
import { medianDifference } from '../../src/measure/median-diff';
import { rng } from '../report/rows';

const sample = (n: number, seed: number, shift = 0): number[] => {
  const r = rng(seed);
  // Skewed like latency: a floor plus an exponential tail.
  return Array.from({ length: n }, () => 10 + shift - 3 * Math.log(1 - r()));
};

describe('medianDifference (bootstrap, fixed seed)', () => {
  it('gives the same interval for the same data every time', () => {
    const a = sample(200, 1);
    const b = sample(200, 2);
    expect(medianDifference(a, b)).toEqual(medianDifference([...a].reverse(), b));
  });

  it('brackets the difference of the nearest-rank medians and finds a real shift', () => {
    const d = medianDifference(sample(300, 3), sample(300, 4, 2))!;
    expect(d.low).toBeLessThanOrEqual(d.diff);
    expect(d.high).toBeGreaterThanOrEqual(d.diff);
    expect(d.significant).toBe(true);
    expect(d.low).toBeGreaterThan(0.8);
    expect(d.high).toBeLessThan(3.2);
  });

  it('is wrong about samples of one distribution about 5% of the time, not more', () => {
    let significant = 0;
    for (let i = 0; i < 200; i++) if (medianDifference(sample(60, 1000 + i), sample(60, 5000 + i))!.significant) significant++;
    expect(significant).toBeLessThanOrEqual(20);
  });

  it('has no interval under 6 samples on a side', () => {
    expect(medianDifference([1, 2, 3, 4, 5], sample(50, 1))).toBeUndefined();
    expect(medianDifference(sample(6, 1), sample(6, 2))).toBeDefined();
  });
});
