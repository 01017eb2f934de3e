import { describe, expect, it } from 'vitest';
import { findPattern } from '../../src/patterns/registry';
import { buildPlan } from '../../src/plan/build';
import { MAX_ROUNDS, MIN_WARM_SLICE, planSteps } from '../../src/plan/rounds';
import type { Scenario, ScenarioPhase } from '../../src/scenario/types';

function phase(index: number, name: string, pattern: string, options: Record<string, unknown>): ScenarioPhase {
  const p = findPattern(pattern)!;
  return { name, index, pattern: p, options: p.options.parse(options) } as unknown as ScenarioPhase;
}

function scenario(memory: number[] | null, order: 'interleaved' | 'sequential', phases: ScenarioPhase[]): Scenario {
  return {
    name: 's', file: '/tmp/s.yaml', source: {}, target: { kind: 'local', code: '/tmp' } as unknown as Scenario['target'], architecture: 'x86_64',
    region: 'us-east-1', memory, order, phases, payloads: [], budget: {}, maxErrorRate: 0, retry: { attempts: 1, backoffMs: 1 },
    storePayloads: false, ephemeralStorageMb: 512, balancedWeight: 0.5,
  };
}

const describeSteps = (s: Scenario): string[] =>
  planSteps(buildPlan(s)).map((st) => `${st.phase.name}@${st.memoryMb}:${st.round}/${st.rounds}x${st.phase.schedule.invocations}`);

describe('planSteps', () => {
  it('interleaves a count phase in rounds, rotating the settings each round; every invocation kept', () => {
    const s = scenario([128, 512, 1024], 'interleaved', [phase(0, 'warm', 'sequential', { count: 32 })]);
    // 32 warm invocations: 3 rounds (slices of at least 10, each after a memory change begins cold), 11, 11, 10.
    expect(describeSteps(s)).toEqual([
      'warm@128:1/3x11', 'warm@512:1/3x11', 'warm@1024:1/3x11',
      'warm@512:2/3x11', 'warm@1024:2/3x11', 'warm@128:2/3x11',
      'warm@1024:3/3x10', 'warm@128:3/3x10', 'warm@512:3/3x10',
    ]);
    const plan = buildPlan(s);
    const total = planSteps(plan).reduce((n, st) => n + st.phase.schedule.invocations, 0);
    expect(total).toBe(plan.settings.reduce((n, set) => n + set.phases.reduce((m, p) => m + p.schedule.invocations, 0), 0));
    // Never more than MAX_ROUNDS; a warm phase under 2 × MIN_WARM_SLICE is one round; forced cold phases slice to single invocations.
    expect(planSteps(buildPlan(scenario([128, 256], 'interleaved', [phase(0, 'w', 'sequential', { count: 500 })]))).length).toBe(2 * MAX_ROUNDS);
    expect(describeSteps(scenario([128, 256], 'interleaved', [phase(0, 'w', 'concurrent', { count: 19, concurrency: 2 })]))).toEqual(['w@128:1/1x19', 'w@256:1/1x19']);
    expect(planSteps(buildPlan(scenario([128, 256], 'interleaved', [phase(0, 'c', 'cold', { count: 3 })]))).map((x) => x.phase.schedule.invocations)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(MIN_WARM_SLICE).toBe(10);
  });

  it('keeps a timed phase whole, phases in order, each at every setting before the next starts', () => {
    const s = scenario([128, 256], 'interleaved', [
      phase(0, 'cold', 'cold', { count: 2 }),
      phase(1, 'gaps', 'idle-gaps', { gaps: ['1s', '2s'] }),
    ]);
    expect(describeSteps(s)).toEqual(['cold@128:1/2x1', 'cold@256:1/2x1', 'cold@256:2/2x1', 'cold@128:2/2x1', 'gaps@128:1/1x3', 'gaps@256:1/1x3']);
  });

  it('order: sequential, or a single setting, runs every phase at one setting before the next', () => {
    const phases = [phase(0, 'a', 'sequential', { count: 10 }), phase(1, 'b', 'concurrent', { count: 4, concurrency: 2 })];
    expect(describeSteps(scenario([128, 256], 'sequential', phases))).toEqual(['a@128:1/1x10', 'b@128:1/1x4', 'a@256:1/1x10', 'b@256:1/1x4']);
    expect(describeSteps(scenario(null, 'interleaved', phases))).toEqual(['a@null:1/1x10', 'b@null:1/1x4']);
  });
});
