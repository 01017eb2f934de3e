// The harness's view of the platform's REPORT, the only source of truth for
// cold vs warm: what a row needs of it, read with src/lambda/log. The harness
// reads the text log format only; a function logging JSON yields no report.

import { findReport, type PlatformStatus, readText, type ReportRecord } from '../lambda/log';

export interface ReportLine {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number | undefined;
  /** Present only when the invocation ran an init phase: a cold start. */
  readonly initMs: number | undefined;
  /** 'success' unless the line says otherwise (`Status: timeout`, `Status: error`). */
  readonly status: PlatformStatus;
  readonly errorType: string | undefined;
}

function view(r: ReportRecord): ReportLine {
  return {
    requestId: r.requestId,
    durationMs: r.metrics.durationMs,
    billedMs: r.metrics.billedDurationMs,
    memorySizeMb: r.metrics.memorySizeMB,
    maxMemoryUsedMb: r.metrics.maxMemoryUsedMB,
    initMs: r.metrics.initDurationMs,
    status: r.status,
    errorType: r.errorType,
  };
}

/** The REPORT line of `requestId` in a log text, or the last REPORT line when no id is given. */
export function findReportLine(log: string, requestId?: string): ReportLine | undefined {
  const r = findReport(log, requestId, 'text');
  return r === undefined ? undefined : view(r);
}

export function parseReportLine(line: string): ReportLine | undefined {
  const r = readText(line);
  return r?.kind === 'report' ? view(r) : undefined;
}
