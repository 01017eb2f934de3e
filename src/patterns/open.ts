// Open-model execution shared by `rate` and `ramp`: invocation i is due at a
// fixed offset from the start and is fired then, whether or not earlier ones
// have finished. Its slot carries the due time, so latency is charged from
// when it should have started (no coordinated omission). When the process
// falls behind, every overdue slot is fired at once with its original due time.

import type { PatternDriver, Schedule } from './types';

export interface OpenSchedule {
  /** Number of invocations. */
  readonly invocations: number;
  /** Due time of invocation i (0-based), in ms after the start. */
  dueOffsetMs(i: number): number;
  /**
   * Optional cap on invocations in flight (a client-side safety valve). While
   * at the cap, due slots wait, but keep their due time, so the wait shows up
   * as latency rather than vanishing.
   */
  readonly maxInFlight?: number;
}

/** Invocations whose cumulative count over the schedule is `cumulative`; tolerant of float error (2.9999999 is 3). */
export function wholeInvocations(cumulative: number): number {
  return Math.floor(cumulative + 1e-9);
}

/** The Schedule a pattern hands the run for an open schedule. */
export function openSchedule(schedule: OpenSchedule): Schedule {
  return {
    invocations: schedule.invocations,
    estimateWallMs: (latency) => estimateOpenWallMs(schedule, latency),
    run: (driver) => runOpen(driver, schedule),
  };
}

export async function runOpen(driver: PatternDriver, schedule: OpenSchedule): Promise<void> {
  const { signal } = driver;
  const inFlight = new Set<Promise<void>>();
  let failure: { readonly reason: unknown } | undefined;
  let freed: (() => void) | undefined;
  const start = driver.now();

  for (let i = 0; i < schedule.invocations && !signal.aborted; i++) {
    const due = start + schedule.dueOffsetMs(i);
    // Timers may wake a fraction of a ms early: sleep again rather than send early.
    for (let wait = due - driver.now(); wait > 0 && !signal.aborted; wait = due - driver.now()) {
      await driver.sleep(wait);
    }
    if (signal.aborted) break;
    if (schedule.maxInFlight !== undefined) {
      while (inFlight.size >= schedule.maxInFlight && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            signal.removeEventListener('abort', done);
            freed = undefined;
            resolve();
          };
          freed = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
      if (signal.aborted) break;
    }
    const p: Promise<void> = driver.invoke({ intendedAt: due }).then(
      () => undefined,
      (reason: unknown) => { failure ??= { reason }; },
    ).finally(() => {
      inFlight.delete(p);
      freed?.();
    });
    inFlight.add(p);
  }
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  if (failure) throw failure.reason;
}

/** Wall time of an open schedule: the last due time plus one latency, or longer when the cap throttles it. */
export function estimateOpenWallMs(schedule: OpenSchedule, assumedLatencyMs: number): number {
  if (schedule.invocations === 0) return 0;
  const last = schedule.dueOffsetMs(schedule.invocations - 1) + assumedLatencyMs;
  if (schedule.maxInFlight === undefined) return last;
  return Math.max(last, Math.ceil(schedule.invocations / schedule.maxInFlight) * assumedLatencyMs);
}
