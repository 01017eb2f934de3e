// A scenario after validation: typed, paths absolute, payload files read,
// defaults applied. It is the Plan but for its settings, which the plan
// builder (../plan/build.ts) makes from `memory` × `phases`, adding schedules.

import type { Plan } from '../plan/types';
import type { CheckedPhase } from './validate';

export type ScenarioPhase = CheckedPhase;

export interface Scenario extends Omit<Plan, 'settings'> {
  /** The memory settings to sweep, or null to leave the function's memory as it is. */
  readonly memory: readonly number[] | null;
  readonly phases: readonly ScenarioPhase[];
}
