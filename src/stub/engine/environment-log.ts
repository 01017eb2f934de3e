// One environment's log: every line goes to its stream in the log store, and
// each invocation's own log text (START … REPORT, for X-Amz-Log-Result) is
// built from the lines it kept, with the init phase's in the first one.

import type { Ending } from './endings';
import type { Invocation } from './invocation';
import { writeText } from '../../lambda/log';
import { endLine, logGroupName, logStreamName, reportLine, startLine } from './log-format';
import type { LogStore } from './log-store';
import { LineTail } from './output-capture';
import type { FunctionSnapshot, InvokeOutcome } from './types';
import { billedRestoreDurationMs } from '../../lambda/snapstart';

/** An environment restored from a SnapStart snapshot: how much of its restore is billed. */
export interface RestoreBilling {
  /** The billable part of a restore that took `restoreDurationMs` (the runtime's load and its hooks, not the snapshot's restore). */
  billableMs(restoreDurationMs: number): number;
}

export class EnvironmentLog {
  readonly group: string;
  readonly stream: string;
  /** Output and platform lines of the init phase, shown in the first invocation's log. */
  private initLines = new LineTail();

  constructor(
    private readonly logs: LogStore,
    private readonly fn: FunctionSnapshot,
    /** Set for an environment restored from a snapshot: its phase before the first event is a restore, logged as one. */
    private readonly restore?: RestoreBilling,
  ) {
    this.group = logGroupName(fn.name);
    this.stream = logStreamName(fn.version);
  }

  initStart(): void {
    const fn = this.fn;
    if (this.restore !== undefined) {
      this.initLine(writeText({ kind: 'restoreStart', runtimeVersion: `${fn.runtime}.local`, runtimeVersionArn: `arn:aws:lambda:${fn.region}::runtime:coldbench-local` }));
      return;
    }
    this.initLine(writeText({ kind: 'initStart', runtimeVersion: `${fn.runtime}.local`, runtimeVersionArn: `arn:aws:lambda:${fn.region}::runtime:coldbench-local` }));
  }

  /**
   * The init (or restore) ended and the runtime asked for its first event.
   * A restore prints RESTORE_REPORT then, as a real text log shows
   * (github.com/docwho2/java-connect-lex-chatgpt README: RESTORE_START,
   * RESTORE_REPORT Restore Duration: 398.97 ms, START …); an on-demand init
   * prints nothing in the text format.
   */
  initEnded(durationMs: number): void {
    if (this.restore !== undefined) this.initLine(writeText({ kind: 'restoreReport', durationMs, status: 'success' }));
  }

  /** INIT_REPORT of an init that failed (RESTORE_REPORT of a restore). */
  initError(durationMs: number, errorType: string): void {
    if (this.restore !== undefined) {
      this.initLine(writeText({ kind: 'restoreReport', durationMs, status: 'error', errorType }));
      return;
    }
    this.initLine(writeText({ kind: 'initReport', durationMs, phase: 'init', status: 'error', errorType }));
  }

  /** INIT_REPORT of an init that timed out. */
  initTimeout(durationMs: number): void {
    if (this.restore !== undefined) {
      this.initLine(writeText({ kind: 'restoreReport', durationMs, status: 'timeout' }));
      return;
    }
    this.initLine(writeText({ kind: 'initReport', durationMs, phase: 'init', status: 'timeout' }));
  }

  /** START, when the event is handed over. */
  start(requestId: string, atMs: number): void {
    this.logs.append(this.group, this.stream, atMs, startLine(requestId, this.fn.version));
  }

  /**
   * A line the runtime printed: in the stream, and in the log of `inv` if it
   * was handed over, else in the init phase's lines while `duringInit`.
   */
  output(line: string, inv: Invocation | undefined, duringInit: boolean): void {
    this.logs.append(this.group, this.stream, Date.now(), line);
    if (inv !== undefined && inv.deliveredAt !== 0) inv.keep(line);
    else if (duringInit) this.initLines.push(line);
  }

  /**
   * Writes the invocation's last platform lines (END, REPORT, and START if it
   * was never handed over) and returns its outcome with its log text.
   */
  finish(inv: Invocation, ending: Ending, durationMs: number, initDurationMs: number | undefined, maxMemoryUsedMb: number): InvokeOutcome {
    const initLines = this.initLines.lines;
    if (initLines.length > 0) this.initLines = new LineTail();
    const requestId = inv.req.requestId;
    const logs = this.logs;
    const now = Date.now();
    let text = '';
    for (const line of initLines) text += line + '\n';
    const start = startLine(requestId, this.fn.version);
    // Never handed over (failed init or start): Lambda still logs START.
    if (inv.deliveredAt === 0) logs.append(this.group, this.stream, now, start);
    text += start + '\n';
    if (inv.lines !== undefined) for (const line of inv.lines.lines) text += line + '\n';
    if (ending.extraLines !== undefined) {
      for (const line of ending.extraLines) {
        logs.append(this.group, this.stream, now, line);
        text += line + '\n';
      }
    }
    const end = endLine(requestId);
    // A restored environment's first report has Restore Duration instead of Init Duration.
    const restored = this.restore !== undefined && initDurationMs !== undefined;
    const report = reportLine({
      requestId,
      durationMs,
      memorySizeMb: this.fn.memoryMb,
      maxMemoryUsedMb,
      ...(restored
        ? { restoreDurationMs: initDurationMs, billedRestoreDurationMs: billedRestoreDurationMs(this.restore.billableMs(initDurationMs)) }
        : { initDurationMs }),
      status: ending.status,
      errorType: ending.errorType,
    });
    logs.append(this.group, this.stream, now, end);
    logs.append(this.group, this.stream, now, report);
    text += end + '\n' + report + '\n';
    return ending.functionError === undefined
      ? { kind: 'response', payload: ending.payload, log: text }
      : { kind: 'response', payload: ending.payload, functionError: ending.functionError, log: text };
  }

  private initLine(line: string): void {
    this.logs.append(this.group, this.stream, Date.now(), line);
    this.initLines.push(line);
  }
}
