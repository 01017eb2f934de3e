import { describe, expect, it } from 'vitest';
import { invocationCostUsd } from '../../src/cost/model';
import { recommendMemory } from '../../src/cost/recommend';
import { memoryStatsFromGroups } from '../../src/cost/sweep-stats';
import { SummaryAccumulator } from '../../src/measure/histograms';
import type { InvocationRow } from '../../src/measure/row';

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

describe('memoryStatsFromGroups', () => {
  it('pools each start type over the phases of a memory setting', () => {
    const acc = new SummaryAccumulator();
    // 256 MB: warm 10 ms × 50 in phase "warm", 30 ms × 50 in phase "burst" → pooled p50 10, p99 30
    for (let i = 0; i < 50; i++) acc.add(row('warm', 256, false, 10, 10));
    for (let i = 0; i < 50; i++) acc.add(row('burst', 256, false, 30, 30));
    acc.add(row('cold', 256, true, 400, 300));
    acc.add(row('cold', 256, true, 600, 500, 'function_error'));
    for (let i = 0; i < 10; i++) acc.add(row('warm', 1024, false, 5, 5));
    acc.add(row('warm', undefined, false, 5, 5));

    const stats = memoryStatsFromGroups(acc.groups());
    expect(stats.map((s) => s.memoryMb)).toEqual([256, 1024]);
    const s256 = stats[0]!;
    expect(s256.warm?.count).toBe(100);
    expect(s256.warm?.p50Ms).toBeCloseTo(10, 1);
    expect(s256.warm?.p99Ms).toBeCloseTo(30, 1);
    // mean of 50 × cost(10 ms) and 50 × cost(30 ms) at 256 MB = cost(20 ms), the price being linear
    expect(s256.warm?.costPerInvocationUsd).toBeCloseTo(invocationCostUsd({ billedMs: 20, memoryMb: 256, architecture: 'x86_64', region: 'us-east-1' }), 14);
    expect(s256.cold).toMatchObject({ count: 2, errors: 1 });
    expect(stats[1]!.cold).toBeUndefined();

    const rec = recommendMemory(stats, 0.5);
    expect(rec.warm?.fastest.memoryMb).toBe(1024);
    expect(rec.cold?.candidates).toEqual([256]);
  });
});
