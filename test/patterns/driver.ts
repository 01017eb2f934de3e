// A PatternDriver for tests: records every call with its time and slot, and
// lets a test choose how long an invocation takes and when to abort. This is
// the whole seam a pattern sees; no target is involved.

import { performance } from 'node:perf_hooks';
import type { PatternDriver, Slot } from '../../src/patterns/types';
import { abortableSleep } from '../../src/run/sleep';

export interface Call {
  readonly kind: 'invoke' | 'fresh';
  /** Index among invocations (fresh calls: -1). */
  readonly n: number;
  readonly at: number;
  readonly intendedAt: number | undefined;
  /** Invocations in flight when this one started, itself included. */
  readonly inFlight: number;
  end?: number;
}

export interface RecordingDriver extends PatternDriver {
  readonly calls: Call[];
  readonly invocations: Call[];
  readonly maxInFlight: number;
  readonly inFlight: number;
  readonly controller: AbortController;
}

export interface DriverOptions {
  /** How long invocation n takes (ms, real time). */
  latencyMs?: (n: number) => number;
  /** Called at the start of invocation n (e.g. to abort). */
  onInvoke?: (n: number, driver: RecordingDriver) => void;
}

export function recordingDriver(opts: DriverOptions = {}): RecordingDriver {
  const controller = new AbortController();
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let n = 0;
  const driver: RecordingDriver = {
    calls,
    get invocations() { return calls.filter((c) => c.kind === 'invoke'); },
    get maxInFlight() { return maxInFlight; },
    get inFlight() { return inFlight; },
    controller,
    signal: controller.signal,
    now: () => performance.now(),
    async invoke(slot: Slot) {
      const index = n++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const call: Call = { kind: 'invoke', n: index, at: performance.now(), intendedAt: slot.intendedAt, inFlight };
      calls.push(call);
      opts.onInvoke?.(index, driver);
      const latency = opts.latencyMs?.(index) ?? 0;
      await new Promise((r) => setTimeout(r, latency));
      call.end = performance.now();
      inFlight--;
    },
    async freshEnvironment() {
      calls.push({ kind: 'fresh', n: -1, at: performance.now(), intendedAt: undefined, inFlight });
      await new Promise((r) => setTimeout(r, 1));
    },
    sleep: (ms: number) => abortableSleep(ms, controller.signal),
  };
  return driver;
}

/** Differences between consecutive values. */
export function gaps(values: readonly number[]): number[] {
  return values.slice(1).map((v, i) => v - values[i]!);
}
