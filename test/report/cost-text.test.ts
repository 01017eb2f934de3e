import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/cost/budget';
import { estimatePlan } from '../../src/cost/estimate';
import { runCostSection } from '../../src/cost/run-section';
import { SummaryAccumulator } from '../../src/measure/histograms';
import { findPattern } from '../../src/patterns/registry';
import type { Plan, PlannedPhase } from '../../src/plan/types';
import { formatBudgetRefusal, formatCostRange, formatDuration, formatEstimate, formatRunCost } from '../../src/report/cost-text';

function phase(index: number, name: string, pattern: string, options: unknown): PlannedPhase {
  const p = findPattern(pattern);
  if (!p) throw new Error(`no pattern ${pattern}`);
  return { name, index, pattern, schedule: p.create(p.options.parse(options)), forcesFreshEnvironments: p.forcesFreshEnvironments };
}

const phases = () => [phase(0, 'cold', 'cold', { count: 10 }), phase(1, 'warm', 'sequential', { count: 100 })];
const sweep: Plan = {
  name: 'sweep', file: '/tmp/sweep.yaml', source: {}, target: { kind: 'aws', function: 'hello' },
  architecture: 'x86_64', region: 'us-east-1', payloads: [], budget: {}, maxErrorRate: 0.01,
  retry: { attempts: 1, backoffMs: 100 }, storePayloads: false, ephemeralStorageMb: 512, balancedWeight: 0.5,
  settings: [{ memoryMb: 128, phases: phases() }, { memoryMb: 1024, phases: phases() }],
};

describe('formatEstimate', () => {
  it('prints per-phase lines, totals, wall time, the cost range and its assumption', () => {
    // cost range 0.000046062504125 to 0.002106504125 (test/cost/estimate-budget.test.ts works it out)
    const text = formatEstimate(estimatePlan(sweep));
    expect(text).toMatch(/128 MB\s+cold\s+cold\s+10\s+10/);
    expect(text).toMatch(/1024 MB\s+warm\s+sequential\s+100\s+0/);
    expect(text).toContain('Total invocations: 220 (20 forced cold starts)');
    expect(text).toContain('Expected wall time: ~1 min 28 s');
    expect(text).toContain('Estimated cost: $0.00004606 – $0.002107');
    expect(text).toContain('1 ms to 1000 ms billed per invocation');
    expect(formatCostRange(estimatePlan(sweep))).toBe('$0.00004606 to $0.002107');
  });

  it('formats durations plainly', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});

describe('formatBudgetRefusal', () => {
  const est = estimatePlan(sweep);

  it('names the invocation count and the limit', () => {
    const text = formatBudgetRefusal(checkBudget(est, { maxInvocations: 219 })!);
    expect(text).toBe('refused: the scenario makes 220 invocations, more than budget.maxInvocations (219); nothing was invoked');
  });

  it('names the cost, the assumption behind it and where the limit came from', () => {
    const fromScenario = formatBudgetRefusal(checkBudget(est, { maxCostUsd: 0.002 })!);
    expect(fromScenario).toBe('refused: the estimated cost may reach $0.002107 (220 invocations at up to 1000 ms billed each), more than budget.maxCostUsd ($0.002000); nothing was invoked');
    expect(formatBudgetRefusal(checkBudget(est, { maxCostUsd: 5 }, 0.001)!)).toContain('more than --max-cost ($0.001000)');
  });
});

describe('formatRunCost', () => {
  it('prints the monthly projection per memory and the pricing notes', () => {
    const plan: Plan = { ...sweep, projection: { monthlyInvocations: 1e6, freeTier: false } };
    const acc = new SummaryAccumulator();
    acc.add({
      run_id: 'r', scenario: 's', phase: 'warm', target: 'aws', function: 'f', qualifier: undefined, memory_mb: 128,
      architecture: 'x86_64', seq: 1, started_at: new Date(0), client_ms: 105, cold: false, init_ms: undefined,
      duration_ms: 99.7, billed_ms: 100, max_memory_mb: 40, status: 'ok', error_type: undefined, request_id: 'r1', cost_usd: 0.0000004,
      start_type: 'warm', restore_ms: undefined,
    });
    const lines = formatRunCost(runCostSection(plan, acc.groups(), { estimatedBilling: true }));
    expect(lines[0]).toBe('Cost partly estimated from client time (no REPORT line to bill from).');
    // 1e6 × 0.1 s × 0.125 GB = 12500 GB-s × 0.0000166667 = 0.20833375, + 0.2 for requests
    expect(lines).toContain('  128 MB at 100.0 ms billed mean: $0.4083 per month');
  });
});
