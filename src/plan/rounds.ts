// The order a plan runs in. A memory sweep runs its settings interleaved in
// rounds by default, so that drift of the machine or of the cloud during the
// run (a noisy neighbour, a warming cache, a throttled CPU) falls on every
// setting alike instead of on whichever ran last.
//
// What a round is:
// - Phases keep the scenario's order: phase 1 runs at every setting before
//   phase 2 starts at any, so a phase is never compared across settings that
//   ran it at different stages of the run.
// - A phase counted in invocations alone (cold, sequential, concurrent: its
//   `count`) is cut into up to MAX_ROUNDS slices of nearly equal count; round
//   r runs slice r at every setting, the settings' order rotated by one each
//   round so that none always goes first after a memory change. A phase that
//   does not force cold starts keeps at least MIN_WARM_SLICE invocations per
//   slice, since each slice after a memory change begins with a cold start
//   (a `count: 20` warm phase runs in 2 rounds, not 5, and loses 2 warm
//   samples per setting, not 5); a forced cold phase loses nothing, so its
//   slices may be single invocations.
// - A phase whose meaning depends on time (rate, ramp, idle-gaps, load) is
//   one round: a rate or ramp cut in pieces is not the same load, and an idle
//   gap cut short is not the same gap. Such a phase still runs at every
//   setting before the next phase starts.
// A memory change replaces the function's execution environments (on AWS, as
// in the local service), so each round of a warm phase starts with one cold
// start per setting: those rows are `cold` and are judged with the cold
// starts, apart from the warm ones.
//
// `order: sequential` (or a single setting) runs as before: every phase at
// the first setting, then every phase at the next.

import type { Plan, PlannedPhase, SweepOrder } from './types';

/** Rounds a count-based phase is cut into, at most: few enough that memory changes stay cheap. */
export const MAX_ROUNDS = 5;

/** Fewest invocations in a slice of a phase that does not force cold starts. */
export const MIN_WARM_SLICE = 10;

/** Rounds a phase is cut into: 1 unless it is counted in invocations alone. */
export function roundsOf(phase: PlannedPhase): number {
  if (!phase.slices) return 1;
  const count = phase.slices.count;
  return phase.forcesFreshEnvironments ? Math.min(count, MAX_ROUNDS) : Math.max(1, Math.min(MAX_ROUNDS, Math.floor(count / MIN_WARM_SLICE)));
}

export const DEFAULT_ORDER: SweepOrder = 'interleaved';

/** One stretch of the run: a phase (or a slice of it) at one memory setting. */
export interface PlanStep {
  readonly memoryMb: number | null;
  /** The phase, its schedule the slice this step runs. */
  readonly phase: PlannedPhase;
  /** 1-based round of this phase, and how many rounds the phase has. */
  readonly round: number;
  readonly rounds: number;
}

export function planOrder(plan: Pick<Plan, 'order'>): SweepOrder {
  return plan.order ?? DEFAULT_ORDER;
}

/** Every step of the plan in the order it runs. The steps' invocations add up to the plan's. */
export function planSteps(plan: Pick<Plan, 'settings' | 'order'>): PlanStep[] {
  const settings = plan.settings;
  if (planOrder(plan) === 'sequential' || settings.length < 2) {
    return settings.flatMap((s) => s.phases.map((phase) => ({ memoryMb: s.memoryMb, phase, round: 1, rounds: 1 })));
  }
  const steps: PlanStep[] = [];
  const phaseCount = Math.max(...settings.map((s) => s.phases.length));
  for (let i = 0; i < phaseCount; i++) {
    const atSetting = settings.map((s) => ({ memoryMb: s.memoryMb, phase: s.phases[i] }));
    // Every setting holds the same phases; rounds follow the first's.
    const first = atSetting.find((x) => x.phase !== undefined)?.phase;
    const rounds = first ? roundsOf(first) : 1;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < atSetting.length; k++) {
        const { memoryMb, phase } = atSetting[(k + r) % atSetting.length]!;
        if (phase === undefined) continue;
        steps.push({ memoryMb, phase: rounds === 1 ? phase : sliceOf(phase, r, rounds), round: r + 1, rounds });
      }
    }
  }
  return steps;
}

/** Slice r of `rounds`: counts differ by at most one, the larger ones first. */
function sliceOf(phase: PlannedPhase, r: number, rounds: number): PlannedPhase {
  const slices = phase.slices!;
  const count = Math.floor(slices.count / rounds) + (r < slices.count % rounds ? 1 : 0);
  return { ...phase, schedule: slices.create(count) };
}
