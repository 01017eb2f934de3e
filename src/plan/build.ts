// A validated scenario becomes a Plan: one setting per memory value (or one
// with memoryMb null), each holding every phase bound to a fresh Schedule.

import type { Scenario } from '../scenario/types';
import type { Plan, PlannedPhase, PlannedSetting } from './types';

/** Patterns whose options may carry a count but whose meaning depends on time: never sliced. */
const TIMED_PATTERNS: ReadonlySet<string> = new Set(['rate', 'ramp', 'idle-gaps', 'load']);

function countOf(options: unknown): number | undefined {
  const c = (options as { count?: unknown } | null)?.count;
  return typeof c === 'number' && Number.isInteger(c) && c > 0 ? c : undefined;
}

export function buildPlan(s: Scenario): Plan {
  const { memory, phases, ...rest } = s;
  const settings: PlannedSetting[] = (memory ?? [null]).map((memoryMb) => ({
    memoryMb,
    phases: phases.map((p): PlannedPhase => {
      const count = countOf(p.options);
      return {
        name: p.name,
        index: p.index,
        pattern: p.pattern.name,
        forcesFreshEnvironments: p.pattern.forcesFreshEnvironments,
        schedule: p.pattern.create(p.options),
        // cold, sequential and concurrent are "count invocations" and nothing timed: a slice is the same pattern with a smaller count.
        ...(count !== undefined && !TIMED_PATTERNS.has(p.pattern.name)
          ? { slices: { count, create: (n: number) => p.pattern.create({ ...(p.options as object), count: n }) } }
          : {}),
      };
    }),
  }));
  return { ...rest, settings };
}
