// One environment's log: every line goes to its stream in the log store, and
// each invocation's own log text (START … REPORT, for X-Amz-Log-Result) is
// built from the lines it kept, with the init phase's in the first one.

import type { Ending } from './endings';
import type { Invocation } from './invocation';
import { type InitializationType, writeText } from '../../lambda/log';
import { endLine, logGroupName, logStreamName, reportLine, startLine } from './log-format';
import type { LogStore } from './log-store';
import { LineTail } from './output-capture';
import type { FunctionSnapshot, InvokeOutcome } from './types';

export class EnvironmentLog {
  readonly group: string;
  readonly stream: string;
  /** Output and platform lines of the init phase, shown in the first invocation's log. */
  private initLines = new LineTail();

  constructor(
    private readonly logs: LogStore,
    private readonly fn: FunctionSnapshot,
  ) {
    this.group = logGroupName(fn.name);
    this.stream = logStreamName(fn.version);
  }

  /** `initializationType` is carried by the JSON format's platform.initStart; the text line has no field for it. */
  initStart(initializationType: InitializationType = 'on-demand'): void {
    const fn = this.fn;
    this.initLine(writeText({
      kind: 'initStart', runtimeVersion: `${fn.runtime}.local`, runtimeVersionArn: `arn:aws:lambda:${fn.region}::runtime:coldbench-local`, initializationType,
    }));
  }

  /**
   * INIT_REPORT of an init that ended ahead of any invocation (provisioned
   * concurrency): written to the stream at its time, and the init's lines are
   * kept out of the first invocation's log, which did not wait for them.
   */
  initDoneAhead(durationMs: number, initializationType: InitializationType): void {
    this.logs.append(this.group, this.stream, Date.now(), writeText({ kind: 'initReport', durationMs, phase: 'init', status: 'success', initializationType }));
    this.initLines = new LineTail();
  }

  /** INIT_REPORT of an init that failed. */
  initError(durationMs: number, errorType: string): void {
    this.initLine(writeText({ kind: 'initReport', durationMs, phase: 'init', status: 'error', errorType }));
  }

  /** INIT_REPORT of an init that timed out. */
  initTimeout(durationMs: number): void {
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
    const report = reportLine({
      requestId,
      durationMs,
      memorySizeMb: this.fn.memoryMb,
      maxMemoryUsedMb,
      initDurationMs,
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
