// Says when the host, not the function, set an invocation's time: per
// function and memory size, over windows of invocations, the median wait for
// a CPU this machine did not give (cpu-wait.ts) against the median Duration.
// The same rule judges a whole run in the harness (isMaterialHostWait).

/** Host wait is material from this share of Duration (medians)... */
export const HOST_WAIT_MATERIAL_SHARE = 0.1;
/**
 * ...and from this many ms: below it the wait is within the service's own
 * per-invocation overhead and under Billed Duration's 1 ms step, and a
 * no-op handler's sub-millisecond Duration would make any wait look large.
 */
export const HOST_WAIT_MATERIAL_MIN_MS = 0.5;

/** Whether a median host wait is a material share of a median Duration. */
export function isMaterialHostWait(medianHostWaitMs: number, medianDurationMs: number): boolean {
  return medianHostWaitMs >= HOST_WAIT_MATERIAL_MIN_MS && medianHostWaitMs >= HOST_WAIT_MATERIAL_SHARE * medianDurationMs;
}

export interface HostContention {
  readonly functionName: string;
  readonly memoryMb: number;
  /** Invocations in the window judged. */
  readonly invocations: number;
  readonly medianHostWaitMs: number;
  readonly medianThrottledMs: number;
  readonly medianDurationMs: number;
}

const WINDOW = 64;
const WINDOW_MS = 10_000;
const MIN_IN_WINDOW = 8;

class Window {
  readonly host: number[] = [];
  readonly throttled: number[] = [];
  readonly duration: number[] = [];
  constructor(readonly startedAt: number) {}
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export class ContentionWatch {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly report: (c: HostContention) => void) {}

  record(functionName: string, memoryMb: number, durationMs: number, hostWaitMs: number, throttledMs: number, now: number): void {
    const key = functionName + '\0' + memoryMb;
    let w = this.windows.get(key);
    if (w === undefined) {
      w = new Window(now);
      this.windows.set(key, w);
    }
    w.host.push(hostWaitMs);
    w.throttled.push(throttledMs);
    w.duration.push(durationMs);
    const full = w.host.length >= WINDOW || (w.host.length >= MIN_IN_WINDOW && now - w.startedAt >= WINDOW_MS);
    if (!full) return;
    this.windows.delete(key);
    const medianHostWaitMs = median(w.host);
    const medianDurationMs = median(w.duration);
    if (!isMaterialHostWait(medianHostWaitMs, medianDurationMs)) return;
    this.report({ functionName, memoryMb, invocations: w.host.length, medianHostWaitMs, medianThrottledMs: median(w.throttled), medianDurationMs });
  }
}
