// How Lambda turns measured time into billed time.

/**
 * Billed Duration, Lambda's rule for on-demand functions since August 2025:
 * rounded up to the next millisecond, the init phase included on a cold
 * start, never less than 1 ms.
 */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined): number {
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}
