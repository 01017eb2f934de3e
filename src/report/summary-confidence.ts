// run.json's `percentiles` section: the client percentiles of every
// summary.csv row with their 95 % confidence intervals, so a reader of
// run.json alone can tell a real difference from noise.

import { CONFIDENCE_LEVEL, EXACT_MAX_N } from '../measure/confidence';
import { HISTOGRAM_SIGNIFICANT_DIGITS } from '../measure/histograms';
import type { SummaryRow } from './summary';

export const PERCENTILE_CI_METHOD =
  `distribution-free ${CONFIDENCE_LEVEL * 100}% interval of each percentile from order statistics: ` +
  `the bounds are the samples at the ranks the binomial distribution B(n, p) gives ` +
  `(exact binomial up to ${EXACT_MAX_N} samples, normal approximation above), read from the group's HDR histogram ` +
  `(${HISTOGRAM_SIGNIFICANT_DIGITS} significant digits); null where the group is too small for the rank needed ` +
  `(a median needs 6 samples, a p90 36, a p99 368)`;

export interface PercentileWithInterval {
  readonly ms: number | null;
  readonly low_ms: number | null;
  readonly high_ms: number | null;
}

export interface GroupPercentiles {
  readonly phase: string;
  readonly memory_mb: number | null;
  readonly start_type: string;
  readonly count: number;
  readonly client_p50: PercentileWithInterval;
  readonly client_p90: PercentileWithInterval;
  readonly client_p99: PercentileWithInterval;
}

export interface PercentilesSection {
  readonly level: number;
  readonly method: string;
  readonly groups: readonly GroupPercentiles[];
}

const n = (v: number | undefined): number | null => (v === undefined ? null : v);

export function percentilesSection(rows: readonly SummaryRow[]): PercentilesSection {
  return {
    level: CONFIDENCE_LEVEL,
    method: PERCENTILE_CI_METHOD,
    groups: rows.map((r) => ({
      phase: r.phase,
      memory_mb: n(r.memory_mb),
      start_type: r.start_type,
      count: r.count,
      client_p50: { ms: n(r.client_p50_ms), low_ms: n(r.client_p50_low_ms), high_ms: n(r.client_p50_high_ms) },
      client_p90: { ms: n(r.client_p90_ms), low_ms: n(r.client_p90_low_ms), high_ms: n(r.client_p90_high_ms) },
      client_p99: { ms: n(r.client_p99_ms), low_ms: n(r.client_p99_low_ms), high_ms: n(r.client_p99_high_ms) },
    })),
  };
}
