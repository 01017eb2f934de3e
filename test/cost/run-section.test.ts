import { describe, expect, it } from 'vitest';
import { invocationCostUsd } from '../../src/cost/model';
import { runCostSection } from '../../src/cost/run-section';
import { SummaryAccumulator } from '../../src/measure/histograms';
import type { InvocationRow } from '../../src/measure/row';
import type { Plan } from '../../src/plan/types';

const plan: Plan = {
  name: 's', file: '/tmp/s.yaml', source: {}, target: { kind: 'aws', function: 'f' },
  architecture: 'x86_64', region: 'us-east-1', settings: [], payloads: [], budget: {}, maxErrorRate: 0,
  retry: { attempts: 1, backoffMs: 0 }, storePayloads: false, ephemeralStorageMb: 512,
  projection: { monthlyInvocations: 1e6, freeTier: false }, balancedWeight: 0.5,
};

let seq = 0;
function row(phase: string, memoryMb: number, billedMs: number, cold: boolean): InvocationRow {
  return {
    run_id: 'r', scenario: 's', phase, target: 'aws', function: 'f', qualifier: undefined, memory_mb: memoryMb,
    architecture: 'x86_64', seq: ++seq, started_at: new Date(0), client_ms: billedMs + 5, cold,
    init_ms: cold ? 50 : undefined, duration_ms: billedMs - 0.3, billed_ms: billedMs, max_memory_mb: 40,
    status: 'ok', error_type: undefined, request_id: `r${seq}`,
    cost_usd: invocationCostUsd({ billedMs, memoryMb, architecture: 'x86_64', region: 'us-east-1' }),
    start_type: cold ? 'cold' : 'warm', restore_ms: undefined,
  };
}

describe('runCostSection', () => {
  it('totals each invocation once and projects a month per memory from the measured mean billed duration', () => {
    const acc = new SummaryAccumulator();
    acc.add(row('cold', 128, 150, true));
    acc.add(row('warm', 128, 50, false));
    acc.add(row('warm', 1024, 10, false));
    acc.add(row('warm', 1024, 10, false));
    const section = runCostSection(plan, acc.groups(), { estimatedBilling: false });
    // 128 MB: 0.15 × 0.125 × 0.0000166667 + 0.0000002 = 0.000000512500625; 0.05 s → 0.000000304166875
    // 1024 MB: 2 × (0.01 × 1 × 0.0000166667 + 0.0000002) = 0.000000733334 → total 0.0000015500015
    expect(section.invocationsPriced).toBe(4);
    expect(section.totalUsd).toBeCloseTo(0.0000015500015, 15);
    expect(section.costPerMillionUsd).toBeCloseTo(0.387500375, 9);
    // 128 MB mean billed 100 ms: 1e6 × 0.1 s × 0.125 GB = 12500 GB-s × 0.0000166667 = 0.20833375; + 0.2 requests
    const p128 = section.projection!.settings[0]!;
    expect(p128.memoryMb).toBe(128);
    expect(p128.billedMeanMs).toBeCloseTo(100, 9);
    expect(p128.month.totalUsd).toBeCloseTo(0.40833375, 10);
    expect(section.billing).toContain('never added');
    expect(section.estimated).toBe(false);
  });

  it('says when billing was estimated from client time', () => {
    const section = runCostSection({ ...plan, projection: undefined }, new SummaryAccumulator().groups(), { estimatedBilling: true });
    expect(section.billing).toContain('rounded up to the millisecond');
    expect(section.costPerInvocationUsd).toBeNull();
    expect(section.projection).toBeUndefined();
  });
});
