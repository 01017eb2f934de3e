// Closed-model execution shared by the patterns that wait for each invocation
// before handing out the next one (per worker).

import type { PatternDriver, Schedule } from './types';

/**
 * `workers` loops each make invocations until `count` have been handed out in
 * all or the run is aborted. `before` runs ahead of each invocation (a forced
 * cold start). Resolves once every in-flight invocation has finished.
 */
async function runClosed(
  driver: PatternDriver,
  count: number,
  workers: number,
  before?: () => Promise<void>,
): Promise<void> {
  let handedOut = 0;
  const worker = async (): Promise<void> => {
    while (handedOut < count && !driver.signal.aborted) {
      handedOut++;
      if (before) {
        await before();
        if (driver.signal.aborted) return;
      }
      await driver.invoke({});
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(workers, count)) }, () => worker()),
  );
  // Wait for every worker before surfacing a failure, so nothing is left in flight.
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The Schedule of `count` invocations over `workers` closed loops; `before` runs ahead of each one. */
export function closedSchedule(count: number, workers: number, before?: (driver: PatternDriver) => Promise<void>): Schedule {
  return {
    invocations: count,
    estimateWallMs: (latency) => Math.ceil(count / Math.min(workers, count)) * latency,
    run: (driver) => runClosed(driver, count, workers, before && (() => before(driver))),
  };
}
