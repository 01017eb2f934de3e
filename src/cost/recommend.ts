// Which memory setting to choose, from a sweep's statistics, judged so that
// noise cannot decide: per phase (a burst and a steady phase are different
// questions, never pooled) and per start type (cold and warm apart), on the
// 95 % confidence intervals of the medians.
//
// A setting counts as faster than another only when their medians' 95 %
// intervals do not overlap. Non-overlap is a conservative test (two
// independent 95 % intervals that just touch correspond to a difference
// significant at well under 1 %): a recommendation that costs money should
// not move on a difference that may be noise, and the differences memory
// makes when it matters (CPU-bound code at 128 vs 1024 MB) are many times
// their intervals. Among settings that do not differ significantly, the
// cheaper wins. Every pick walks the settings from the cheapest up:
// - cheapest: the setting with the lowest measured cost per invocation;
// - fastest: a dearer setting replaces the pick only when it is significantly
//   faster than the pick so far (so it is the cheapest of the settings no
//   other is significantly faster than);
// - balanced: a dearer setting replaces the pick only when it is
//   significantly faster than the pick so far and its score is lower:
//   (median / fastest median)^w × (cost / lowest cost)^(1 − w), w being the
//   scenario's balancedWeight (0 = cost only, 1 = speed only). Ratios, not
//   min-max normalisation, so that a small difference between two settings
//   is never stretched to the whole scale.

import { CONFIDENCE_LEVEL } from '../measure/confidence';

/** One phase × memory × start type, as judged. */
export interface SettingStats {
  /** Invocations of this start type, failed ones included. */
  readonly count: number;
  readonly errors: number;
  /** Client latency median and its 95 % interval (undefined bounds: too few samples for one), ms. */
  readonly p50Ms: number;
  readonly p50LowMs: number | undefined;
  readonly p50HighMs: number | undefined;
  /** Shown, not judged: a p99 needs hundreds of samples for an interval. */
  readonly p99Ms?: number | undefined;
  readonly costPerInvocationUsd: number;
}

export interface MemoryStats {
  readonly memoryMb: number;
  readonly warm?: SettingStats;
  readonly cold?: SettingStats;
}

export interface PhaseStats {
  readonly phase: string;
  /** Ascending memory. */
  readonly memories: readonly MemoryStats[];
}

export type JudgedStart = 'warm' | 'cold';

export interface MemoryPick {
  readonly memoryMb: number;
  readonly count: number;
  readonly p50Ms: number;
  readonly p50LowMs: number | null;
  readonly p50HighMs: number | null;
  readonly p99Ms?: number;
  readonly costPerInvocationUsd: number;
}

/**
 * How sure a recommendation is:
 * - `significant`: a dearer setting was picked because it is significantly faster than every cheaper pick it replaced;
 * - `no-difference`: no setting was significantly faster than the cheapest, so the cheapest was picked;
 * - `too-few-samples`: some setting had too few samples (fewer than 6) for an interval of its median, so it could not count as faster.
 */
export type Sureness = 'significant' | 'no-difference' | 'too-few-samples';

export interface StartRecommendation {
  readonly cheapest: MemoryPick;
  readonly fastest: MemoryPick;
  readonly balanced: MemoryPick & { readonly score: number };
  /** Every setting judged, ascending cost. */
  readonly candidates: readonly MemoryPick[];
  /** Settings whose medians the fastest pick is not significantly faster than (itself included), ascending memory. */
  readonly tiedWithFastest: readonly number[];
  readonly sureness: Sureness;
  /** One sentence saying how sure, in words. */
  readonly note: string;
}

export interface Exclusion {
  readonly phase: string;
  readonly memoryMb: number;
  readonly start: JudgedStart | 'all';
  readonly reason: string;
}

export interface PhaseRecommendation {
  readonly phase: string;
  readonly warm?: StartRecommendation;
  readonly cold?: StartRecommendation;
}

export interface MemoryRecommendation {
  readonly balancedWeight: number;
  readonly level: number;
  readonly basis: string;
  readonly phases: readonly PhaseRecommendation[];
  readonly excluded: readonly Exclusion[];
}

export const RECOMMENDATION_BASIS =
  'per phase, warm and cold starts judged apart; a setting counts as faster only when the 95% confidence intervals of the medians (client latency, order statistics) do not overlap; ' +
  'cheapest = lowest cost per invocation; fastest = from the cheapest up, a dearer setting is taken only when significantly faster than the pick so far; ' +
  'balanced = the same walk, taking a dearer setting only when significantly faster and its score (median / fastest median)^w × (cost / lowest cost)^(1 − w) is lower (w = balancedWeight: 0 = cost only, 1 = speed only); ' +
  'among settings that do not differ significantly the cheaper wins';

interface Candidate extends MemoryPick {
  readonly low: number | undefined;
  readonly high: number | undefined;
}

/** Recommends a memory setting per phase and start type. Settings with no successful sample of a start type do not take part for it. */
export function recommendMemory(phases: readonly PhaseStats[], balancedWeight: number, missing: readonly Exclusion[] = []): MemoryRecommendation {
  if (!(balancedWeight >= 0 && balancedWeight <= 1)) {
    throw new RangeError(`balancedWeight must be between 0 and 1, got ${balancedWeight}`);
  }
  const excluded: Exclusion[] = [...missing];
  const out: PhaseRecommendation[] = [];
  for (const p of phases) {
    const warm: Candidate[] = [];
    const cold: Candidate[] = [];
    for (const m of p.memories) {
      collect(p.phase, m.memoryMb, 'warm', m.warm, warm, excluded);
      collect(p.phase, m.memoryMb, 'cold', m.cold, cold, excluded);
    }
    if (warm.length === 0 && cold.length === 0) continue;
    out.push({
      phase: p.phase,
      ...(warm.length > 0 ? { warm: judge(warm, balancedWeight) } : {}),
      ...(cold.length > 0 ? { cold: judge(cold, balancedWeight) } : {}),
    });
  }
  return { balancedWeight, level: CONFIDENCE_LEVEL, basis: RECOMMENDATION_BASIS, phases: out, excluded };
}

function collect(phase: string, memoryMb: number, start: JudgedStart, s: SettingStats | undefined, into: Candidate[], excluded: Exclusion[]): void {
  if (!s || s.count === 0) return;
  if (s.count - s.errors <= 0) {
    excluded.push({ phase, memoryMb, start, reason: `all ${s.count} ${start} invocations failed` });
    return;
  }
  if (!Number.isFinite(s.p50Ms) || !Number.isFinite(s.costPerInvocationUsd)) {
    excluded.push({ phase, memoryMb, start, reason: `no ${start} latency or cost measured` });
    return;
  }
  const bounded = s.p50LowMs !== undefined && s.p50HighMs !== undefined;
  into.push({
    memoryMb,
    count: s.count,
    p50Ms: s.p50Ms,
    p50LowMs: bounded ? s.p50LowMs! : null,
    p50HighMs: bounded ? s.p50HighMs! : null,
    ...(s.p99Ms !== undefined && Number.isFinite(s.p99Ms) ? { p99Ms: s.p99Ms } : {}),
    costPerInvocationUsd: s.costPerInvocationUsd,
    low: bounded ? s.p50LowMs : undefined,
    high: bounded ? s.p50HighMs : undefined,
  });
}

/** a is significantly faster than b: a's interval lies wholly below b's. */
export function significantlyFaster(a: { readonly low?: number | undefined; readonly high?: number | undefined }, b: { readonly low?: number | undefined; readonly high?: number | undefined }): boolean {
  return a.high !== undefined && b.low !== undefined && a.low !== undefined && b.high !== undefined && a.high < b.low;
}

function judge(cands: readonly Candidate[], weight: number): StartRecommendation {
  // Cheapest first; equal cost (within float noise): the smaller memory first.
  const byCost = [...cands].sort((a, b) => cmp(a.costPerInvocationUsd, b.costPerInvocationUsd) || a.memoryMb - b.memoryMb);
  const cheapest = byCost[0]!;
  const bestP50 = Math.min(...cands.map((c) => c.p50Ms));
  const minCost = cheapest.costPerInvocationUsd;
  const score = (c: Candidate): number =>
    Math.pow(bestP50 > 0 ? c.p50Ms / bestP50 : 1, weight) * Math.pow(minCost > 0 ? c.costPerInvocationUsd / minCost : 1, 1 - weight);

  let fastest = cheapest;
  let balanced = cheapest;
  // The picks each walk went through, for the note: each one significantly faster than the one before.
  const fastestChain = [cheapest];
  const balancedChain = [cheapest];
  for (const c of byCost.slice(1)) {
    if (significantlyFaster(c, fastest)) fastestChain.push((fastest = c));
    if (significantlyFaster(c, balanced) && cmp(score(c), score(balanced)) < 0) balancedChain.push((balanced = c));
  }
  const tied = cands.filter((c) => !significantlyFaster(fastest, c)).map((c) => c.memoryMb).sort((a, b) => a - b);
  const unbounded = cands.filter((c) => c.low === undefined);
  const beatsAll = cands.length > 1 && tied.length === 1;
  const sureness: Sureness = fastest !== cheapest || balanced !== cheapest || beatsAll ? 'significant' : unbounded.length > 0 ? 'too-few-samples' : 'no-difference';
  return {
    cheapest: pick(cheapest),
    fastest: pick(fastest),
    balanced: { ...pick(balanced), score: score(balanced) },
    candidates: byCost.map(pick),
    tiedWithFastest: tied,
    sureness,
    note: noteFor(sureness, cheapest, fastestChain, balancedChain, unbounded, beatsAll ? cands.filter((c) => c !== fastest) : []),
  };
}

function noteFor(s: Sureness, cheapest: Candidate, fastestChain: readonly Candidate[], balancedChain: readonly Candidate[], unbounded: readonly Candidate[], beaten: readonly Candidate[]): string {
  const mb = (c: Candidate): string => `${c.memoryMb} MB`;
  const chain = (c: readonly Candidate[]): string => c.map(mb).join(' → ');
  const few = unbounded.length > 0
    ? ` ${unbounded.map((c) => `${mb(c)} (${c.count} samples)`).join(', ')} had too few samples for a 95% interval of the median (6 needed), so could not count as faster.`
    : '';
  if (s === 'significant' && fastestChain.length === 1) {
    return `${mb(cheapest)}, the cheapest, is also significantly faster than ${beaten.map(mb).join(', ')} (95% intervals of the medians apart): it is every pick.${few}`;
  }
  if (s === 'significant') {
    const parts: string[] = [];
    if (fastestChain.length > 1) parts.push(`fastest ${chain(fastestChain)}, each significantly faster than the one before (95% intervals of the medians apart)`);
    if (balancedChain.length > 1) parts.push(`balanced ${chain(balancedChain)}, each significantly faster and worth its cost at this weight`);
    else parts.push(`balanced stays at ${mb(cheapest)}, the cheapest: the faster settings are not worth their cost at this weight`);
    return `${parts.join('; ')}.${few}`;
  }
  if (s === 'too-few-samples') return `No setting could be shown faster than ${mb(cheapest)}, the cheapest: it is recommended.${few}`;
  return `No setting is significantly faster than ${mb(cheapest)}, the cheapest (95% intervals of the medians overlap): the differences are within noise, so it is recommended.`;
}

function pick(c: Candidate): MemoryPick {
  return {
    memoryMb: c.memoryMb,
    count: c.count,
    p50Ms: c.p50Ms,
    p50LowMs: c.p50LowMs,
    p50HighMs: c.p50HighMs,
    ...(c.p99Ms !== undefined ? { p99Ms: c.p99Ms } : {}),
    costPerInvocationUsd: c.costPerInvocationUsd,
  };
}

/** Compares with a relative tolerance, so that float noise in sums is not a preference. */
function cmp(a: number, b: number): number {
  const tol = 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= tol ? 0 : a < b ? -1 : 1;
}
