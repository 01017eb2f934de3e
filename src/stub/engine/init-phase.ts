// One init of an execution environment, as Lambda bounds and reports it: from
// the runtime's launch to its first /next (or its init error, its exit, its
// limit), and how it ended.
//
// Lambda's rules (AWS Lambda Developer Guide, "Understand the Lambda execution
// environment lifecycle",
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):
// - the Init phase is limited to 10 seconds; an init that fails or runs past
//   it prints `INIT_REPORT Init Duration: … ms	Phase: init	Status: error|timeout
//   [Error Type: …]`, and Lambda retries the init at the first invocation, with
//   the function's timeout ("Phase: invoke", a suppressed init);
// - a successful on-demand init prints no INIT_REPORT line of its own in the
//   text format: its time is the REPORT's `Init Duration`. A suppressed init
//   that succeeds prints none either, and its time is part of the REPORT's
//   Duration (real logs: bitesizedserverless.com, "When is the Lambda Init
//   Phase Free, and when is it Billed?": an init sleeping 10 s shows no Init
//   Duration and a Duration of 12079.53 ms).

import { performance } from 'node:perf_hooks';
import { PlatformErrorType } from '../../lambda/errors';
import type { InitPhase as InitPhaseName } from '../../lambda/log';

/** How long an on-demand init may take before Lambda gives it up (and re-runs it inside the first invocation). */
export const INIT_LIMIT_MS = 10_000;

/** How an init ended. */
export type InitOutcome = 'success' | 'error' | 'timeout';

/** The phase an init runs in: 'init' (the environment's own Init phase) or 'invoke' (re-run inside an invocation). */
export type InitRunPhase = Extract<InitPhaseName, 'init' | 'invoke'>;

// Unanchored, as Go's regexp.MatchString applies it in the emulator.
const PLATFORM_NAMED = /(Runtime|Function)\.[A-Z][a-zA-Z]+/;

/**
 * The Error Type Lambda prints for an init error the runtime posted: a
 * `Runtime.*` or `Function.*` name as posted, any other (a function's own
 * `Error`, `KeyError`, …) as `Runtime.Unknown`. Real lines show both: a
 * Node.js syntax error gives `Error Type: Runtime.UserCodeSyntaxError`, a
 * ReferenceError thrown at import `Error Type: Runtime.Unknown`; AWS's runtime
 * interface emulator applies the same rule to /init/error and to
 * /invocation/{id}/error (internal/lambda/fatalerror,
 * GetValidRuntimeOrFunctionErrorType; rapi/handler/invocationerror.go).
 */
export function initErrorType(posted: string | undefined): string {
  if (posted === undefined) return PlatformErrorType.RuntimeUnknown;
  if (PLATFORM_NAMED.test(posted)) return posted;
  return posted.startsWith('Function.') ? 'Function.Unknown' : PlatformErrorType.RuntimeUnknown;
}

export class InitPhase {
  private startedAt = 0;
  private duration: number | undefined;
  private result: InitOutcome | undefined;
  private limit: NodeJS.Timeout | undefined;

  constructor(readonly phase: InitRunPhase) {}

  /** Its duration; undefined until it ends. */
  get durationMs(): number | undefined {
    return this.duration;
  }

  /** How it ended; undefined while it runs. */
  get outcome(): InitOutcome | undefined {
    return this.result;
  }

  /**
   * The REPORT's Init Duration: only an Init phase that succeeded has one. A
   * failed one is reported by its INIT_REPORT; a suppressed one is inside Duration.
   */
  get reportedMs(): number | undefined {
    return this.phase === 'init' && this.result === 'success' ? this.duration : undefined;
  }

  /**
   * Starts the clock at the launch. With `limitMs`, `onTimeout` runs if the
   * init has not ended by then (a suppressed init has no limit of its own: the
   * invocation's timeout bounds it).
   */
  begin(limitMs?: number, onTimeout?: () => void): void {
    this.startedAt = performance.now();
    if (limitMs === undefined || onTimeout === undefined) return;
    this.limit = setTimeout(() => {
      if (this.result === undefined) onTimeout();
    }, limitMs);
    this.limit.unref();
  }

  /** Ends it now with `outcome`: its duration, or undefined when it had already ended. */
  end(outcome: InitOutcome = 'success'): number | undefined {
    if (this.result !== undefined) return undefined;
    clearTimeout(this.limit);
    this.result = outcome;
    this.duration = performance.now() - this.startedAt;
    return this.duration;
  }

  /** The environment is dead: without this the timer keeps it (buffers, log lines) reachable until the limit. */
  cancel(): void {
    clearTimeout(this.limit);
  }
}

/**
 * The init limit of an environment. Lambda's 10 s does not apply to provisioned
 * concurrency (nor SnapStart): their init may run for 130 s or the function's
 * timeout, whichever is higher
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html, Init phase).
 */
export function initLimitFor(initializationType: string, timeoutSec: number): number {
  return initializationType === 'on-demand' ? INIT_LIMIT_MS : Math.max(130, timeoutSec) * 1000;
}
