// What a month at the scenario's stated volume would cost, with Lambda's
// monthly duration tiers and (only when asked) the free tier. The per-row cost
// is always first tier; tiers only make sense for a month's aggregate.

import type { Architecture } from '../lambda/architectures';
import { EPHEMERAL_INCLUDED_MB, FREE_TIER, pricingNotes, regionPrices } from './pricing';

export interface ProjectionInput {
  readonly monthlyInvocations: number;
  /** Mean billed duration per invocation, measured (or assumed before a run). */
  readonly billedMsPerInvocation: number;
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly region: string;
  readonly ephemeralStorageMb?: number;
  readonly freeTier: boolean;
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
  readonly totalUsd: number;
  readonly notes: readonly string[];
}

export const PROJECTION_ASSUMPTIONS = [
  'volume tiers apply to the account\'s aggregate duration per architecture and region; the projection assumes this function is all of it',
  'the free tier is shared by every function of the account; when applied, it is taken off the first tier',
] as const;

export function projectMonthly(input: ProjectionInput): MonthlyProjection {
  const p = regionPrices(input.region, input.architecture);
  const seconds = (input.monthlyInvocations * input.billedMsPerInvocation) / 1000;
  const gbSeconds = seconds * (input.memoryMb / 1024);
  const freeGbSeconds = input.freeTier ? Math.min(gbSeconds, FREE_TIER.gbSecondsPerMonth) : 0;
  const freeRequests = input.freeTier ? Math.min(input.monthlyInvocations, FREE_TIER.requestsPerMonth) : 0;

  let remaining = gbSeconds - freeGbSeconds;
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

  return {
    monthlyInvocations: input.monthlyInvocations,
    billedMsPerInvocation: input.billedMsPerInvocation,
    memoryMb: input.memoryMb,
    gbSeconds,
    freeTierApplied: input.freeTier,
    freeGbSeconds,
    freeRequests,
    bands,
    durationUsd,
    requestUsd,
    ephemeralUsd,
    totalUsd: durationUsd + requestUsd + ephemeralUsd,
    notes: [...PROJECTION_ASSUMPTIONS, ...pricingNotes(input.region, input.architecture, input.ephemeralStorageMb)],
  };
}
