// One invocation as an environment runs it: its request, its timings, the
// lines it keeps, the headers it is handed over with, and its timeout.

import { performance } from 'node:perf_hooks';
import type { CpuWait } from './cpu-wait';
import { LineTail } from './output-capture';
import type { InvokeOutcome, InvokeRequest } from './types';

/** Resolved instead of an outcome when the invocation was never handed over and may run elsewhere. */
export const RETRY = Symbol('retry');
export type EnvironmentOutcome = InvokeOutcome | typeof RETRY;

export class Invocation {
  /** Made at the first line: most invocations of a quiet function print none. */
  lines: LineTail | undefined;
  /** When the event was handed over; 0 until then. */
  deliveredAt = 0;
  /**
   * The start of Duration: the hand-over, or, when the init is re-run inside
   * this invocation (a suppressed init), that re-run's start, so that Duration
   * holds it as Lambda's does. 0 until either.
   */
  startedAt = 0;
  /** When the result came in: the end of Duration, as on Lambda; 0 until then. */
  answeredAt = 0;
  /** How long its runtime waited for a CPU from the hand-over to the result (cpu-wait.ts); undefined when unknown. */
  cpuWait: CpuWait | undefined;
  /** Bounds a queued invocation whose runtime never asks for it, and one whose init is re-run (from that re-run's start). */
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly req: InvokeRequest,
    readonly resolve: (outcome: EnvironmentOutcome) => void,
    /** Came while its environment was starting: its log shows the init phase and its REPORT the Init Duration. */
    readonly cold: boolean,
  ) {}

  /** Start (hand-over or re-run init) → result posted; to now when it ends without a result; 0 if it never started. */
  durationMs(): number {
    return this.startedAt === 0 ? 0 : (this.answeredAt !== 0 ? this.answeredAt : performance.now()) - this.startedAt;
  }

  /** Keeps one line of the runtime's output in this invocation's log tail. */
  keep(line: string): void {
    (this.lines ??= new LineTail()).push(line);
  }
}

function traceId(requestId: string, nowMs: number): string {
  // A request id is a UUID (8-4-4-4-12): its 32 hex digits without a regex on every invocation.
  const hex =
    requestId.length === 36
      ? requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18) + requestId.slice(19, 23) + requestId.slice(24)
      : requestId.replace(/-/g, '').padEnd(32, '0');
  return 'Root=1-' + Math.floor(nowMs / 1000).toString(16) + '-' + hex.slice(0, 24) + ';Parent=' + hex.slice(16, 32) + ';Sampled=0';
}

/** The header lines of the /next answer that hands `req` over at `nowMs` (each ends in \r\n). */
export function eventHeaders(req: InvokeRequest, nowMs: number, timeoutMs: number): string {
  let headers =
    'Content-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: ' +
    req.requestId +
    '\r\nLambda-Runtime-Deadline-Ms: ' +
    (nowMs + timeoutMs) +
    '\r\nLambda-Runtime-Invoked-Function-Arn: ' +
    req.invokedArn +
    '\r\nLambda-Runtime-Trace-Id: ' +
    traceId(req.requestId, nowMs) +
    '\r\nContent-Length: ' +
    req.payload.length +
    '\r\n';
  if (req.clientContext !== undefined && req.clientContext !== '') {
    // Decoded JSON; line breaks (legal JSON whitespace) would end the header.
    const context = Buffer.from(req.clientContext, 'base64').toString('utf8').replace(/[\r\n]+/g, ' ');
    headers += 'Lambda-Runtime-Client-Context: ' + context + '\r\n';
  }
  return headers;
}

/**
 * The timeout of the invocation handed over. One timer per environment,
 * re-armed with refresh() at each hand-over: a new timer and its clearing
 * cost several times more than the rest of the hand-over.
 */
export class TimeoutWatch {
  private watched: Invocation | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: (inv: Invocation) => void,
  ) {}

  /** Starts the clock of `inv`, handed over now. */
  watch(inv: Invocation): void {
    this.watched = inv;
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        // Fires after the last hand-over's timeout, whether or not that invocation is still running.
        if (this.watched !== undefined) this.onTimeout(this.watched);
      }, this.timeoutMs);
      // It stays armed between invocations; the runtime's own handles keep the loop alive while one runs.
      this.timer.unref();
    } else {
      this.timer.refresh();
    }
  }

  /** `inv` has ended: its clock no longer runs. */
  release(inv: Invocation): void {
    if (this.watched === inv) this.watched = undefined;
  }

  /** The environment is dead. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
