// The seam between the run and whatever it invokes. A target turns one
// payload into one measured attempt and owns every change it makes to a
// function (journalled, undone by restore()). The run never talks to an SDK.

import type { ReportLine } from '../measure/report-line';
import type { Status } from '../measure/row';
import type { LoadSpec, TargetKind } from '../patterns/types';
import type { FunctionFacts } from './function-facts';

/** One measured attempt, as the target saw it. */
export interface Attempt {
  /** Monotonic ms (performance.now()) from the origin the caller gave to the end of the response. */
  readonly clientMs: number;
  readonly status: Status;
  readonly errorType: string | undefined;
  /** The error's message (the payload's errorMessage, the SDK error's message), in full: the row clips it. */
  readonly errorMessage?: string | undefined;
  readonly requestId: string | undefined;
  /** Response streaming: monotonic ms from the origin to the first PayloadChunk received. */
  readonly ttfbMs?: number;
  /**
   * The decoded log tail Lambda returned (LogType Tail: the last 4 KB of the
   * invocation's log), kept only on a failed attempt, for logs/ in the result
   * folder (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
   */
  readonly logTail?: string;
  /** The platform's report of this request (REPORT line or platform.report) with its start type, when the target has one. */
  readonly report: ReportLine | undefined;
  /**
   * 'estimated': no REPORT line can exist for this attempt (an http target
   * without a function to join), so its cost is priced from client time.
   */
  readonly billing?: 'estimated';
  /**
   * The qualifier invoked, when it is not the target's own: a SnapStart
   * function's $LATEST never runs, so the aws target invokes the version it
   * published (rows name it).
   */
  readonly qualifier?: string;
  /**
   * The local service's own measure of this invocation (its response
   * headers, docs/local-service.md): ms its runtime waited for a CPU this
   * machine did not give, and ms its CPU quota throttled it. Absent from
   * real Lambda, which sends neither.
   */
  readonly hostWaitMs?: number;
  readonly cpuThrottledMs?: number;
}

/** One request of a load, with the wall-clock time it was sent. */
export interface LoadAttempt extends Attempt {
  readonly startedAt: Date;
}

/** Where a load target hands its measured requests, in send order. */
export interface LoadRecorder {
  record(attempt: LoadAttempt): void;
}

export interface Target {
  readonly kind: TargetKind;
  /** Function name as rows show it. */
  readonly functionName: string;
  /** Qualifier invoked, as rows show it ('$LATEST' unless the scenario names one). */
  readonly qualifier: string | undefined;
  /** Memory the function is configured with now (known after open()), for rows without a REPORT line. */
  readonly memoryMb: number | undefined;
  /** Connects, starts what must run (the local service), reads the function's configuration. */
  open(): Promise<void>;
  /**
   * The function's own settings on the invoked qualifier, read by open()
   * (architecture, memory, ephemeral storage, logging, SnapStart, provisioned
   * concurrency); undefined when there is no function to read (http without
   * `function`).
   */
  functionFacts?(): FunctionFacts | undefined;
  /** Sets the function's memory (journalled, waited for); null leaves it as it is. */
  applyMemory(memoryMb: number | null): Promise<void>;
  /** Makes the next invocation run on a fresh execution environment (journalled, waited for). */
  freshEnvironment(): Promise<void>;
  /**
   * One synchronous invocation. `originMs` is the monotonic time latency is
   * measured from: the intended send time for open models, the send itself
   * otherwise. Never rejects: every failure is an Attempt with its status.
   */
  invoke(payload: Buffer, originMs: number): Promise<Attempt>;
  /**
   * Drives a whole load phase (http targets): every request becomes one
   * recorded attempt. Resolves when all are recorded; stops early on abort.
   */
  load?(spec: LoadSpec, recorder: LoadRecorder, signal: AbortSignal): Promise<void>;
  /** Facts for run.json gathered while running (the http target's log join), under their own keys. */
  runFacts?(): Readonly<Record<string, unknown>>;
  /** Puts back every change this target made; safe to call more than once. */
  restore(): Promise<void>;
  /** Releases connections and stops what open() started. */
  close(): Promise<void>;
}
