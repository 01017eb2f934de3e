// Which start an invocation had, told from the platform's own records in its
// log, in the text or the JSON log format (src/lambda/log reads both):
//
//   restore  the report has Restore Duration / restoreDurationMs: the
//            environment was restored from a SnapStart snapshot.
//   cold     the report has Init Duration / initDurationMs: an init ran for
//            this invocation. Or the report has none, and before it (since the
//            environment's previous report) the log holds an INIT_REPORT /
//            platform.initReport of a failed or timed-out init, or of an init
//            in Phase invoke: Lambda re-ran the init inside this invocation (a
//            "suppressed init"), whose REPORT carries no Init Duration and
//            whose Duration includes the re-run. init_ms is then the Init
//            Duration of the failed init-phase INIT_REPORT (the re-run is
//            already in Duration), or of the invoke-phase one when it is the
//            only one the log still holds.
//   warm     a report with neither.
//   unknown  no report (no ReportLine at all): throttled, an API error, a log
//            tail cut before the report, an http target without its logs.
//
// An INIT_REPORT whose init succeeded (Status success, or no Status in text)
// never makes a start cold on its own. Such a record belongs to an init that
// was not on this request's path: provisioned concurrency initialises its
// environments when it is configured, ahead of any request, so the init is
// logged in that environment's stream at allocation, never in an
// invocation's own tail, and the invocations' REPORTs have no Init Duration;
// a SnapStart version's init runs at publish (initializationType snap-start);
// a Lambda Managed Instances environment is initialised before it serves. In
// JSON a normal on-demand cold start also prints a successful
// platform.initReport, but then its report has initDurationMs and the rule
// above decides. Our decision where the documentation is silent: an init that
// succeeded and is not in the report is read as not this request's: warm.
//
// Sources (AWS Lambda Developer Guide):
//   https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
//     (Init phase: retried at the first invocation after a timeout; "Failures
//     during the init phase": INIT_REPORT with Phase/Status/Error Type;
//     provisioned concurrency initialises when configured)
//   https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
//     (platform.initReport: initializationType on-demand | provisioned-concurrency |
//     snap-start, phase init | invoke; platform.report metrics initDurationMs,
//     restoreDurationMs, billedRestoreDurationMs)
//   https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html
//     (Restore Duration and Billed Restore Duration in the REPORT line)
//   https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-execution-environment.html
//
// A limit of the Invoke log tail (its last 4 KB): when a failed init printed a
// long stack trace, its INIT_REPORT may be cut off the tail, and the start then
// reads warm. The log join (CloudWatch Logs) has the whole stream and no such limit.

import { findReport, type InitReportRecord, type PlatformRecord, readRecords, type ReportRecord } from '../lambda/log';
import type { ReportLine } from './report-line';

/** True for an INIT_REPORT that means the init was (re-)run inside the next invocation. */
export function isSuppressedInit(r: InitReportRecord): boolean {
  return r.phase === 'invoke' || r.status !== 'success';
}

/**
 * The ReportLine of one report, given the INIT_REPORTs its environment logged
 * since its previous report (in log order).
 */
export function classifyReport(r: ReportRecord, initReports: readonly InitReportRecord[]): ReportLine {
  const m = r.metrics;
  const base = {
    requestId: r.requestId,
    durationMs: m.durationMs,
    billedMs: m.billedDurationMs,
    memorySizeMb: m.memorySizeMB,
    maxMemoryUsedMb: m.maxMemoryUsedMB,
    restoreMs: m.restoreDurationMs,
    billedRestoreMs: m.billedRestoreDurationMs,
    status: r.status,
    errorType: r.errorType,
  };
  if (m.restoreDurationMs !== undefined) return { ...base, startType: 'restore', initMs: m.initDurationMs };
  if (m.initDurationMs !== undefined) return { ...base, startType: 'cold', initMs: m.initDurationMs, initFrom: 'report' };
  const suppressed = initReports.filter(isSuppressedInit);
  if (suppressed.length > 0) {
    const failed = suppressed.find((i) => i.phase !== 'invoke') ?? suppressed[0];
    return { ...base, startType: 'cold', initMs: failed?.durationMs, initFrom: 'initReport' };
  }
  return { ...base, startType: 'warm', initMs: undefined };
}

/**
 * Every report of a run of records, each with the INIT_REPORTs before it in
 * the same environment's log. `records` must come from one environment (one
 * log stream, or one invocation's log tail), in order.
 */
export function classifyRecords(records: readonly PlatformRecord[]): ReportLine[] {
  const out: ReportLine[] = [];
  let pending: InitReportRecord[] = [];
  for (const r of records) {
    if (r.kind === 'initReport') pending.push(r);
    else if (r.kind === 'report') {
      out.push(classifyReport(r, pending));
      pending = [];
    }
  }
  return out;
}

/**
 * The report of `requestId` in a log text (the Invoke log tail), else its last
 * report, with its start type. Both log formats, application lines mixed in,
 * a first line that may be cut.
 */
export function findReportLine(log: string, requestId?: string): ReportLine | undefined {
  // Fast path: the report is the tail's last record, and only a report
  // without Init or Restore Duration needs the records before it.
  const report = (requestId !== undefined ? findReport(log, requestId) : undefined) ?? findReport(log);
  if (report === undefined) return undefined;
  const m = report.metrics;
  if (m.initDurationMs !== undefined || m.restoreDurationMs !== undefined || !mayHoldInitReport(log)) return classifyReport(report, []);
  const all = classifyRecords(readRecords(log));
  return all.find((l) => l.requestId === report.requestId) ?? classifyReport(report, []);
}

function mayHoldInitReport(log: string): boolean {
  return log.includes('INIT_REPORT') || log.includes('platform.initReport');
}
