import { describe, expect, it } from 'vitest';
import { MicrosDistribution, SummaryAccumulator } from '../../src/measure/histograms';
import { coldOf, type InvocationRow, type StartType } from '../../src/measure/row';
import { makeRow, rng } from '../report/rows';

function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

describe('MicrosDistribution', () => {
  it('gives nearest-rank percentiles within 0.1 % over six decades, never above the max', () => {
    const r = rng(3);
    const d = new MicrosDistribution();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const us = Math.round(10 ** (r() * 6)) + 1; // 2 µs .. 1 s
      values.push(us);
      d.record(us);
    }
    values.sort((a, b) => a - b);
    for (const p of [0.1, 1, 10, 50, 90, 99, 99.9, 99.99, 100]) {
      const exact = nearestRank(values, p);
      const got = d.percentileUs(p) ?? Number.NaN;
      expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * 0.001 + 1);
      expect(got).toBeLessThanOrEqual(values[values.length - 1]);
    }
    expect(d.maxUs).toBe(values[values.length - 1]);
    expect(d.sumUs).toBe(values.reduce((a, b) => a + b, 0));
    // Memory depends on the range of values, not their number.
    expect(d.histogram.estimatedFootprintInBytes).toBeLessThan(256 * 1024);
  });

  it('has no percentile when empty, and a single value is its own every percentile', () => {
    const d = new MicrosDistribution();
    expect(d.percentileUs(50)).toBeUndefined();
    d.record(123_456);
    for (const p of [0, 50, 99, 100]) expect(Math.abs((d.percentileUs(p) ?? 0) - 123_456)).toBeLessThanOrEqual(124);
    expect(d.percentileUs(99)).toBeLessThanOrEqual(123_456);
  });
});

describe('SummaryAccumulator', () => {
  it('keeps phase × memory × start type apart, in order of first appearance, cold/restore/warm/unknown/all', () => {
    const acc = new SummaryAccumulator();
    const base = makeRow(0, rng(1));
    const row = (phase: string, memory: number | undefined, type: StartType, status: InvocationRow['status'] = 'ok'): InvocationRow => ({
      ...base, phase, memory_mb: memory, cold: coldOf(type), start_type: type, status,
      init_ms: type === 'cold' ? 200 : undefined, restore_ms: type === 'restore' ? 150 : undefined,
    });
    acc.add(row('b', 256, 'warm'));
    acc.add(row('a', 128, 'cold'));
    acc.add(row('b', 256, 'restore'));
    acc.add(row('b', 256, 'cold'));
    acc.add(row('b', undefined, 'unknown', 'throttled'));
    acc.add(row('a', 128, 'warm', 'timeout'));
    const keys = acc.groups().map((g) => `${g.phase}/${g.memoryMb ?? '-'}/${g.startType}:${g.count}:${g.errors}`);
    expect(keys).toEqual([
      'b/256/cold:1:0', 'b/256/restore:1:0', 'b/256/warm:1:0', 'b/256/all:3:0',
      'a/128/cold:1:0', 'a/128/warm:1:1', 'a/128/all:2:1',
      'b/-/unknown:1:1', 'b/-/all:1:1',
    ]);
    const warm = acc.groups().find((g) => g.phase === 'a' && g.startType === 'warm');
    expect(warm?.init).toBeUndefined();
    const restore = acc.groups().find((g) => g.startType === 'restore');
    expect(restore?.restore?.percentileUs(50)).toBeCloseTo(150_000, -3);
    expect(restore?.init).toBeUndefined();
    const totals = acc.totals();
    expect(totals).toMatchObject({ invocations: 6, cold: 2, restore: 1, warm: 2, unknown: 1, errors: 2 });
    expect(totals.byStatus).toEqual({ ok: 4, function_error: 0, throttled: 1, timeout: 1, error: 0 });
  });

  it('ignores values that are not finite rather than poisoning a histogram', () => {
    const acc = new SummaryAccumulator();
    const base = makeRow(0, rng(1));
    acc.add({ ...base, client_ms: Number.NaN, cost_usd: Number.POSITIVE_INFINITY, cold: false, start_type: 'warm' });
    acc.add({ ...base, client_ms: 5, cold: false, start_type: 'warm', cost_usd: 0.001 });
    const all = acc.groups().find((g) => g.startType === 'all');
    expect(all?.count).toBe(2);
    expect(all?.client.count).toBe(1);
    expect(all?.costCount).toBe(1);
    expect(acc.totals().costUsd).toBe(0.001);
  });
});
