// What a month at the scenario's stated volume would cost, with Lambda's
// monthly duration tiers and (only when asked) the free tier. The per-row cost
// is always first tier; tiers only make sense for a month's aggregate. A
// function with provisioned concurrency pays its standing charge all month
// and the provisioned duration rate for invocations on provisioned
// environments; a SnapStart version of a runtime that pays for it, its
// snapshot cache all month and a charge per restore
// (https://aws.amazon.com/lambda/pricing/; prices in pricing.json).

import type { Architecture } from '../lambda/architectures';
import {
  EPHEMERAL_INCLUDED_MB, FREE_TIER, featurePricingNotes, pricingNotes, provisionedPrices, regionPrices, snapStartPrices,
} from './pricing';

/** The month AWS's pricing examples use: 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;

export interface ProjectionInput {
  readonly monthlyInvocations: number;
  /** Mean billed duration per invocation, measured (or assumed before a run). */
  readonly billedMsPerInvocation: number;
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly region: string;
  readonly ephemeralStorageMb?: number;
  readonly freeTier: boolean;
  /**
   * Provisioned concurrency on the invoked qualifier: `concurrency`
   * environments kept all month, and the share of invocations that ran on them
   * (the rest spilled over to on-demand environments).
   */
  readonly provisioned?: { readonly concurrency: number; readonly invocationShare: number };
  /** SnapStart on a runtime that pays for it: one version's snapshot cached all month, and the share of invocations that were restores. */
  readonly snapStart?: { readonly restoreShare: number };
}

export interface ProvisionedProjection {
  readonly concurrency: number;
  readonly invocationShare: number;
  /** Standing charge: concurrency × memory GB × the month, at the provisioned concurrency rate. */
  readonly concurrencyGbSeconds: number;
  readonly concurrencyUsd: number;
  /** Duration of the invocations on provisioned environments, at the provisioned duration rate. */
  readonly durationGbSeconds: number;
  readonly durationUsd: number;
}

export interface SnapStartProjection {
  readonly cacheGbSeconds: number;
  readonly cacheUsd: number;
  readonly restores: number;
  readonly restoreUsd: number;
}

export interface ProjectionBand {
  readonly fromGbSeconds: number;
  /** null: no upper bound. */
  readonly toGbSeconds: number | null;
  readonly gbSeconds: number;
  readonly gbSecondUsd: number;
  readonly usd: number;
}

export interface MonthlyProjection {
  readonly monthlyInvocations: number;
  readonly billedMsPerInvocation: number;
  readonly memoryMb: number;
  readonly gbSeconds: number;
  readonly freeTierApplied: boolean;
  /** GB-seconds and requests the free tier took off. */
  readonly freeGbSeconds: number;
  readonly freeRequests: number;
  readonly bands: readonly ProjectionBand[];
  readonly durationUsd: number;
  readonly requestUsd: number;
  readonly ephemeralUsd: number;
  readonly provisioned?: ProvisionedProjection;
  readonly snapStart?: SnapStartProjection;
  readonly totalUsd: number;
  readonly notes: readonly string[];
}

export const PROJECTION_ASSUMPTIONS = [
  'volume tiers apply to the account\'s aggregate duration per architecture and region; the projection assumes this function is all of it',
  'the free tier is shared by every function of the account; when applied, it is taken off the first tier',
] as const;

export function projectMonthly(input: ProjectionInput): MonthlyProjection {
  const p = regionPrices(input.region, input.architecture);
  const memoryGb = input.memoryMb / 1024;
  const seconds = (input.monthlyInvocations * input.billedMsPerInvocation) / 1000;
  const gbSeconds = seconds * memoryGb;
  const pc = input.provisioned !== undefined && input.provisioned.concurrency > 0 ? input.provisioned : undefined;
  const share = pc ? clamp01(pc.invocationShare) : 0;
  // The free tier does not apply to functions with provisioned concurrency enabled.
  const freeTier = input.freeTier && pc === undefined;
  const onDemandGbSeconds = gbSeconds * (1 - share);
  const freeGbSeconds = freeTier ? Math.min(onDemandGbSeconds, FREE_TIER.gbSecondsPerMonth) : 0;
  const freeRequests = freeTier ? Math.min(input.monthlyInvocations, FREE_TIER.requestsPerMonth) : 0;

  let remaining = onDemandGbSeconds - freeGbSeconds;
  let from = 0;
  const bands: ProjectionBand[] = [];
  let durationUsd = 0;
  for (const tier of p.tiers) {
    const width = tier.upToGbSeconds - from;
    const inBand = Math.min(remaining, width);
    if (inBand > 0) {
      const usd = inBand * tier.gbSecondUsd;
      durationUsd += usd;
      bands.push({
        fromGbSeconds: from,
        toGbSeconds: Number.isFinite(tier.upToGbSeconds) ? tier.upToGbSeconds : null,
        gbSeconds: inBand,
        gbSecondUsd: tier.gbSecondUsd,
        usd,
      });
      remaining -= inBand;
    }
    if (remaining <= 0) break;
    from = tier.upToGbSeconds;
  }

  const requestUsd = (input.monthlyInvocations - freeRequests) * p.requestUsd;
  const extraMb = (input.ephemeralStorageMb ?? 0) - EPHEMERAL_INCLUDED_MB;
  // The free tier does not cover ephemeral storage.
  const ephemeralUsd = extraMb > 0 ? seconds * (extraMb / 1024) * p.ephemeralGbSecondUsd : 0;

  let provisioned: ProvisionedProjection | undefined;
  if (pc) {
    const pp = provisionedPrices(input.region, input.architecture);
    const concurrencyGbSeconds = pc.concurrency * memoryGb * SECONDS_PER_MONTH;
    const durationGbSeconds = gbSeconds * share;
    provisioned = {
      concurrency: pc.concurrency,
      invocationShare: share,
      concurrencyGbSeconds,
      concurrencyUsd: concurrencyGbSeconds * pp.concurrencyGbSecondUsd,
      durationGbSeconds,
      durationUsd: durationGbSeconds * pp.durationGbSecondUsd,
    };
  }
  let snapStart: SnapStartProjection | undefined;
  if (input.snapStart) {
    const sp = snapStartPrices(input.region);
    const cacheGbSeconds = memoryGb * SECONDS_PER_MONTH;
    const restores = input.monthlyInvocations * clamp01(input.snapStart.restoreShare);
    snapStart = { cacheGbSeconds, cacheUsd: cacheGbSeconds * sp.cacheGbSecondUsd, restores, restoreUsd: restores * memoryGb * sp.restoreGbUsd };
  }

  const notes = [...PROJECTION_ASSUMPTIONS, ...pricingNotes(input.region, input.architecture, input.ephemeralStorageMb)];
  if (pc) {
    notes.push(`provisioned concurrency: ${pc.concurrency} environment${pc.concurrency === 1 ? '' : 's'} configured all month (730 h), ${(share * 100).toFixed(1)}% of invocations on them as measured; the rest on demand`);
    if (input.freeTier) notes.push('the free tier does not apply to functions with provisioned concurrency: not taken off');
  }
  if (snapStart) notes.push(`SnapStart: one version's snapshot cached all month (730 h); restores at the measured share of ${(clamp01(input.snapStart!.restoreShare) * 100).toFixed(1)}% of invocations`);
  notes.push(...featurePricingNotes(input.region, { provisioned: pc !== undefined, snapStart: snapStart !== undefined }));

  return {
    monthlyInvocations: input.monthlyInvocations,
    billedMsPerInvocation: input.billedMsPerInvocation,
    memoryMb: input.memoryMb,
    gbSeconds,
    freeTierApplied: freeTier,
    freeGbSeconds,
    freeRequests,
    bands,
    durationUsd,
    requestUsd,
    ephemeralUsd,
    ...(provisioned ? { provisioned } : {}),
    ...(snapStart ? { snapStart } : {}),
    totalUsd: durationUsd + requestUsd + ephemeralUsd
      + (provisioned ? provisioned.concurrencyUsd + provisioned.durationUsd : 0)
      + (snapStart ? snapStart.cacheUsd + snapStart.restoreUsd : 0),
    notes,
  };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
