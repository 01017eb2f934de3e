// The precision every number is kept at, in one place: the CSV writer prints
// exactly these values and the summary is built from them, so a summary
// rebuilt from invocations.csv is identical to the one written during the run.

/** Milliseconds are kept to the microsecond (3 decimals). */
export function toMicros(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) : 0;
}

/** A millisecond value as printed (3 decimals); NaN stays NaN. */
export function quantizeMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Costs are kept to 12 significant digits: far below a cent over any run, and exact through a CSV round trip. */
export const COST_SIGNIFICANT_DIGITS = 12;

export function quantizeCost(usd: number): number {
  return Number(usd.toPrecision(COST_SIGNIFICANT_DIGITS));
}
