// A validated scenario becomes a Plan: one setting per memory value (or one
// with memoryMb null), each holding every phase bound to a fresh Schedule.

import type { Scenario } from '../scenario/types';
import type { Plan, PlannedPhase, PlannedSetting } from './types';

export function buildPlan(s: Scenario): Plan {
  const { memory, phases, ...rest } = s;
  const settings: PlannedSetting[] = (memory ?? [null]).map((memoryMb) => ({
    memoryMb,
    phases: phases.map((p): PlannedPhase => ({
      name: p.name,
      index: p.index,
      pattern: p.pattern.name,
      forcesFreshEnvironments: p.pattern.forcesFreshEnvironments,
      schedule: p.pattern.create(p.options),
    })),
  }));
  return { ...rest, settings };
}
