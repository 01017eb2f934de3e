import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/cost/budget';
import { parseMaxCost } from '../../src/cli/commands/run';
import { estimatePlan } from '../../src/cost/estimate';
import { UsageError } from '../../src/cli/errors';
import { findPattern } from '../../src/patterns/registry';
import type { Plan, PlannedPhase } from '../../src/plan/types';

function phase(index: number, name: string, pattern: string, options: unknown): PlannedPhase {
  const p = findPattern(pattern);
  if (!p) throw new Error(`no pattern ${pattern}`);
  return { name, index, pattern, forcesFreshEnvironments: p.forcesFreshEnvironments, schedule: p.create(p.options.parse(options)) };
}

function plan(over: Partial<Plan> & Pick<Plan, 'settings'>): Plan {
  return {
    name: 'sweep',
    file: '/tmp/sweep.yaml',
    source: {},
    target: { kind: 'aws', function: 'hello' },
    architecture: 'x86_64',
    region: 'us-east-1',
    payloads: [],
    budget: {},
    maxErrorRate: 0.01,
    retry: { attempts: 1, backoffMs: 100 },
    storePayloads: false,
    ephemeralStorageMb: 512,
    balancedWeight: 0.5,
    ...over,
  };
}

const phases = () => [phase(0, 'cold', 'cold', { count: 10 }), phase(1, 'warm', 'sequential', { count: 100 })];
const sweep = plan({ settings: [{ memoryMb: 128, phases: phases() }, { memoryMb: 1024, phases: phases() }] });

describe('estimatePlan', () => {
  it('counts invocations per phase and in total, across memory settings', () => {
    const est = estimatePlan(sweep);
    expect(est.settings.map((s) => s.invocations)).toEqual([110, 110]);
    expect(est.settings[0]!.phases.map((p) => [p.name, p.invocations, p.forcedColdStarts])).toEqual([['cold', 10, 10], ['warm', 100, 0]]);
    expect(est.totalInvocations).toBe(220);
    expect(est.totalForcedColdStarts).toBe(20);
  });

  it('counts an open-model phase as rate × duration', () => {
    const est = estimatePlan(plan({ settings: [{ memoryMb: null, phases: [phase(0, 'steady', 'rate', { rate: 50, duration: '30s' })] }] }));
    expect(est.totalInvocations).toBe(1500);
  });

  it('expects wall time from the schedules, plus forcing and memory-change overheads', () => {
    // aws defaults: 100 ms per invocation, 3000 ms per forced cold start and per memory change.
    // per setting: cold 10 × 100 + 10 × 3000 = 31000; warm 100 × 100 = 10000; + 3000 = 44000
    const est = estimatePlan(sweep);
    expect(est.settings[0]!.phases[0]!.wallMs).toBe(31000);
    expect(est.settings[0]!.wallMs).toBe(44000);
    expect(est.wallMs).toBe(88000);
    const faster = estimatePlan(sweep, { latencyMs: 10, coldForcingMs: 0, memoryChangeMs: 0 });
    expect(faster.wallMs).toBe(2200);
  });

  it('gives a cost range from 1 ms to 1000 ms billed at each memory setting', () => {
    // low: 110 × (0.001 × 0.125 × 0.0000166667 + 0.0000002) = 0.000022229167125
    //    + 110 × (0.001 × 1 × 0.0000166667 + 0.0000002)     = 0.0000238333337 → 0.000046062504125
    // high: 110 × (1 × 0.125 × 0.0000166667 + 0.0000002)   = 0.000251167125
    //    + 110 × (1 × 1 × 0.0000166667 + 0.0000002)         = 0.001855337     → 0.002106504125
    const est = estimatePlan(sweep);
    expect(est.costUsd.low).toBeCloseTo(0.000046062504125, 15);
    expect(est.costUsd.high).toBeCloseTo(0.002106504125, 13);
    expect(est.assumptions.join('\n')).toMatch(/1 ms to 1000 ms billed/);
  });

  it('states the memory it assumed when the plan leaves memory as it is', () => {
    const est = estimatePlan(plan({ settings: [{ memoryMb: null, phases: [phase(0, 'warm', 'sequential', { count: 10 })] }] }));
    // low 10 × (0.001 × 0.125 × 0.0000166667 + 0.0000002) = 0.000002020833375
    // high 10 × (1 × 10 × 0.0000166667 + 0.0000002) = 0.00166867
    expect(est.costUsd.low).toBeCloseTo(0.000002020833375, 16);
    expect(est.costUsd.high).toBeCloseTo(0.00166867, 13);
    expect(est.assumptions.join('\n')).toContain('128 MB for the low end, 10240 MB for the high end');
  });
});

describe('checkBudget', () => {
  const est = estimatePlan(sweep);

  it('lets a run within budget go ahead', () => {
    expect(checkBudget(est, {})).toBeUndefined();
    expect(checkBudget(est, { maxInvocations: 220, maxCostUsd: 0.01 })).toBeUndefined();
    expect(checkBudget(est, {}, 0.01)).toBeUndefined();
  });

  it('refuses more invocations than budget.maxInvocations', () => {
    expect(checkBudget(est, { maxInvocations: 219 })).toEqual({ kind: 'invocations', invocations: 220, maxInvocations: 219 });
  });

  it('refuses when the high end of the cost range passes budget.maxCostUsd or --max-cost', () => {
    const fromScenario = checkBudget(est, { maxCostUsd: 0.002 });
    expect(fromScenario).toMatchObject({ kind: 'cost', invocations: 220, billedMs: 1000, limitUsd: 0.002, limitFrom: 'scenario' });
    expect(fromScenario?.kind === 'cost' ? fromScenario.costUsd : 0).toBeCloseTo(0.002106504125, 13);
    // the scenario's limit holds, the flag's does not
    expect(checkBudget(est, { maxCostUsd: 5 }, 0.001)).toMatchObject({ kind: 'cost', limitUsd: 0.001, limitFrom: 'flag' });
  });

  it('parses --max-cost, rejecting anything that is not an amount with exit 2', () => {
    expect(parseMaxCost('0.50')).toBe(0.5);
    expect(parseMaxCost('$2')).toBe(2);
    for (const bad of ['abc', '-1', '', '1e3']) {
      let err: unknown;
      try { parseMaxCost(bad); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
    }
  });
});
