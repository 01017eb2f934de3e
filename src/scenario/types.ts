// A scenario after validation: typed, paths absolute, payload files read,
// defaults applied. The plan builder (../plan/build.ts) only adds schedules.

import type { Architecture, TargetSpec, WeightedPayload } from '../plan/types';
import type { TargetKind } from '../patterns/types';
import type { CheckedPhase } from './validate';

export type ScenarioPhase = CheckedPhase;

export interface Scenario {
  readonly name: string;
  /** Absolute path of the scenario file. */
  readonly file: string;
  /** The file's content as parsed, before defaults. */
  readonly source: unknown;
  readonly target: TargetSpec;
  readonly targetKind: TargetKind;
  readonly architecture: Architecture;
  /** The memory settings to sweep, or null to leave the function's memory as it is. */
  readonly memory: readonly number[] | null;
  readonly ephemeralStorageMb: number;
  /** Never empty for local and aws targets (default `{}`); empty for http without body or payload. */
  readonly payloads: readonly WeightedPayload[];
  readonly phases: readonly ScenarioPhase[];
  readonly budget: { readonly maxInvocations?: number; readonly maxCostUsd?: number };
  readonly maxErrorRate: number;
  readonly retry: { readonly attempts: number; readonly backoffMs: number };
  readonly storePayloads: boolean;
  readonly projection?: { readonly monthlyInvocations: number; readonly freeTier: boolean };
  readonly balancedWeight: number;
  /** Region for pricing. */
  readonly region: string;
}
