// Lambda's price of one invocation. Pure functions over the prices of
// ./pricing.ts; this runs once per row, so it allocates nothing and looks the
// prices up once per region and architecture.

import type { Plan } from '../plan/types';
import type { Architecture } from '../lambda/architectures';
import { EPHEMERAL_INCLUDED_MB, regionPrices, type RegionPrices } from './pricing';

export interface InvocationCostInput {
  /** Billed duration from the REPORT line (already includes init on on-demand functions since Aug 2025). */
  readonly billedMs: number;
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly region: string;
  /** Ephemeral storage in MB; 512 MB is included in the price. */
  readonly ephemeralStorageMb?: number;
}

let last: RegionPrices | undefined;

function prices(region: string, architecture: Architecture): RegionPrices {
  if (last === undefined || last.region !== region || last.architecture !== architecture) {
    last = regionPrices(region, architecture);
  }
  return last;
}

/**
 * Duration charge (first tier) plus request charge plus ephemeral storage above
 * 512 MB, in USD. Billed duration is used as is: since August 2025 the REPORT
 * line's Billed Duration of an on-demand function already contains its init
 * phase, so Init Duration must never be added to it.
 */
export function invocationCostUsd(input: InvocationCostInput): number {
  const p = prices(input.region, input.architecture);
  const seconds = input.billedMs / 1000;
  let usd = seconds * (input.memoryMb / 1024) * p.gbSecondUsd + p.requestUsd;
  const extraMb = (input.ephemeralStorageMb ?? 0) - EPHEMERAL_INCLUDED_MB;
  if (extraMb > 0) usd += seconds * (extraMb / 1024) * p.ephemeralGbSecondUsd;
  return usd;
}

/** The price of one invocation under a plan's architecture, region and ephemeral storage. */
export function planInvocationCostUsd(
  plan: Pick<Plan, 'architecture' | 'region' | 'ephemeralStorageMb'>,
  billedMs: number,
  memoryMb: number,
): number {
  return invocationCostUsd({
    billedMs,
    memoryMb,
    architecture: plan.architecture,
    region: plan.region,
    ephemeralStorageMb: plan.ephemeralStorageMb,
  });
}

/**
 * Billed duration to use where the platform gives no REPORT line (http
 * targets): the client-measured time rounded up to the millisecond, as Lambda
 * rounds. It over-estimates (network and front-door time are in it), which is
 * the safe side for a cost figure; rows priced this way are estimates.
 */
export function estimatedBilledMs(clientMs: number): number {
  return Math.max(1, Math.ceil(clientMs));
}

/** For run.json's cost notes when any row was priced with estimatedBilledMs. */
export const ESTIMATED_BILLING_NOTE =
  'No REPORT line was available for some invocations (http target without a log join): their cost bills the client-measured latency rounded up to the millisecond, an estimate that over-states the billed duration by the network and front-door time.';
