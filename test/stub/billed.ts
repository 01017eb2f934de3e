// Billed Duration is computed from the exact durations, which a REPORT line
// prints to 2 decimals (each ±0.005 ms): the printed figures pin it down to
// the integers their rounding allows, never one value.

/** The Billed Durations (ms) that printed durations summing to `printedMs` (from `terms` printed values) allow. */
export function billedFromPrinted(printedMs: number, terms = 1): number[] {
  const slack = 0.005 * terms;
  const low = Math.max(1, Math.ceil(printedMs - slack));
  const high = Math.max(1, Math.ceil(printedMs + slack));
  return low === high ? [low] : [low, high];
}
