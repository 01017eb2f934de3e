import { describe, expect, it } from 'vitest';
import { invocationCostUsd } from '../../src/cost/model';
import { recommendMemory } from '../../src/cost/recommend';
import { missingSettings, phaseStatsFromGroups } from '../../src/cost/sweep-stats';
import { SummaryAccumulator } from '../../src/measure/histograms';
import type { InvocationRow } from '../../src/measure/row';
import { summaryRows } from '../../src/report/summary';

let seq = 0;
function row(phase: string, memoryMb: number | undefined, cold: boolean, clientMs: number, billedMs: number, status: InvocationRow['status'] = 'ok'): InvocationRow {
  return {
    run_id: 'r', scenario: 's', phase, target: 'local', function: 'f', qualifier: undefined,
    memory_mb: memoryMb, architecture: 'x86_64', seq: ++seq, started_at: new Date(0), client_ms: clientMs,
    cold, init_ms: cold ? 100 : undefined, duration_ms: billedMs - 0.5, billed_ms: billedMs, max_memory_mb: 50,
    status, error_type: undefined, request_id: `id${seq}`,
    cost_usd: invocationCostUsd({ billedMs, memoryMb: memoryMb ?? 128, architecture: 'x86_64', region: 'us-east-1' }),
    start_type: cold ? 'cold' : 'warm', restore_ms: undefined,
  };
}

describe('phaseStatsFromGroups', () => {
  it('keeps each phase apart, with the median interval summary.csv has', () => {
    const acc = new SummaryAccumulator();
    for (let i = 0; i < 50; i++) acc.add(row('warm', 256, false, 10 + (i % 5), 10));
    for (let i = 0; i < 50; i++) acc.add(row('burst', 256, false, 30, 30));
    acc.add(row('cold', 256, true, 400, 300));
    acc.add(row('cold', 256, true, 600, 500, 'function_error'));
    for (let i = 0; i < 10; i++) acc.add(row('warm', 1024, false, 5, 5));
    acc.add(row('warm', undefined, false, 5, 5));

    const stats = phaseStatsFromGroups(acc.groups());
    expect(stats.map((s) => s.phase)).toEqual(['warm', 'burst', 'cold']);
    const warm = stats[0]!;
    expect(warm.memories.map((m) => m.memoryMb)).toEqual([256, 1024]);
    expect(warm.memories[0]!.warm?.count).toBe(50);
    expect(warm.memories[0]!.warm?.p50Ms).toBeCloseTo(12, 1);
    const summary = summaryRows(acc).find((r) => r.phase === 'warm' && r.memory_mb === 256 && r.start_type === 'warm')!;
    expect(warm.memories[0]!.warm?.p50LowMs).toBe(summary.client_p50_low_ms);
    expect(warm.memories[0]!.warm?.p50HighMs).toBe(summary.client_p50_high_ms);
    expect(stats[1]!.memories[0]!.warm?.p50Ms).toBeCloseTo(30, 1);
    expect(stats[2]!.memories[0]!.cold).toMatchObject({ count: 2, errors: 1, p50LowMs: undefined });

    const rec = recommendMemory(stats, 0.5, missingSettings(['warm', 'burst', 'cold'], [256, 1024], stats));
    expect(rec.phases[0]!.warm?.fastest.memoryMb).toBe(1024);
    expect(rec.excluded.map((e) => `${e.phase} ${e.memoryMb}`)).toEqual(['burst 1024', 'cold 1024']);
  });
});
