// Lambda's published prices, looked up per region and architecture. The
// figures live in ./pricing.json (which names its source and date) so that a
// price change is a data edit, not a code change. Lookups are cached because
// the cost of every row goes through here.

import { z } from 'zod';
import type { Architecture } from '../lambda/architectures';
import pricingData from './pricing.json';

const byArch = <T extends z.ZodType>(t: T) => z.object({ x86_64: t, arm64: t });
const regionSchema = z.object({
  gbSecondUsd: byArch(z.number().positive()),
  tierGbSecondUsd: byArch(z.array(z.number().positive()).min(1)).optional(),
  requestUsd: z.number().positive().optional(),
  ephemeralGbSecondUsd: z.number().positive().optional(),
});
const tierSchema = z.object({ upToGbSeconds: z.number().positive().nullable(), factor: z.number().positive() });
const featureSource = { source: z.string().startsWith('https://'), takenOn: z.string(), note: z.string() };
const provisionedSchema = z.object({
  ...featureSource,
  regions: z.record(z.string(), z.object({
    concurrencyGbSecondUsd: byArch(z.number().positive()),
    durationGbSecondUsd: byArch(z.number().positive()),
  })),
});
const snapStartSchema = z.object({
  ...featureSource,
  chargedRuntimes: z.array(z.string().min(1)),
  cacheMinimumSeconds: z.number().nonnegative(),
  regions: z.record(z.string(), z.object({ cacheGbSecondUsd: z.number().positive(), restoreGbUsd: z.number().positive() })),
});
const pricingSchema = z.object({
  source: z.string(),
  takenOn: z.string(),
  currency: z.literal('USD'),
  fallbackRegion: z.string(),
  ephemeralIncludedMb: z.number().nonnegative(),
  freeTier: z.object({ gbSecondsPerMonth: z.number().nonnegative(), requestsPerMonth: z.number().nonnegative() }),
  tiers: byArch(z.array(tierSchema).min(1)),
  provisionedConcurrency: provisionedSchema,
  snapStart: snapStartSchema,
  regions: z.record(z.string(), regionSchema),
});

// A malformed pricing file is a packaging bug; failing at load says so at once.
const table = pricingSchema.parse(pricingData);
const fallback = table.regions[table.fallbackRegion];
if (!fallback || fallback.requestUsd === undefined || fallback.ephemeralGbSecondUsd === undefined
  || !Object.hasOwn(table.provisionedConcurrency.regions, table.fallbackRegion) || !Object.hasOwn(table.snapStart.regions, table.fallbackRegion)) {
  throw new Error(`pricing.json: fallback region ${table.fallbackRegion} must set every price`);
}

/** One band of the monthly duration tiers, with its price in the priced region. */
export interface PriceTier {
  /** Exclusive upper bound of the band in GB-seconds per month; Infinity for the last band. */
  readonly upToGbSeconds: number;
  readonly gbSecondUsd: number;
}

export interface RegionPrices {
  /** Region asked for. */
  readonly region: string;
  /** Region whose prices were used for duration (the fallback when the asked one is unknown). */
  readonly pricedAs: string;
  readonly architecture: Architecture;
  /** First-tier duration price. */
  readonly gbSecondUsd: number;
  readonly requestUsd: number;
  /** Price per GB-second of ephemeral storage above the included 512 MB. */
  readonly ephemeralGbSecondUsd: number;
  readonly tiers: readonly PriceTier[];
  /** Prices borrowed from the fallback region because the table lacks them for this region. */
  readonly borrowed: readonly ('duration' | 'request' | 'ephemeral')[];
}

export const PRICING_SOURCE = table.source;
export const PRICING_TAKEN_ON = table.takenOn;
export const FALLBACK_REGION = table.fallbackRegion;
export const EPHEMERAL_INCLUDED_MB = table.ephemeralIncludedMb;
export const FREE_TIER: { readonly gbSecondsPerMonth: number; readonly requestsPerMonth: number } = table.freeTier;

const cache = new Map<string, RegionPrices>();

export function regionPrices(region: string, architecture: Architecture): RegionPrices {
  const key = `${architecture}:${region}`;
  let prices = cache.get(key);
  if (!prices) {
    prices = build(region, architecture);
    cache.set(key, prices);
  }
  return prices;
}

export function isKnownRegion(region: string): boolean {
  return Object.hasOwn(table.regions, region);
}

function build(region: string, architecture: Architecture): RegionPrices {
  const own = Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
  const entry = own ?? fallback!;
  const borrowed: ('duration' | 'request' | 'ephemeral')[] = [];
  if (!own) borrowed.push('duration');
  if (entry.requestUsd === undefined) borrowed.push('request');
  if (entry.ephemeralGbSecondUsd === undefined) borrowed.push('ephemeral');
  const gbSecondUsd = entry.gbSecondUsd[architecture];
  const published = entry.tierGbSecondUsd?.[architecture];
  const tiers = table.tiers[architecture].map((t, i): PriceTier => ({
    upToGbSeconds: t.upToGbSeconds ?? Infinity,
    // Where the page publishes a tier's price, use it; elsewhere the tier is the stated discount on the region's first-tier price.
    gbSecondUsd: published?.[i] ?? gbSecondUsd * t.factor,
  }));
  return {
    region,
    pricedAs: own ? region : table.fallbackRegion,
    architecture,
    gbSecondUsd,
    requestUsd: entry.requestUsd ?? fallback!.requestUsd!,
    ephemeralGbSecondUsd: entry.ephemeralGbSecondUsd ?? fallback!.ephemeralGbSecondUsd!,
    tiers,
    borrowed,
  };
}

/**
 * Notes for run.json and the terminal about prices that are not the region's
 * own (unknown region, or a price the table lacks). Ephemeral storage is only
 * mentioned when the function pays for it.
 */
export function pricingNotes(region: string, architecture: Architecture, ephemeralStorageMb = EPHEMERAL_INCLUDED_MB): string[] {
  const p = regionPrices(region, architecture);
  const notes: string[] = [];
  if (p.borrowed.includes('duration')) {
    notes.push(`no prices known for region "${region}": priced as ${p.pricedAs}`);
    return notes;
  }
  if (p.borrowed.includes('request')) notes.push(`request price of ${region} not in the pricing table: ${FALLBACK_REGION}'s $${p.requestUsd * 1e6} per million used`);
  if (p.borrowed.includes('ephemeral') && ephemeralStorageMb > EPHEMERAL_INCLUDED_MB) {
    notes.push(`ephemeral storage price of ${region} not in the pricing table: ${FALLBACK_REGION}'s used`);
  }
  return notes;
}

/** What run.json records about where the prices came from. */
export function pricingProvenance(region: string, architecture: Architecture): Readonly<Record<string, unknown>> {
  const p = regionPrices(region, architecture);
  return {
    source: PRICING_SOURCE,
    takenOn: PRICING_TAKEN_ON,
    region,
    pricedAs: p.pricedAs,
    architecture,
    gbSecondUsd: p.gbSecondUsd,
    requestUsd: p.requestUsd,
    ephemeralGbSecondUsd: p.ephemeralGbSecondUsd,
  };
}

/** Provisioned concurrency prices in one region and architecture. */
export interface ProvisionedPrices {
  readonly region: string;
  /** Region whose prices are used (the fallback when the table lacks the asked one). */
  readonly pricedAs: string;
  readonly architecture: Architecture;
  /** Standing charge per GB-second of configured concurrency. */
  readonly concurrencyGbSecondUsd: number;
  /** Duration of an invocation on a provisioned environment, per GB-second. */
  readonly durationGbSecondUsd: number;
  readonly source: string;
  readonly takenOn: string;
}

/** The prices of `region` in a per-region table, else of the fallback region, with the region they are. */
function regionEntry<T>(regions: Readonly<Record<string, T>>, region: string): [string, T] {
  const pricedAs = Object.hasOwn(regions, region) ? region : table.fallbackRegion;
  return [pricedAs, regions[pricedAs]!];
}

export function provisionedPrices(region: string, architecture: Architecture): ProvisionedPrices {
  const [pricedAs, p] = regionEntry(table.provisionedConcurrency.regions, region);
  return {
    region,
    pricedAs,
    architecture,
    concurrencyGbSecondUsd: p.concurrencyGbSecondUsd[architecture],
    durationGbSecondUsd: p.durationGbSecondUsd[architecture],
    source: table.provisionedConcurrency.source,
    takenOn: table.provisionedConcurrency.takenOn,
  };
}

/** SnapStart's cache and restore prices in one region (the same on both architectures). */
export interface SnapStartPrices {
  readonly region: string;
  readonly pricedAs: string;
  readonly cacheGbSecondUsd: number;
  readonly restoreGbUsd: number;
  /** The cache is billed for at least this long per version. */
  readonly cacheMinimumSeconds: number;
  readonly source: string;
  readonly takenOn: string;
}

export function snapStartPrices(region: string): SnapStartPrices {
  const [pricedAs, p] = regionEntry(table.snapStart.regions, region);
  return {
    region,
    pricedAs,
    cacheGbSecondUsd: p.cacheGbSecondUsd,
    restoreGbUsd: p.restoreGbUsd,
    cacheMinimumSeconds: table.snapStart.cacheMinimumSeconds,
    source: table.snapStart.source,
    takenOn: table.snapStart.takenOn,
  };
}

/**
 * Whether SnapStart's cache and restore are charged for this runtime: Python
 * and .NET pay for them, Java does not (pricing.json names its sources).
 * `python3.12` → python, `dotnet8` → dotnet.
 */
export function snapStartCharged(runtime: string | undefined): boolean {
  if (runtime === undefined) return false;
  return table.snapStart.chargedRuntimes.some((family) => runtime.startsWith(family));
}

/** Notes for prices of provisioned concurrency or SnapStart borrowed from the fallback region, when the function uses them. */
export function featurePricingNotes(region: string, uses: { readonly provisioned: boolean; readonly snapStart: boolean }): string[] {
  const notes: string[] = [];
  if (uses.provisioned && !Object.hasOwn(table.provisionedConcurrency.regions, region)) {
    notes.push(`provisioned concurrency prices of ${region} not in the pricing table: ${table.fallbackRegion}'s used`);
  }
  if (uses.snapStart && !Object.hasOwn(table.snapStart.regions, region)) {
    notes.push(`SnapStart prices of ${region} not in the pricing table: ${table.fallbackRegion}'s used`);
  }
  return notes;
}
