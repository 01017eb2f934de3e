// One environment's log: every line goes to its stream in the log store, and
// each invocation's own log text (START … REPORT, for X-Amz-Log-Result) is
// built from the lines it kept, with the init phase's in the first one.

import type { Ending } from './endings';
import type { InitOutcome, InitRunPhase } from './init-phase';
import type { Invocation } from './invocation';
import { writeText } from '../../lambda/log';
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

  /**
   * An init begins. The text format prints INIT_START for the Init phase
   * only: an init re-run inside an invocation has none (real CloudWatch
   * streams show one INIT_START, then `Phase: init` and `Phase: invoke`
   * INIT_REPORTs).
   */
  initStart(phase: InitRunPhase = 'init'): void {
    if (phase !== 'init') return;
    const fn = this.fn;
    this.initLine(writeText({ kind: 'initStart', runtimeVersion: `${fn.runtime}.local`, runtimeVersionArn: `arn:aws:lambda:${fn.region}::runtime:coldbench-local` }));
  }

  /**
   * An init ended, in the phase it ran in ('invoke': re-run inside an
   * invocation). The text format prints INIT_REPORT only for one that failed
   * or timed out (a timeout without Error Type); a successful on-demand init's
   * time is the REPORT's Init Duration, a successful re-run's is in Duration.
   */
  initReport(phase: InitRunPhase, durationMs: number, status: InitOutcome, errorType: string | undefined): void {
    if (status === 'success') return;
    this.initLine(writeText({ kind: 'initReport', durationMs, phase, status, ...(status === 'error' && errorType !== undefined ? { errorType } : {}) }));
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
