// Distribution-free confidence intervals for a percentile, from order
// statistics. If K counts the samples below the true p-quantile, K follows
// the binomial distribution B(n, p) whatever the latency distribution is, so
// the interval [x(l), x(u)] between the l-th and u-th smallest samples covers
// the quantile with probability P(l ≤ K < u) = F(u − 1) − F(l − 1), F being
// the binomial CDF. We pick the narrowest equal-tailed ranks with at least
// the asked coverage (each tail at most (1 − level) / 2).
//
// Exact or approximate: the binomial CDF is summed exactly (in log space, so
// (1 − p)^n does not underflow) up to EXACT_MAX_N samples. Small groups are
// where it matters: cold starts are often a few dozen, and a p99's binomial is
// skewed there, so the normal approximation would give too short an interval.
// Above EXACT_MAX_N even the p99 has n·p·(1 − p) ≥ 990, where the normal
// approximation is off by well under one rank, and the exact sum would cost
// O(n) per percentile for nothing.

/** Ranks are 1-based: x(1) is the smallest sample, x(n) the largest. */
export interface RankInterval {
  readonly lowRank: number;
  readonly highRank: number;
}

/** 95%: the level of every interval coldbench writes. */
export const CONFIDENCE_LEVEL = 0.95;

export const EXACT_MAX_N = 100_000;

/** z for a two-sided 95% normal interval. */
const Z_95 = 1.959963984540054;

/**
 * The ranks bounding a `level` confidence interval of the p-quantile
 * (0 < p < 1) of n samples; undefined when n is too small for one (the
 * rank needed falls outside 1..n: e.g. a median needs n ≥ 6 at 95%, a p99
 * needs n ≥ 368 for its upper bound).
 */
export function quantileRankInterval(n: number, p: number, level = CONFIDENCE_LEVEL): RankInterval | undefined {
  if (!Number.isInteger(n) || n <= 0 || !(p > 0 && p < 1)) return undefined;
  const tail = (1 - level) / 2;
  const r = n <= EXACT_MAX_N ? exactRanks(n, p, tail) : normalRanks(n, p, level === CONFIDENCE_LEVEL ? Z_95 : normalQuantile(1 - tail));
  if (r.lowRank < 1 || r.highRank > n) return undefined;
  return r;
}

/**
 * l = the largest rank with F(l − 1) ≤ tail, u = the smallest with
 * F(u − 1) ≥ 1 − tail: each tail's probability is at most `tail`.
 */
function exactRanks(n: number, p: number, tail: number): RankInterval {
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p); // log P(K = 0)
  let cdf = 0; // F(k − 1) before adding k
  let lowRank = 0; // 0: even F(0) > tail, so no rank ≥ 1 works
  let highRank = n + 1; // n + 1: F(n − 1) < 1 − tail, so no rank ≤ n works
  for (let k = 0; k <= n; k++) {
    // Here cdf = F(k − 1): rank k + 1 as the low bound needs F(k) ≤ tail, tested after adding.
    cdf += Math.exp(logPmf);
    // cdf = F(k)
    if (cdf <= tail) lowRank = k + 1;
    if (cdf >= 1 - tail) {
      highRank = k + 1;
      break;
    }
    logPmf += Math.log(n - k) - Math.log(k + 1) + logRatio;
  }
  return { lowRank, highRank };
}

/** The normal approximation of the same ranks, rounded outwards so the coverage stays at least the level. */
function normalRanks(n: number, p: number, z: number): RankInterval {
  const sd = Math.sqrt(n * p * (1 - p));
  return { lowRank: Math.floor(n * p - z * sd), highRank: Math.ceil(n * p + z * sd) + 1 };
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(q: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowQ = 0.02425;
  if (q <= 0) return -Infinity;
  if (q >= 1) return Infinity;
  if (q < lowQ) {
    const t = Math.sqrt(-2 * Math.log(q));
    return (((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) / ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1);
  }
  if (q > 1 - lowQ) return -normalQuantile(1 - q);
  const t = q - 0.5;
  const r = t * t;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * t) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
