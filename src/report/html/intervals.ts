// The 95% confidence intervals of summary.csv (client_p50_low_ms,
// client_p50_high_ms, and the same for p90 and p99), read from a summary row
// when the row has them. A row without them (an older result, or a group
// too small for the interval to mean anything) has none: the report then
// draws the percentile alone and says why.

import type { SummaryRow } from '../summary';

export type IntervalPercentile = 'p50' | 'p90' | 'p99';

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export function intervalOf(row: SummaryRow, p: IntervalPercentile): Interval | undefined {
  const cells = row as unknown as Readonly<Record<string, unknown>>;
  const low = cells[`client_${p}_low_ms`];
  const high = cells[`client_${p}_high_ms`];
  return typeof low === 'number' && typeof high === 'number' && Number.isFinite(low) && Number.isFinite(high) ? { low, high } : undefined;
}
