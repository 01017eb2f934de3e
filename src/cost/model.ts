// Lambda's price of one invocation. Pure functions over the prices of
// ./pricing.ts; this runs once per row, so it allocates nothing and looks the
// prices up once per region and architecture.

import type { Plan } from '../plan/types';
import type { Architecture } from '../lambda/architectures';
import {
  EPHEMERAL_INCLUDED_MB, provisionedPrices, regionPrices, snapStartPrices,
  type ProvisionedPrices, type RegionPrices, type SnapStartPrices,
} from './pricing';

/**
 * Which duration rate an invocation pays. 'provisioned': it ran on an
 * environment of the qualifier's provisioned concurrency, billed at the lower
 * provisioned duration rate; 'on-demand' otherwise, spill-over beyond the
 * provisioned environments included (https://aws.amazon.com/lambda/pricing/,
 * Provisioned Concurrency Pricing).
 */
export type DurationPricing = 'on-demand' | 'provisioned';

export interface InvocationCostInput {
  /** Billed duration from the REPORT line (already includes init on on-demand functions since Aug 2025, and a restore's Billed Restore Duration). */
  readonly billedMs: number;
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly region: string;
  /** Ephemeral storage in MB; 512 MB is included in the price. */
  readonly ephemeralStorageMb?: number;
  /** Default 'on-demand'. */
  readonly pricing?: DurationPricing;
  /**
   * The report's Billed Restore Duration, present when the invocation was a
   * SnapStart restore. It is already inside Billed Duration (AWS's sample:
   * Duration 45.00 ms, Billed Restore Duration 519 ms, Billed Duration 564 ms),
   * so it is never added; its presence brings the per-GB restore charge when
   * `snapStartCharged`.
   */
  readonly restoreBilledMs?: number;
  /** The runtime pays SnapStart's restore charge (Python, .NET; not Java). */
  readonly snapStartCharged?: boolean;
}

/**
 * What a row's cost needs of the function beyond the plan: read before the
 * run (src/targets/function-facts.ts) and carried on the plan the run
 * executes (see withFunctionPricing).
 */
export interface FunctionPricing {
  /** Environments configured ahead on the invoked qualifier; 0 for none. */
  readonly provisionedConcurrency: number;
  /** SnapStart runs on the invoked qualifier and its runtime pays the cache and restore charges. */
  readonly snapStartCharged: boolean;
  /** What the cost section must say about how the function was read (a refused read, a scenario value set aside). */
  readonly notes?: readonly string[];
}

/** The plan's pricing fields, plus the function's when the run has read them. */
export type PricedPlan = Pick<Plan, 'architecture' | 'region' | 'ephemeralStorageMb'> & { readonly functionPricing?: FunctionPricing };

/** A plan that carries the function's pricing to every row (the run executes this plan). */
export function withFunctionPricing<P extends Pick<Plan, 'architecture' | 'region' | 'ephemeralStorageMb'>>(plan: P, pricing: FunctionPricing): P & { readonly functionPricing: FunctionPricing } {
  return { ...plan, functionPricing: pricing };
}

/**
 * How an invocation's duration is priced. On a qualifier with provisioned
 * concurrency, an invocation whose report shows an init (Init Duration, or a
 * suppressed init's INIT_REPORT) started a new on-demand environment: a
 * spill-over beyond the provisioned ones, priced on demand. Every other
 * invocation ran on an environment initialised ahead, whose REPORT has no
 * Init Duration: provisioned. Provisioned concurrency and SnapStart do not
 * combine (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html), so a
 * restore is never provisioned.
 */
export function durationPricing(provisionedConcurrency: number, initRan: boolean, restored: boolean): DurationPricing {
  return provisionedConcurrency > 0 && !initRan && !restored ? 'provisioned' : 'on-demand';
}

let last: RegionPrices | undefined;
let lastProvisioned: ProvisionedPrices | undefined;
let lastSnapStart: SnapStartPrices | undefined;

function prices(region: string, architecture: Architecture): RegionPrices {
  if (last === undefined || last.region !== region || last.architecture !== architecture) {
    last = regionPrices(region, architecture);
  }
  return last;
}

function provisioned(region: string, architecture: Architecture): ProvisionedPrices {
  if (lastProvisioned === undefined || lastProvisioned.region !== region || lastProvisioned.architecture !== architecture) {
    lastProvisioned = provisionedPrices(region, architecture);
  }
  return lastProvisioned;
}

function snapStart(region: string): SnapStartPrices {
  if (lastSnapStart === undefined || lastSnapStart.region !== region) lastSnapStart = snapStartPrices(region);
  return lastSnapStart;
}

/**
 * Duration charge (first tier on demand, or the provisioned duration rate)
 * plus request charge plus ephemeral storage above 512 MB plus, for a
 * SnapStart restore of a runtime that pays for it, the restore charge per GB
 * of memory restored; in USD. Billed duration is used as is: since August
 * 2025 the REPORT line's Billed Duration of an on-demand function already
 * contains its init phase, so Init Duration must never be added to it.
 */
export function invocationCostUsd(input: InvocationCostInput): number {
  const p = prices(input.region, input.architecture);
  const seconds = input.billedMs / 1000;
  const gb = input.memoryMb / 1024;
  const rate = input.pricing === 'provisioned' ? provisioned(input.region, input.architecture).durationGbSecondUsd : p.gbSecondUsd;
  let usd = seconds * gb * rate + p.requestUsd;
  const extraMb = (input.ephemeralStorageMb ?? 0) - EPHEMERAL_INCLUDED_MB;
  if (extraMb > 0) usd += seconds * (extraMb / 1024) * p.ephemeralGbSecondUsd;
  if (input.restoreBilledMs !== undefined && input.snapStartCharged === true) usd += gb * snapStart(input.region).restoreGbUsd;
  return usd;
}

/** What one invocation's report says, for pricing it under a plan. */
export interface ReportedBilling {
  readonly initRan?: boolean;
  readonly restoreBilledMs?: number;
}

/**
 * The price of one invocation under a plan's architecture, region and
 * ephemeral storage, and the function's provisioned concurrency and SnapStart
 * when the plan carries them.
 */
export function planInvocationCostUsd(plan: PricedPlan, billedMs: number, memoryMb: number, reported: ReportedBilling = {}): number {
  const fp = plan.functionPricing;
  const restored = reported.restoreBilledMs !== undefined;
  return invocationCostUsd({
    billedMs,
    memoryMb,
    architecture: plan.architecture,
    region: plan.region,
    ephemeralStorageMb: plan.ephemeralStorageMb,
    ...(fp !== undefined ? {
      pricing: durationPricing(fp.provisionedConcurrency, reported.initRan === true, restored),
      snapStartCharged: fp.snapStartCharged,
    } : {}),
    ...(restored ? { restoreBilledMs: reported.restoreBilledMs } : {}),
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
