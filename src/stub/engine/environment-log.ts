// One environment's log: every line goes to its stream in the log store, and
// each invocation's own log text (START … REPORT, for X-Amz-Log-Result) is
// built from the lines it kept, with the init phase's in the first one.
// The stream is in the function's log group (LoggingConfig.LogGroup, else
// /aws/lambda/<name>). The platform's lines are the text format's, or with
// LogFormat JSON the records json-platform.ts writes and filters.

import type { Ending } from './endings';
import type { InitOutcome, InitRunPhase } from './init-phase';
import type { Invocation } from './invocation';
import { type InitializationType, writeText } from '../../lambda/log';
import { JsonPlatformLog, type RuntimeDone } from './json-platform';
import { billedRestoreDurationMs } from '../../lambda/snapstart';
import { endLine, logGroupOf, logStreamName, type ReportFields, reportLine, startLine } from './log-format';
import type { LogStore } from './log-store';
import { LineTail } from './output-capture';
import type { FunctionSnapshot, InvokeOutcome } from './types';

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
  /** The JSON format's records and level filters; undefined for the Text format. */
  private readonly json: JsonPlatformLog | undefined;
  /** JSON: the platform.start written at the hand-over, repeated as is in that invocation's log. */
  private startLines: readonly string[] = [];

  constructor(
    private readonly logs: LogStore,
    private readonly fn: FunctionSnapshot,
    /** Set for an environment restored from a snapshot: its phase before the first event is a restore, logged as one. */
    private readonly restore?: RestoreBilling,
    /** 'provisioned-concurrency': the init runs ahead of any invocation, and its lines stay in the stream. */
    private readonly initializationType: InitializationType = 'on-demand',
  ) {
    this.group = logGroupOf(fn);
    this.stream = logStreamName(fn.version);
    this.json = fn.logging.logFormat === 'JSON' ? new JsonPlatformLog(fn.logging, restore !== undefined ? 'snap-start' : initializationType) : undefined;
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
    const runtimeVersion = `${fn.runtime}.local`;
    const runtimeVersionArn = `arn:aws:lambda:${fn.region}::runtime:coldbench-local`;
    if (this.restore !== undefined) {
      if (this.json !== undefined) this.initRecords(this.json.restoreStart(fn, runtimeVersion, runtimeVersionArn, Date.now()));
      else this.initLine(writeText({ kind: 'restoreStart', runtimeVersion, runtimeVersionArn }));
      return;
    }
    if (this.json !== undefined) this.initRecords(this.json.initStart(fn, runtimeVersion, runtimeVersionArn, Date.now()));
    else this.initLine(writeText({ kind: 'initStart', runtimeVersion, runtimeVersionArn }));
  }

  /**
   * An init (or a SnapStart restore) ended, in the phase it ran in
   * ('invoke': re-run inside an invocation). The text format prints
   * INIT_REPORT only for one that failed or timed out (a timeout without
   * Error Type): a successful on-demand init's time is the REPORT's Init
   * Duration, a successful re-run's is in Duration. A restore prints
   * RESTORE_REPORT either way, as a real text log shows
   * (github.com/docwho2/java-connect-lex-chatgpt README: RESTORE_START,
   * RESTORE_REPORT Restore Duration: 398.97 ms, START …). JSON has the
   * runtime-done and report records (initRuntimeDone and initReport;
   * restoreRuntimeDone and restoreReport), filtered by SystemLogLevel.
   */
  initReport(phase: InitRunPhase, durationMs: number, status: InitOutcome, errorType: string | undefined): void {
    const now = Date.now();
    const withType = status === 'error' && errorType !== undefined ? { errorType } : {};
    if (this.restore !== undefined) {
      if (this.json !== undefined) this.initRecords(this.json.restoreEnd(durationMs, status, withType.errorType, now));
      else this.initLine(writeText({ kind: 'restoreReport', durationMs, status, ...withType }));
      return;
    }
    if (this.initializationType === 'provisioned-concurrency' && status === 'success') {
      // Done ahead of any invocation: its report is in the stream at its time, and the init's lines stay out of
      // the first invocation's log, which did not wait for them (provisioned.ts).
      const lines = this.json !== undefined ? this.json.initEnd(phase, durationMs, status, undefined, now)
        : [writeText({ kind: 'initReport', durationMs, phase, status })];
      for (const line of lines) this.logs.append(this.group, this.stream, now, line);
      this.initLines = new LineTail();
      return;
    }
    if (this.json !== undefined) {
      this.initRecords(this.json.initEnd(phase, durationMs, status, withType.errorType, now));
      return;
    }
    if (status === 'success') return;
    this.initLine(writeText({ kind: 'initReport', durationMs, phase, status, ...withType }));
  }

  /** START (JSON: platform.start), when the event is handed over. */
  start(requestId: string, atMs: number): void {
    if (this.json !== undefined) {
      this.startLines = this.json.start(requestId, this.fn.version, atMs);
      for (const line of this.startLines) this.logs.append(this.group, this.stream, atMs, line);
      return;
    }
    this.logs.append(this.group, this.stream, atMs, startLine(requestId, this.fn.version));
  }

  /**
   * A line the runtime printed: in the stream, and in the log of `inv` if it
   * was handed over, else in the init phase's lines while `duringInit`.
   */
  output(line: string, inv: Invocation | undefined, duringInit: boolean): void {
    // The JSON format's ApplicationLogLevel drops what is below it, from the stream and the tail alike.
    if (this.json !== undefined && !this.json.keepsOutput(line)) return;
    this.logs.append(this.group, this.stream, Date.now(), line);
    if (inv !== undefined && inv.deliveredAt !== 0) inv.keep(line);
    else if (duringInit) this.initLines.push(line);
  }

  /**
   * Writes the invocation's last platform lines (END, REPORT; JSON:
   * runtimeDone, report; and START if it was never handed over) and returns
   * its outcome with its log text.
   */
  finish(inv: Invocation, ending: Ending, durationMs: number, initDurationMs: number | undefined, maxMemoryUsedMb: number): InvokeOutcome {
    const initLines = this.initLines.lines;
    if (initLines.length > 0) this.initLines = new LineTail();
    const requestId = inv.req.requestId;
    const logs = this.logs;
    const now = Date.now();
    let text = '';
    for (const line of initLines) text += line + '\n';
    // A restored environment's first report has Restore Duration instead of Init Duration.
    const restore = initDurationMs !== undefined ? this.restore : undefined;
    const report: ReportFields = {
      requestId,
      durationMs,
      memorySizeMb: this.fn.memoryMb,
      maxMemoryUsedMb,
      ...(restore !== undefined && initDurationMs !== undefined
        ? { restoreDurationMs: initDurationMs, billedRestoreDurationMs: billedRestoreDurationMs(restore.billableMs(initDurationMs)) }
        : { initDurationMs }),
      status: ending.status,
      errorType: ending.errorType,
    };
    if (this.json !== undefined) {
      text += this.finishJson(inv, ending, report, now);
    } else {
      const start = startLine(requestId, this.fn.version);
      // Never handed over (failed init or start): Lambda still logs START.
      if (inv.deliveredAt === 0) logs.append(this.group, this.stream, now, start);
      text += start + '\n';
      text += this.invocationLines(inv, ending, now);
      const end = endLine(requestId);
      const reportText = reportLine(report);
      logs.append(this.group, this.stream, now, end);
      logs.append(this.group, this.stream, now, reportText);
      text += end + '\n' + reportText + '\n';
    }
    return ending.functionError === undefined
      ? { kind: 'response', payload: ending.payload, log: text }
      : { kind: 'response', payload: ending.payload, functionError: ending.functionError, log: text };
  }

  /** The invocation's own lines and the platform's lines before its end, in the stream already or appended now. */
  private invocationLines(inv: Invocation, ending: Ending, now: number): string {
    let text = '';
    if (inv.lines !== undefined) for (const line of inv.lines.lines) text += line + '\n';
    if (ending.extraLines !== undefined) {
      for (const line of ending.extraLines) {
        this.logs.append(this.group, this.stream, now, line);
        text += line + '\n';
      }
    }
    return text;
  }

  /** The JSON format's end of an invocation: platform.start if never handed over, its lines, runtimeDone, report. */
  private finishJson(inv: Invocation, ending: Ending, report: ReportFields, now: number): string {
    const json = this.json as JsonPlatformLog;
    const requestId = report.requestId;
    const delivered = inv.deliveredAt !== 0;
    let text = '';
    const startLines = delivered ? this.startLines : json.start(requestId, this.fn.version, now);
    this.startLines = [];
    for (const line of startLines) {
      if (!delivered) this.logs.append(this.group, this.stream, now, line);
      text += line + '\n';
    }
    text += this.invocationLines(inv, ending, now);
    const done: RuntimeDone | undefined = delivered
      ? {
          requestId,
          // A handler's error is the runtime's own outcome; the platform's ending (timeout, exit) wins over it.
          status: ending.status ?? 'success',
          ...(ending.errorType !== undefined ? { errorType: ending.errorType } : {}),
          durationMs: report.durationMs,
          ...(ending.functionError === undefined ? { producedBytes: ending.payload.length } : {}),
        }
      : undefined;
    for (const line of json.finish(done, report, now)) {
      this.logs.append(this.group, this.stream, now, line);
      text += line + '\n';
    }
    return text;
  }

  private initRecords(lines: readonly string[]): void {
    for (const line of lines) this.initLine(line);
  }

  private initLine(line: string): void {
    this.logs.append(this.group, this.stream, Date.now(), line);
    this.initLines.push(line);
  }
}
