// A 95 % confidence interval of the difference of two medians (B − A), from
// the raw latencies of two independent runs, by the percentile bootstrap with
// a fixed seed (the same data give the same interval every time).
//
// Each bootstrap replicate's median is drawn exactly rather than by
// resampling n values: resampling n indices uniformly from the sorted sample
// is ceil(n·U) for n uniforms U, so the resample's h-th smallest value is the
// sorted sample at index ceil(n·U(h)), and U(h), the h-th smallest of n
// uniforms, follows Beta(h, n − h + 1). One Beta draw per replicate and side
// instead of n draws and a selection: the interval of a million-row group
// costs what a ten-row one does, and is the same bootstrap.

/** Fewer samples than this on either side: no interval (the median itself has none below 6, see ./confidence.ts). */
export const MIN_SAMPLES = 6;
export const RESAMPLES = 10_000;
export const SEED = 0x5eed;

export interface MedianDifference {
  /** Nearest-rank medians of A and B and their difference B − A, ms. */
  readonly medianA: number;
  readonly medianB: number;
  readonly diff: number;
  /** Percentile-bootstrap 95 % interval of B − A. */
  readonly low: number;
  readonly high: number;
  /** The interval excludes 0. */
  readonly significant: boolean;
}

/** undefined when either side has fewer than MIN_SAMPLES finite values. */
export function medianDifference(a: readonly number[], b: readonly number[], level = 0.95, resamples = RESAMPLES, seed = SEED): MedianDifference | undefined {
  const sa = sortedFinite(a);
  const sb = sortedFinite(b);
  if (sa.length < MIN_SAMPLES || sb.length < MIN_SAMPLES) return undefined;
  const rand = mulberry32(seed);
  const normal = normalSource(rand);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) draws[r] = resampledMedian(sb, rand, normal) - resampledMedian(sa, rand, normal);
  draws.sort();
  const tail = (1 - level) / 2;
  const low = draws[Math.max(0, Math.floor(tail * resamples))]!;
  const high = draws[Math.min(resamples - 1, Math.ceil((1 - tail) * resamples) - 1)]!;
  const medianA = median(sa);
  const medianB = median(sb);
  return { medianA, medianB, diff: medianB - medianA, low, high, significant: low > 0 || high < 0 };
}

function sortedFinite(values: readonly number[]): Float64Array {
  const out = Float64Array.from(values.filter((v) => Number.isFinite(v)));
  out.sort();
  return out;
}

/** Nearest rank, as summary.csv's p50: the value at rank ⌈n/2⌉. */
function median(sorted: Float64Array): number {
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
}

function resampledMedian(sorted: Float64Array, rand: () => number, normal: () => number): number {
  const n = sorted.length;
  const h = Math.ceil(n / 2);
  const u = beta(h, n - h + 1, rand, normal);
  const index = Math.min(n, Math.max(1, Math.ceil(n * u)));
  return sorted[index - 1]!;
}

/** Beta(a, b) as X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b). */
function beta(a: number, b: number, rand: () => number, normal: () => number): number {
  const x = gamma(a, rand, normal);
  const y = gamma(b, rand, normal);
  return x / (x + y);
}

/** Marsaglia and Tsang's method for Gamma(shape ≥ 1, 1) (ACM TOMS 26(3), 2000). */
function gamma(shape: number, rand: () => number, normal: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Standard normal draws by Box–Muller, two per pair of uniforms. */
function normalSource(rand: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** mulberry32: a small seeded generator, enough for a bootstrap. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
