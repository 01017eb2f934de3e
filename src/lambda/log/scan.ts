// Reading the platform records out of a log text: an Invoke log tail (the
// last 4 KB of an invocation's log, which may begin mid-line) or CloudWatch
// Logs events, where application lines and platform records mix.

import { readJson } from './json';
import type { LogFormat, PlatformRecord, ReportRecord } from './records';
import { readText, TEXT_PREFIXES } from './text';

/** Which formats a reader accepts: a function logs in one, a reader may not know which. */
export type FormatChoice = LogFormat | 'any';

/** The platform record of one line in either format, or undefined for any other line. */
export function readLine(line: string, format: FormatChoice = 'any'): PlatformRecord | undefined {
  if (line.charCodeAt(0) === 123 /* { */) return format === 'text' ? undefined : readJson(line);
  return format === 'json' ? undefined : readText(line);
}

function lineAt(log: string, start: number, end: number): string {
  // CloudWatch Logs may keep a '\r' that a runtime wrote before its '\n'.
  return end > start && log.charCodeAt(end - 1) === 13 ? log.slice(start, end - 1) : log.slice(start, end);
}

/**
 * Every platform record of a log text, in order. A partial first line is read
 * only if what remains of it is a whole record, which a cut line never is but
 * by coincidence of where it was cut.
 */
export function readRecords(log: string, format: FormatChoice = 'any'): PlatformRecord[] {
  const out: PlatformRecord[] = [];
  let start = 0;
  while (start < log.length) {
    let end = log.indexOf('\n', start);
    if (end < 0) end = log.length;
    const record = readLine(lineAt(log, start, end), format);
    if (record !== undefined) out.push(record);
    start = end + 1;
  }
  return out;
}

const JSON_REPORT = '"platform.report"';

/**
 * The report of `requestId` in a log text, or the last report when no id is
 * given. Read from the end line by line without splitting the log: the
 * report is an invocation's last record, so this usually reads one line.
 */
export function findReport(log: string, requestId?: string, format: FormatChoice = 'any'): ReportRecord | undefined {
  let end = log.length;
  while (end > 0) {
    const start = log.lastIndexOf('\n', end - 1) + 1;
    let report: ReportRecord | undefined;
    if (format !== 'json' && log.startsWith(TEXT_PREFIXES.report, start)) {
      const r = readText(lineAt(log, start, end));
      if (r?.kind === 'report') report = r;
    } else if (format !== 'text' && log.charCodeAt(start) === 123 /* { */) {
      const at = log.indexOf(JSON_REPORT, start);
      if (at >= 0 && at < end) {
        const r = readJson(lineAt(log, start, end));
        if (r?.kind === 'report') report = r;
      }
    }
    if (report !== undefined && (requestId === undefined || report.requestId === requestId)) return report;
    end = start - 1;
  }
  return undefined;
}
