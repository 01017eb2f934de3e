// The parts of report.html that are pure functions: the bounded samples the
// time chart draws, the recommendation read from run.json in today's shape
// and in a per-phase shape, and the confidence intervals read from a
// summary row when it has them.

import { describe, expect, it } from 'vitest';
import { idleGapCharts, idleGapPhases } from '../../src/report/html/idle-gaps';
import { intervalOf } from '../../src/report/html/intervals';
import { POINTS_PER_SERIES, ReportSamples } from '../../src/report/html/samples';
import { memoryChart } from '../../src/report/html/memory-chart';
import { readVerdict, recommendedFor } from '../../src/report/html/verdict-read';
import type { SummaryRow } from '../../src/report/summary';
import { logTicks, rangeTicks } from '../../src/report/svg';
import { makeRow, rng } from './rows';

describe('ReportSamples', () => {
  it('keeps every k-th row of a long series, k doubling, cold starts apart, the same for the same rows', () => {
    const build = (): ReportSamples => {
      const s = new ReportSamples();
      const r = rng(5);
      for (let i = 0; i < 20_000; i++) s.add(makeRow(i, r, { phases: ['warm'], memories: [128] }));
      return s;
    };
    const a = build();
    const [series] = a.timeSeries();
    expect(series.rows + series.coldRows).toBe(20_000);
    expect(series.points.length).toBeLessThanOrEqual(POINTS_PER_SERIES);
    expect(series.points.length).toBeGreaterThan(POINTS_PER_SERIES / 2);
    expect(series.stride).toBeGreaterThan(1);
    // Kept points are in time order, and cold starts only in the cold list.
    for (let i = 1; i < series.points.length; i++) expect(series.points[i].atMs).toBeGreaterThanOrEqual(series.points[i - 1].atMs);
    expect(series.points.every((p) => p.startType !== 'cold')).toBe(true);
    expect(series.coldPoints.every((p) => p.startType === 'cold' || p.startType === 'restore')).toBe(true);
    expect(series.first).toHaveLength(200);
    expect(JSON.stringify(build().timeSeries())).toBe(JSON.stringify(a.timeSeries()));
    // Failed rows are tallied by status and type.
    const failed = a.errorTallies().reduce((n, t) => n + t.count, 0);
    expect(failed).toBeGreaterThan(0);
  });

  it('keeps up to three distinct error messages per kind when the rows carry them', () => {
    const s = new ReportSamples();
    const r = rng(1);
    const base = makeRow(0, r);
    for (let i = 0; i < 10; i++) {
      s.add({ ...base, seq: i + 1, status: 'function_error', error_type: 'BenchError', error_message: `boom ${i % 4}` });
    }
    const [t] = s.errorTallies();
    expect(t.count).toBe(10);
    expect(t.messages).toEqual(['boom 0', 'boom 1', 'boom 2']);
  });
});

describe('readVerdict', () => {
  it('reads today\'s pooled warm and cold picks', () => {
    const v = readVerdict({
      balancedWeight: 0.5,
      basis: 'warm and cold judged separately',
      warm: { cheapest: { memoryMb: 128, p50Ms: 11, costPerInvocationUsd: 2e-7 }, fastest: { memoryMb: 512, p50Ms: 6.6, costPerInvocationUsd: 3e-7 }, balanced: { memoryMb: 512, p50Ms: 6.6, costPerInvocationUsd: 3e-7, score: 0.2 }, candidates: [128, 512] },
      excluded: [{ memoryMb: 1024, start: 'cold', reason: 'all 2 cold invocations failed' }],
    });
    expect(v?.entries).toHaveLength(1);
    expect(v?.entries[0]).toMatchObject({ phase: undefined, start: 'warm' });
    expect(v?.entries[0].picks.map((p) => [p.strategy, p.memoryMb])).toEqual([['cheapest', 128], ['fastest', 512], ['balanced', 512]]);
    expect(v?.notes).toContain('balancedWeight: 0.5');
    expect(v?.notes).toContain('left out: 1024 MB · cold · all 2 cold invocations failed');
    expect(recommendedFor(v, 'warm', 'warm')).toMatchObject({ pick: { memoryMb: 512 }, pooled: true });
    expect(recommendedFor(v, 'warm', 'cold')).toBeUndefined();
  });

  it('reads a per-phase recommendation with its confidence', () => {
    const v = readVerdict({
      phases: [
        { phase: 'warm', start: 'warm', confidence: 'high', cheapest: { memoryMb: 128 }, balanced: { memoryMb: 256, reason: 'faster beyond noise' } },
        { phase: 'cold', start: 'cold', confidence: 'low', cheapest: { memoryMb: 128 } },
      ],
    });
    expect(v?.entries.map((e) => [e.phase, e.start, e.notes.join()])).toEqual([['warm', 'warm', 'confidence: high'], ['cold', 'cold', 'confidence: low']]);
    expect(v?.entries[0].picks[1].notes).toEqual(['reason: faster beyond noise']);
    expect(recommendedFor(v, 'warm', 'warm')).toMatchObject({ pick: { memoryMb: 256 }, pooled: false });
    expect(recommendedFor(v, 'cold', 'cold')?.pick.memoryMb).toBe(128);
    expect(readVerdict(undefined)).toBeUndefined();
  });
});

function summaryRow(memory: number, p50: number, ci?: [number, number]): SummaryRow {
  const base = {
    run_id: 'r', scenario: 's', phase: 'warm', function: 'f', memory_mb: memory, architecture: 'x86_64', start_type: 'warm' as const,
    count: 40, errors: 0, client_p50_ms: p50, client_p90_ms: p50 * 2, client_p99_ms: p50 * 3, client_max_ms: p50 * 4, client_mean_ms: p50,
    init_p50_ms: undefined, init_p99_ms: undefined, duration_p50_ms: p50, duration_p99_ms: p50, billed_mean_ms: p50, max_memory_mb: 60,
    cost_per_invocation_usd: memory * 1e-9, cost_per_million_usd: memory * 1e-3, total_cost_usd: memory * 4e-8,
  };
  return (ci ? { ...base, client_p50_low_ms: ci[0], client_p50_high_ms: ci[1] } : base) as SummaryRow;
}

describe('intervals and the memory chart', () => {
  it('reads summary.csv\'s 95% interval columns when a row has them, and draws whiskers and the recommended outline', () => {
    const withCi = summaryRow(512, 10, [9, 11.5]);
    expect(intervalOf(withCi, 'p50')).toEqual({ low: 9, high: 11.5 });
    expect(intervalOf(summaryRow(128, 12), 'p50')).toBeUndefined();
    const html = memoryChart('warm', 'warm', [summaryRow(128, 12, [11, 13]), withCi], { pick: { strategy: 'balanced', memoryMb: 512, notes: [] }, pooled: false });
    expect(html.match(/class="mark ci"/g)).toHaveLength(2);
    expect(html.match(/class="mark cost"/g)).toHaveLength(2);
    expect(html).toContain('recommended (balanced)');
    expect(html).toContain('<td>9</td><td>11.5</td>');
    expect(html).toContain('<td>512 MB</td><td>40</td><td>10</td><td>9</td><td>11.5</td><td>30</td><td>0.512</td><td>yes</td>');
    const bare = memoryChart('warm', 'warm', [summaryRow(128, 12)], undefined);
    expect(bare).not.toContain('mark ci');
    expect(bare).toContain('No 95% interval');
  });
});

describe('axis ticks', () => {
  it('log ticks at 1, 2, 5 × 10^k bracket the data; range ticks start at or below the minimum', () => {
    expect(logTicks(3.2, 480).map((t) => t.label)).toEqual(['2', '5', '10', '20', '50', '100', '200', '500']);
    const r = rangeTicks(0.301, 4.283);
    expect(r[0].value).toBeLessThanOrEqual(0.301);
    expect(r[r.length - 1].value).toBeGreaterThanOrEqual(4.283);
    expect(r.map((t) => t.label)).toEqual(['0', '1', '2', '3', '4', '5']);
  });
});

describe('idle gaps', () => {
  it('names each gap as the scenario wrote it and says which came back cold, failed ones marked', () => {
    const phases = idleGapPhases({ phases: [{ name: 'first', pattern: 'sequential' }, { name: 'gaps', pattern: 'idle-gaps', gaps: ['10s', 60000] }] });
    expect([...phases]).toEqual([['gaps', ['10s', '60000 ms']]]);
    const s = new ReportSamples();
    const base = makeRow(0, rng(2), { phases: ['gaps'], memories: [256] });
    const t0 = Date.UTC(2026, 0, 1);
    const row = (i: number, at: number, start: 'cold' | 'warm', ok = true) => ({
      ...base, seq: i + 1, started_at: new Date(t0 + at), client_ms: 5, start_type: start, cold: start === 'cold',
      status: ok ? ('ok' as const) : ('function_error' as const), error_type: ok ? undefined : 'E',
    });
    s.add(row(0, 0, 'cold'));
    s.add(row(1, 10_005, 'warm'));
    s.add(row(2, 70_010, 'cold', false));
    const [html] = idleGapCharts(s.timeSeries(), phases);
    expect(html).toContain('gaps · which gaps came back cold');
    expect(html.match(/class="cell">([^<]*)</g)).toEqual(['class="cell">cold<', 'class="cell">warm<', 'class="cell">cold ✗<']);
    // The table: the gap as written, the idle time measured from the end of the one before.
    expect(html).toContain('<td>1</td><td>10s</td><td>10.000</td><td>warm</td><td>ok</td>');
    expect(html).toContain('<td>2</td><td>60000 ms</td><td>60.000</td><td>cold</td><td>failed</td>');
    expect(idleGapCharts(s.timeSeries(), idleGapPhases(undefined))).toEqual([]);
  });
});
