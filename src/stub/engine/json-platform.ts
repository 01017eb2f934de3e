// The platform's records for a function with LoggingConfig.LogFormat JSON, as
// Lambda writes them into CloudWatch Logs and the Invoke log tail: one
// {"time","type","record"} line each, written by src/lambda/log, and only
// those its SystemLogLevel keeps; and the ApplicationLogLevel filter Lambda
// applies to what the function prints.
//
// Per environment: platform.initStart, platform.initRuntimeDone,
// platform.initReport; per invocation: platform.start, platform.runtimeDone,
// platform.report. There is no END record in this format (platform.end is the
// Logs API's alone). Records and their levels:
//   https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
//   https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html

import { type InitializationType, type JsonRecord, type PlatformStatus, writeJson } from '../../lambda/log';
import {
  type ApplicationLogLevel, DEFAULT_APPLICATION_LOG_LEVEL, DEFAULT_SYSTEM_LOG_LEVEL, keepsApplicationLine, keepsSystemRecord,
  type LoggingSettings, type SystemLogLevel,
} from '../../lambda/logging-config';
import { type ReportFields, reportRecord } from './log-format';
import type { FunctionSnapshot } from './types';

/** How the runtime finished one invocation, for platform.runtimeDone. */
export interface RuntimeDone {
  readonly requestId: string;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly durationMs: number;
  /** Bytes of the response the runtime posted; absent when it posted none. */
  readonly producedBytes?: number;
}

export class JsonPlatformLog {
  private readonly systemLevel: SystemLogLevel;
  private readonly applicationLevel: ApplicationLogLevel;

  constructor(
    logging: LoggingSettings,
    /** Every environment here starts on demand; provisioned and SnapStart ones would say so. */
    private readonly initializationType: InitializationType = 'on-demand',
  ) {
    this.systemLevel = logging.systemLogLevel ?? DEFAULT_SYSTEM_LOG_LEVEL;
    this.applicationLevel = logging.applicationLogLevel ?? DEFAULT_APPLICATION_LOG_LEVEL;
  }

  /** Whether a line the function printed is kept (Lambda reads its level; a line without one is INFO). */
  keepsOutput(line: string): boolean {
    // TRACE keeps everything: no line needs reading.
    return this.applicationLevel === 'TRACE' || keepsApplicationLine(this.applicationLevel, line);
  }

  initStart(fn: FunctionSnapshot, runtimeVersion: string, runtimeVersionArn: string, atMs: number): string[] {
    return this.lines(atMs, {
      kind: 'initStart', initializationType: this.initializationType, phase: 'init', runtimeVersion, runtimeVersionArn,
      functionName: fn.name, functionVersion: fn.version,
    });
  }

  /**
   * An init ended in `phase` ('invoke': re-run inside an invocation). One
   * that ran past its limit never finished, so it has only its report; any
   * other has initRuntimeDone and initReport.
   */
  initEnd(phase: 'init' | 'invoke', durationMs: number, status: PlatformStatus, errorType: string | undefined, atMs: number): string[] {
    const outcome = { initializationType: this.initializationType, phase, status, ...(errorType !== undefined ? { errorType } : {}) };
    const report = { kind: 'initReport' as const, ...outcome, durationMs };
    return status === 'timeout' ? this.lines(atMs, report) : this.lines(atMs, { kind: 'initRuntimeDone', ...outcome }, report);
  }

  /** A SnapStart environment's restore begins (platform.restoreStart). */
  restoreStart(fn: FunctionSnapshot, runtimeVersion: string, runtimeVersionArn: string, atMs: number): string[] {
    return this.lines(atMs, { kind: 'restoreStart', runtimeVersion, runtimeVersionArn, functionName: fn.name, functionVersion: fn.version });
  }

  /** The restore ended (its hooks ran, the runtime asked for its first event): restoreRuntimeDone and restoreReport. */
  restoreEnd(durationMs: number, status: PlatformStatus, errorType: string | undefined, atMs: number): string[] {
    const outcome = { status, ...(errorType !== undefined ? { errorType } : {}) };
    return this.lines(atMs, { kind: 'restoreRuntimeDone', ...outcome }, { kind: 'restoreReport', ...outcome, durationMs });
  }

  start(requestId: string, version: string, atMs: number): string[] {
    return this.lines(atMs, { kind: 'start', requestId, version });
  }

  /** platform.runtimeDone (when the event was handed over) then platform.report. */
  finish(done: RuntimeDone | undefined, report: ReportFields, atMs: number): string[] {
    const records: JsonRecord[] = [];
    if (done !== undefined) {
      records.push({
        kind: 'runtimeDone', requestId: done.requestId, status: done.status,
        ...(done.errorType !== undefined ? { errorType: done.errorType } : {}),
        metrics: { durationMs: done.durationMs, ...(done.producedBytes !== undefined ? { producedBytes: done.producedBytes } : {}) },
      });
    }
    records.push(reportRecord(report));
    return this.lines(atMs, ...records);
  }

  /** The records the function's SystemLogLevel keeps, one line each. */
  private lines(atMs: number, ...records: JsonRecord[]): string[] {
    const out: string[] = [];
    let time: string | undefined;
    for (const r of records) {
      if (!keepsSystemRecord(this.systemLevel, r)) continue;
      time ??= new Date(atMs).toISOString();
      out.push(writeJson(r, time));
    }
    return out;
  }
}
