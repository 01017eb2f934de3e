import { describe, expect, it } from 'vitest';
import { EXACT_MAX_N, normalQuantile, quantileRankInterval } from '../../src/measure/confidence';
import { MicrosDistribution, SummaryAccumulator } from '../../src/measure/histograms';
import { summaryCells, summaryHeader, summaryRows } from '../../src/report/summary';
import { makeRow, rng } from '../report/rows';

/** Binomial CDF by plain summation with exact-ish pmf products (small n only). */
function cdf(n: number, p: number, k: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    let c = 1;
    for (let j = 1; j <= i; j++) c = (c * (n - i + j)) / j;
    sum += c * p ** i * (1 - p) ** (n - i);
  }
  return sum;
}

describe('quantileRankInterval (order statistics, binomial ranks)', () => {
  it('covers the quantile with at least 95 %, each tail at most 2.5 %, and is the narrowest such equal-tailed pair', () => {
    for (const p of [0.5, 0.9, 0.99]) {
      for (const n of [6, 10, 20, 36, 50, 100, 200, 368, 500]) {
        const r = quantileRankInterval(n, p);
        if (!r) continue;
        const lowTail = cdf(n, p, r.lowRank - 1);
        const highTail = 1 - cdf(n, p, r.highRank - 1);
        expect(lowTail, `n ${n} p ${p}`).toBeLessThanOrEqual(0.025 + 1e-12);
        expect(highTail, `n ${n} p ${p}`).toBeLessThanOrEqual(0.025 + 1e-12);
        // One rank further in breaks a tail: the interval is no wider than it must be.
        expect(cdf(n, p, r.lowRank)).toBeGreaterThan(0.025);
        expect(1 - cdf(n, p, r.highRank - 2)).toBeGreaterThan(0.025);
      }
    }
  });

  it('matches the published table for the median of 100 samples: ranks 40 and 61', () => {
    expect(quantileRankInterval(100, 0.5)).toEqual({ lowRank: 40, highRank: 61 });
  });

  it('has no interval where the rank needed falls outside 1..n: median < 6, p90 < 36, p99 < 368 samples', () => {
    expect(quantileRankInterval(5, 0.5)).toBeUndefined();
    expect(quantileRankInterval(6, 0.5)).toEqual({ lowRank: 1, highRank: 6 });
    expect(quantileRankInterval(35, 0.9)).toBeUndefined();
    expect(quantileRankInterval(36, 0.9)).toBeDefined();
    expect(quantileRankInterval(367, 0.99)).toBeUndefined();
    expect(quantileRankInterval(368, 0.99)).toBeDefined();
    expect(quantileRankInterval(0, 0.5)).toBeUndefined();
  });

  it('switches to the normal approximation above EXACT_MAX_N without a jump of more than one rank', () => {
    const exact = quantileRankInterval(EXACT_MAX_N, 0.99)!;
    const approx = quantileRankInterval(EXACT_MAX_N + 1, 0.99)!;
    expect(Math.abs(approx.lowRank - exact.lowRank)).toBeLessThanOrEqual(1);
    expect(Math.abs(approx.highRank - exact.highRank)).toBeLessThanOrEqual(2);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });
});

describe('percentile intervals read from the HDR histogram', () => {
  it('the value at a rank is the sorted sample at that rank within the histogram’s 0.1 %', () => {
    const r = rng(7);
    const values = Array.from({ length: 1000 }, () => Math.round(1000 + r() * 50_000));
    const d = new MicrosDistribution();
    for (const v of values) d.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const rank of [1, 2, 40, 500, 999, 1000]) {
      const got = d.valueAtRankUs(rank)!;
      expect(Math.abs(got - sorted[rank - 1]!) / sorted[rank - 1]!).toBeLessThanOrEqual(0.001);
    }
    const ci = d.percentileIntervalUs(50)!;
    const ranks = quantileRankInterval(1000, 0.5)!;
    expect(Math.abs(ci.lowUs - sorted[ranks.lowRank - 1]!) / sorted[ranks.lowRank - 1]!).toBeLessThanOrEqual(0.001);
    expect(Math.abs(ci.highUs - sorted[ranks.highRank - 1]!) / sorted[ranks.highRank - 1]!).toBeLessThanOrEqual(0.001);
    expect(ci.lowUs).toBeLessThanOrEqual(d.percentileUs(50)!);
    expect(ci.highUs).toBeGreaterThanOrEqual(d.percentileUs(50)!);
  });

  it('summary.csv carries the bounds after total_cost_usd, empty where the group is too small', () => {
    const acc = new SummaryAccumulator();
    const r = rng(3);
    for (let i = 0; i < 400; i++) acc.add(makeRow(i, r, { phases: ['p'], memories: [128] }));
    const header = summaryHeader();
    expect(header.slice(-7)).toEqual(['total_cost_usd', 'client_p50_low_ms', 'client_p50_high_ms', 'client_p90_low_ms', 'client_p90_high_ms', 'client_p99_low_ms', 'client_p99_high_ms']);
    const rows = summaryRows(acc);
    const col = (name: string): number => header.indexOf(name);
    for (const row of rows) {
      const cells = summaryCells(row);
      const n = row.count;
      const filled = (name: string): boolean => cells[col(name)] !== '';
      // Every row here has latencies for each attempt: n is the client sample count.
      expect(filled('client_p50_low_ms'), `${row.start_type} n=${n}`).toBe(n >= 6);
      expect(filled('client_p90_high_ms'), `${row.start_type} n=${n}`).toBe(n >= 36);
      expect(filled('client_p99_low_ms'), `${row.start_type} n=${n}`).toBe(n >= 368);
      if (n >= 6) {
        expect(Number(cells[col('client_p50_low_ms')])).toBeLessThanOrEqual(Number(cells[col('client_p50_ms')]));
        expect(Number(cells[col('client_p50_high_ms')])).toBeGreaterThanOrEqual(Number(cells[col('client_p50_ms')]));
      }
    }
    // The pool of 400 has a p99 interval; its cold group (about 40) has none.
    expect(rows.find((x) => x.start_type === 'all')!.client_p99_low_ms).toBeDefined();
    expect(rows.find((x) => x.start_type === 'cold')!.client_p99_low_ms).toBeUndefined();
  });
});
