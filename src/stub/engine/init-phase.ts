// The init phase of one execution environment, as Lambda bounds and reports
// it: from the spawn to the runtime's first /next (or its init error, or its
// exit), given up after 10 seconds.

import { performance } from 'node:perf_hooks';

/** How long an init may take before the environment is given up. */
export const INIT_LIMIT_MS = 10_000;

/**
 * The init limit of an environment. Lambda's 10 s does not apply to provisioned
 * concurrency (nor SnapStart): their init may run for 130 s or the function's
 * timeout, whichever is higher
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html, Init phase).
 */
export function initLimitMs(initializationType: string, timeoutSec: number): number {
  return initializationType === 'on-demand' ? INIT_LIMIT_MS : Math.max(130, timeoutSec) * 1000;
}

export class InitPhase {
  private startedAt = 0;
  private duration: number | undefined;
  private limit: NodeJS.Timeout | undefined;

  /** Init Duration; undefined until init ends. */
  get durationMs(): number | undefined {
    return this.duration;
  }

  /** Starts the clock at the spawn; `onTimeout` runs if init has not ended `limitMs` later. */
  begin(onTimeout: () => void, limitMs: number = INIT_LIMIT_MS): void {
    this.startedAt = performance.now();
    this.limit = setTimeout(() => {
      if (this.duration === undefined) onTimeout();
    }, limitMs);
    this.limit.unref();
  }

  /** Ends init now: its duration, or undefined when it had already ended. */
  end(): number | undefined {
    if (this.duration !== undefined) return undefined;
    clearTimeout(this.limit);
    this.duration = performance.now() - this.startedAt;
    return this.duration;
  }

  /** The environment is dead: without this the timer keeps it (buffers, log lines) reachable for up to 10 s. */
  cancel(): void {
    clearTimeout(this.limit);
  }
}
