// A validated scenario becomes a Plan: every path resolved, every duration in
// ms, every pattern bound to its options. Nothing downstream parses again.

import type { Schedule } from '../patterns/types';
import type { Scenario } from '../scenario/types';

export type {
  Architecture, AwsTargetSpec, Budget, HttpTargetSpec, LocalTargetSpec, TargetSpec, WeightedPayload,
} from '../scenario/types';

export interface PlannedPhase {
  readonly name: string;
  /** Index in the scenario's phases list. */
  readonly index: number;
  /** The pattern's name. */
  readonly pattern: string;
  /** Every invocation of the phase runs on a fresh execution environment (a forced cold start). */
  readonly forcesFreshEnvironments: boolean;
  readonly schedule: Schedule;
  /**
   * How the phase divides into rounds of an interleaved sweep (./rounds.ts):
   * present for patterns counted in invocations alone (a `count`), which a
   * smaller count slices without changing their meaning. Absent: the phase
   * is one round.
   */
  readonly slices?: { readonly count: number; create(count: number): Schedule };
}

/** One pass over every phase at one memory setting; null leaves the function's memory as it is. */
export interface PlannedSetting {
  readonly memoryMb: number | null;
  readonly phases: readonly PlannedPhase[];
}

export type SweepOrder = Scenario['order'];

/** The scenario with its memory values and phases expanded into settings (./rounds.ts says in which order they run). */
export interface Plan extends Omit<Scenario, 'memory' | 'phases' | 'order'> {
  readonly settings: readonly PlannedSetting[];
  /** A memory sweep's order; absent means the default, interleaved. */
  readonly order?: SweepOrder;
}
