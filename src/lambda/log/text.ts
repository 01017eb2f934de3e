// The text log format: the writer and reader of each platform line.
//
// Spec, as Lambda prints the lines in CloudWatch Logs and the Invoke log tail
// (fields separated by a tab, shown here as →; [ ] marks what may be absent):
//
//   START RequestId: <id> Version: <version>                 (spaces, not tabs)
//   END RequestId: <id>
//   REPORT RequestId: <id>→Duration: <ms, 2 decimals> ms→Billed Duration: <ms> ms→
//          Memory Size: <MB> MB→Max Memory Used: <MB> MB→[Init Duration: <ms> ms→]
//          [Restore Duration: <ms> ms→Billed Restore Duration: <ms> ms→][Status: <status>[→Error Type: <type>]]
//   INIT_START Runtime Version: <version>→Runtime Version ARN: <arn>
//   INIT_REPORT Init Duration: <ms> ms[→Phase: init|invoke][→Status: <status>][→Error Type: <type>]
//   RESTORE_START Runtime Version: <version>→Runtime Version ARN: <arn>
//   RESTORE_REPORT Restore Duration: <ms> ms[→Status: <status>][→Error Type: <type>]
//   XRAY TraceId: <trace id>→SegmentId: <segment id>→Sampled: true|false
//
// A line without Status succeeded. Older REPORT lines carry the XRAY fields
// at their end instead of a line of their own. Sources: AWS Lambda Developer
// Guide, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html,
// .../runtime-management-identify.html, .../snapstart-monitoring.html,
// .../nodejs-logging.html. The reader also reads those pages' samples, where
// the tabs are rendered as spaces.

import {
  type InitPhase,
  type PlatformStatus,
  type ReportMetrics,
  type ReportRecord,
  statusOf,
  type TextRecord,
  type TraceContext,
} from './records';
import { numberField, textFields, type TextFields } from './text-fields';

const REPORT_NAMES = [
  'RequestId', 'Duration', 'Billed Duration', 'Memory Size', 'Max Memory Used', 'Init Duration',
  'Restore Duration', 'Billed Restore Duration', 'Status', 'Error Type', 'XRAY TraceId', 'SegmentId', 'Sampled',
] as const;
const START_NAMES = ['RequestId', 'Version'] as const;
const RUNTIME_NAMES = ['Runtime Version', 'Runtime Version ARN'] as const;
const INIT_REPORT_NAMES = ['Init Duration', 'Phase', 'Status', 'Error Type'] as const;
const RESTORE_REPORT_NAMES = ['Restore Duration', 'Status', 'Error Type'] as const;
const XRAY_NAMES = ['TraceId', 'SegmentId', 'Sampled'] as const;

/** The start of every line the reader knows; anything else is not a platform line. */
export const TEXT_PREFIXES = {
  start: 'START RequestId: ',
  end: 'END RequestId: ',
  report: 'REPORT RequestId: ',
  initStart: 'INIT_START ',
  initReport: 'INIT_REPORT ',
  restoreStart: 'RESTORE_START ',
  restoreReport: 'RESTORE_REPORT ',
  xray: 'XRAY ',
} as const satisfies Record<TextRecord['kind'], string>;

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** `\tStatus: …[\tError Type: …]` when the phase did not succeed; the error type is printed only with a status. */
function outcome(status: PlatformStatus, errorType: string | undefined): string {
  if (status === 'success') return '';
  return errorType === undefined ? `\tStatus: ${status}` : `\tStatus: ${status}\tError Type: ${errorType}`;
}

function runtimeFields(r: { readonly runtimeVersion?: string; readonly runtimeVersionArn?: string }): string {
  const parts: string[] = [];
  if (r.runtimeVersion !== undefined) parts.push(`Runtime Version: ${r.runtimeVersion}`);
  if (r.runtimeVersionArn !== undefined) parts.push(`Runtime Version ARN: ${r.runtimeVersionArn}`);
  return parts.join('\t');
}

function reportLine(r: ReportRecord): string {
  const m = r.metrics;
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${ms(m.durationMs)}\tBilled Duration: ${m.billedDurationMs} ms\t` +
    `Memory Size: ${m.memorySizeMB} MB\t`;
  if (m.maxMemoryUsedMB !== undefined) line += `Max Memory Used: ${m.maxMemoryUsedMB} MB\t`;
  if (m.initDurationMs !== undefined) line += `Init Duration: ${ms(m.initDurationMs)}\t`;
  if (m.restoreDurationMs !== undefined) line += `Restore Duration: ${ms(m.restoreDurationMs)}\t`;
  if (m.billedRestoreDurationMs !== undefined) line += `Billed Restore Duration: ${m.billedRestoreDurationMs} ms\t`;
  // Unlike the other fields, the outcome has no tab after it.
  return r.status === 'success' ? line : line + outcome(r.status, r.errorType).slice(1);
}

/** One line of the text format, without its newline. */
export function writeText(r: TextRecord): string {
  switch (r.kind) {
    case 'start':
      return r.version === undefined ? `START RequestId: ${r.requestId}` : `START RequestId: ${r.requestId} Version: ${r.version}`;
    case 'end':
      return `END RequestId: ${r.requestId}`;
    case 'report':
      return reportLine(r);
    case 'initStart':
      return `INIT_START ${runtimeFields(r)}`;
    case 'initReport':
      return `INIT_REPORT Init Duration: ${ms(r.durationMs)}${r.phase === undefined ? '' : `\tPhase: ${r.phase}`}${outcome(r.status, r.errorType)}`;
    case 'restoreStart':
      return `RESTORE_START ${runtimeFields(r)}`;
    case 'restoreReport': {
      const rest = outcome(r.status, r.errorType);
      return r.durationMs === undefined ? `RESTORE_REPORT ${rest.slice(1)}` : `RESTORE_REPORT Restore Duration: ${ms(r.durationMs)}${rest}`;
    }
    case 'xray':
      return `XRAY TraceId: ${r.traceId}\tSegmentId: ${r.segmentId}\tSampled: ${r.sampled}`;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const PHASES: ReadonlySet<string> = new Set<InitPhase>(['init', 'invoke', 'snap-start']);

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function outcomeOf(f: TextFields): { status: PlatformStatus; errorType?: string } {
  return { status: statusOf(f.get('Status')), ...optional('errorType', f.get('Error Type')) };
}

/** An older REPORT's XRAY fields, as the trace header JSON records carry. */
function tracingOf(f: TextFields): TraceContext | undefined {
  const traceId = f.get('XRAY TraceId');
  const segmentId = f.get('SegmentId');
  if (traceId === undefined || segmentId === undefined) return undefined;
  return { type: 'X-Amzn-Trace-Id', value: `Root=${traceId};Parent=${segmentId};Sampled=${f.get('Sampled') === 'true' ? 1 : 0}` };
}

function readReport(line: string): ReportRecord | undefined {
  const f = textFields(line, 'REPORT '.length, REPORT_NAMES);
  const requestId = f.get('RequestId');
  const durationMs = numberField(f, 'Duration');
  const billedDurationMs = numberField(f, 'Billed Duration');
  const memorySizeMB = numberField(f, 'Memory Size');
  if (!requestId || durationMs === undefined || billedDurationMs === undefined || memorySizeMB === undefined) return undefined;
  // Built by assignment, not spreads: this runs once per invocation on the harness's hot path.
  const metrics: Mutable<ReportMetrics> = { durationMs, billedDurationMs, memorySizeMB };
  const maxMemoryUsedMB = numberField(f, 'Max Memory Used');
  if (maxMemoryUsedMB !== undefined) metrics.maxMemoryUsedMB = maxMemoryUsedMB;
  const initDurationMs = numberField(f, 'Init Duration');
  if (initDurationMs !== undefined) metrics.initDurationMs = initDurationMs;
  const restoreDurationMs = numberField(f, 'Restore Duration');
  if (restoreDurationMs !== undefined) metrics.restoreDurationMs = restoreDurationMs;
  const billedRestoreDurationMs = numberField(f, 'Billed Restore Duration');
  if (billedRestoreDurationMs !== undefined) metrics.billedRestoreDurationMs = billedRestoreDurationMs;
  const report: Mutable<ReportRecord> = { kind: 'report', requestId, metrics, status: statusOf(f.get('Status')) };
  const errorType = f.get('Error Type');
  if (errorType !== undefined) report.errorType = errorType;
  const tracing = tracingOf(f);
  if (tracing !== undefined) report.tracing = tracing;
  return report;
}

/** The platform record of one text line, or undefined for any other line (an application's, a partial one). */
export function readText(line: string): TextRecord | undefined {
  switch (line.charCodeAt(0)) {
    case 82: // R
      if (line.startsWith(TEXT_PREFIXES.report)) return readReport(line);
      if (line.startsWith(TEXT_PREFIXES.restoreReport)) {
        const f = textFields(line, TEXT_PREFIXES.restoreReport.length, RESTORE_REPORT_NAMES);
        return { kind: 'restoreReport', ...optional('durationMs', numberField(f, 'Restore Duration')), ...outcomeOf(f) };
      }
      if (line.startsWith(TEXT_PREFIXES.restoreStart)) {
        const f = textFields(line, TEXT_PREFIXES.restoreStart.length, RUNTIME_NAMES);
        return { kind: 'restoreStart', ...optional('runtimeVersion', f.get('Runtime Version')), ...optional('runtimeVersionArn', f.get('Runtime Version ARN')) };
      }
      return undefined;
    case 83: { // S
      if (!line.startsWith(TEXT_PREFIXES.start)) return undefined;
      const f = textFields(line, 'START '.length, START_NAMES);
      const requestId = f.get('RequestId');
      return requestId ? { kind: 'start', requestId, ...optional('version', f.get('Version')) } : undefined;
    }
    case 69: { // E
      if (!line.startsWith(TEXT_PREFIXES.end)) return undefined;
      const requestId = line.slice(TEXT_PREFIXES.end.length).trim();
      return requestId ? { kind: 'end', requestId } : undefined;
    }
    case 73: // I
      if (line.startsWith(TEXT_PREFIXES.initReport)) {
        const f = textFields(line, TEXT_PREFIXES.initReport.length, INIT_REPORT_NAMES);
        const durationMs = numberField(f, 'Init Duration');
        if (durationMs === undefined) return undefined;
        const phase = f.get('Phase');
        return { kind: 'initReport', durationMs, ...optional('phase', phase !== undefined && PHASES.has(phase) ? (phase as InitPhase) : undefined), ...outcomeOf(f) };
      }
      if (line.startsWith(TEXT_PREFIXES.initStart)) {
        const f = textFields(line, TEXT_PREFIXES.initStart.length, RUNTIME_NAMES);
        return { kind: 'initStart', ...optional('runtimeVersion', f.get('Runtime Version')), ...optional('runtimeVersionArn', f.get('Runtime Version ARN')) };
      }
      return undefined;
    case 88: { // X
      if (!line.startsWith(TEXT_PREFIXES.xray)) return undefined;
      const f = textFields(line, TEXT_PREFIXES.xray.length, XRAY_NAMES);
      const traceId = f.get('TraceId');
      const segmentId = f.get('SegmentId');
      return traceId && segmentId ? { kind: 'xray', traceId, segmentId, sampled: f.get('Sampled') === 'true' } : undefined;
    }
    default:
      return undefined;
  }
}
