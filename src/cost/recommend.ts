// Which memory setting to choose, from per-memory statistics of a sweep.
// Unlike Power Tuning (trimmed means, one number per setting), warm and cold
// starts are judged apart, and speed is judged on percentiles: warm p50 and
// p99 together, cold p50 (cold samples are usually too few for a p99).

export interface WarmStats {
  /** Invocations of this start type, failed ones included. */
  readonly count: number;
  readonly errors: number;
  /** Client latency percentiles of the successful ones, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly costPerInvocationUsd: number;
}

export interface ColdStats {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly costPerInvocationUsd: number;
}

export interface MemoryStats {
  readonly memoryMb: number;
  readonly warm?: WarmStats;
  readonly cold?: ColdStats;
}

export type JudgedStart = 'warm' | 'cold';

export interface MemoryPick {
  readonly memoryMb: number;
  readonly p50Ms: number;
  readonly p99Ms?: number;
  readonly costPerInvocationUsd: number;
}

export interface BalancedPick extends MemoryPick {
  /** weight × normalised speed + (1 − weight) × normalised cost; 0 is best. */
  readonly score: number;
}

export interface StartRecommendation {
  readonly cheapest: MemoryPick;
  readonly fastest: MemoryPick;
  readonly balanced: BalancedPick;
  /** Memory settings that took part. */
  readonly candidates: readonly number[];
}

export interface MemoryRecommendation {
  readonly balancedWeight: number;
  readonly basis: string;
  readonly warm?: StartRecommendation;
  readonly cold?: StartRecommendation;
  readonly excluded: readonly { readonly memoryMb: number; readonly start: JudgedStart; readonly reason: string }[];
}

export const RECOMMENDATION_BASIS =
  'warm and cold judged separately; speed = warm p50 and p99 (averaged after min-max normalisation) or cold p50; cost = cost per invocation of that start type; ' +
  'balanced minimises weight × speed + (1 − weight) × cost, both min-max normalised across the memory settings (weight 0 = cost only, 1 = speed only); ' +
  'ties go to the faster, then the cheaper, then the smaller memory';

interface Candidate {
  readonly memoryMb: number;
  readonly p50Ms: number;
  readonly p99Ms: number | undefined;
  readonly cost: number;
}

/** Recommends a memory setting per start type. Settings with no successful sample of a start type do not take part for it. */
export function recommendMemory(stats: readonly MemoryStats[], balancedWeight: number): MemoryRecommendation {
  if (!(balancedWeight >= 0 && balancedWeight <= 1)) {
    throw new RangeError(`balancedWeight must be between 0 and 1, got ${balancedWeight}`);
  }
  const excluded: { memoryMb: number; start: JudgedStart; reason: string }[] = [];
  const warm: Candidate[] = [];
  const cold: Candidate[] = [];
  for (const s of stats) {
    collect(s.memoryMb, 'warm', s.warm, s.warm?.p99Ms, warm, excluded);
    collect(s.memoryMb, 'cold', s.cold, undefined, cold, excluded);
  }
  const result: MemoryRecommendation = {
    balancedWeight,
    basis: RECOMMENDATION_BASIS,
    excluded,
    ...(warm.length > 0 ? { warm: judge(warm, balancedWeight) } : {}),
    ...(cold.length > 0 ? { cold: judge(cold, balancedWeight) } : {}),
  };
  return result;
}

function collect(
  memoryMb: number,
  start: JudgedStart,
  s: WarmStats | ColdStats | undefined,
  p99Ms: number | undefined,
  into: Candidate[],
  excluded: { memoryMb: number; start: JudgedStart; reason: string }[],
): void {
  if (!s || s.count === 0) return;
  if (s.count - s.errors <= 0) {
    excluded.push({ memoryMb, start, reason: `all ${s.count} ${start} invocations failed` });
    return;
  }
  if (!Number.isFinite(s.p50Ms) || !Number.isFinite(s.costPerInvocationUsd)) {
    excluded.push({ memoryMb, start, reason: `no ${start} latency or cost measured` });
    return;
  }
  into.push({ memoryMb, p50Ms: s.p50Ms, p99Ms: p99Ms !== undefined && Number.isFinite(p99Ms) ? p99Ms : undefined, cost: s.costPerInvocationUsd });
}

function judge(cands: readonly Candidate[], weight: number): StartRecommendation {
  const normP50 = normaliser(cands.map((c) => c.p50Ms));
  const hasP99 = cands.every((c) => c.p99Ms !== undefined);
  const normP99 = hasP99 ? normaliser(cands.map((c) => c.p99Ms!)) : undefined;
  const normCost = normaliser(cands.map((c) => c.cost));
  const speed = (c: Candidate) => (normP99 ? (normP50(c.p50Ms) + normP99(c.p99Ms!)) / 2 : normP50(c.p50Ms));
  const score = (c: Candidate) => weight * speed(c) + (1 - weight) * normCost(c.cost);

  const faster = (a: Candidate, b: Candidate) => cmp(a.p50Ms, b.p50Ms) || cmp(a.p99Ms ?? 0, b.p99Ms ?? 0);
  const cheaper = (a: Candidate, b: Candidate) => cmp(a.cost, b.cost);
  const smaller = (a: Candidate, b: Candidate) => a.memoryMb - b.memoryMb;

  const cheapest = best(cands, (a, b) => cheaper(a, b) || faster(a, b) || smaller(a, b));
  const fastest = best(cands, (a, b) => faster(a, b) || cheaper(a, b) || smaller(a, b));
  const balanced = best(cands, (a, b) => cmp(score(a), score(b)) || faster(a, b) || cheaper(a, b) || smaller(a, b));
  return {
    cheapest: pick(cheapest),
    fastest: pick(fastest),
    balanced: { ...pick(balanced), score: score(balanced) },
    candidates: cands.map((c) => c.memoryMb),
  };
}

function pick(c: Candidate): MemoryPick {
  return { memoryMb: c.memoryMb, p50Ms: c.p50Ms, ...(c.p99Ms !== undefined ? { p99Ms: c.p99Ms } : {}), costPerInvocationUsd: c.cost };
}

/** Maps values to [0, 1] by min-max; all equal maps to 0 (no setting is worse). */
function normaliser(values: readonly number[]): (v: number) => number {
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  return span > 0 ? (v) => (v - min) / span : () => 0;
}

/** Compares with a relative tolerance, so that float noise in sums is not a preference. */
function cmp(a: number, b: number): number {
  const tol = 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= tol ? 0 : a < b ? -1 : 1;
}

function best<T>(items: readonly T[], order: (a: T, b: T) => number): T {
  let winner = items[0]!;
  for (let i = 1; i < items.length; i++) if (order(items[i]!, winner) < 0) winner = items[i]!;
  return winner;
}
