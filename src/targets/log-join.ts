// After an http load: the function's reports for the load's time window, read
// with FilterLogEvents on the function's log group (every page), polled until
// a report has arrived for every awaited request id or a bounded wait ends.
// CloudWatch Logs delivers lines seconds after the invocation, so a single
// read right after the load would miss the last ones.
//
// Both log formats: the filter selects text REPORT and INIT_REPORT lines and
// JSON platform.report and platform.initReport records, and each report is
// classified (src/measure/start.ts) with the INIT_REPORTs its own log stream
// (one execution environment) printed before it, which is how a suppressed
// init is seen here.

import { performance } from 'node:perf_hooks';
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { type InitReportRecord, readLine } from '../lambda/log';
import { tryParseFunctionName } from '../lambda/names';
import type { ReportLine } from '../measure/report-line';
import { classifyReport } from '../measure/start';

export interface LogJoinOptions {
  readonly client: CloudWatchLogsClient;
  /** Function name or ARN. */
  readonly functionName: string;
  /** The function's log group (its LoggingConfig.LogGroup); default /aws/lambda/<name>. */
  readonly logGroupName?: string;
  /** Epoch ms: the first request's send time and the last answer's arrival. */
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** Request ids whose REPORT line must arrive before the wait can end early. */
  readonly awaited: ReadonlySet<string>;
  /** Longest time to keep polling after the first read. */
  readonly maxWaitMs: number;
  readonly pollIntervalMs: number;
  /** Aborted (Ctrl-C): the read under way and one full read still happen, the waiting does not. */
  readonly signal?: AbortSignal;
}

export interface LogJoinResult {
  readonly reports: ReadonlyMap<string, ReportLine>;
  readonly logGroupName: string;
  /** Full reads of the window (each of one or more pages). */
  readonly polls: number;
  readonly pages: number;
  /** Awaited ids without a report when the wait ended. */
  readonly missing: number;
  readonly waitedMs: number;
  /** Why reading stopped early (access denied, no such endpoint …), when it did. */
  readonly error?: string;
}

/**
 * Lambda's clock and ours differ, and a REPORT line is stamped when the
 * invocation ends: the window is widened on both sides.
 */
const WINDOW_SLACK_MS = 60_000;
/**
 * Any of the four records the join needs, by CloudWatch Logs' term syntax: a
 * `?` before each term means any one of them matches; a quoted term is
 * matched as it is, punctuation and spaces included. Terms match JSON events
 * as text too, so one pattern serves both formats (a JSON pattern `{ $.type
 * = … }` would match JSON events only). Source:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * An application line that happens to hold one of these terms is read and
 * dropped: only a whole platform record counts.
 */
export const REPORT_FILTER_PATTERN = '?"REPORT RequestId" ?"INIT_REPORT" ?"platform.report" ?"platform.initReport"';

/** A guard against a service that keeps handing out tokens. */
const MAX_PAGES_PER_POLL = 10_000;

/** The log group of a function given in any of Lambda's forms (a name Lambda would refuse is used as it is). */
export function logGroupOf(functionName: string): string {
  return `/aws/lambda/${tryParseFunctionName(functionName)?.name ?? functionName}`;
}

function errorName(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'Error';
}

export async function fetchReportLines(o: LogJoinOptions): Promise<LogJoinResult> {
  const logGroupName = o.logGroupName ?? logGroupOf(o.functionName);
  const reports = new Map<string, ReportLine>();
  const started = performance.now();
  const deadline = started + o.maxWaitMs;
  let polls = 0;
  let pages = 0;
  let error: string | undefined;
  const missing = (): number => {
    let n = 0;
    for (const id of o.awaited) if (!reports.has(id)) n++;
    return n;
  };
  for (;;) {
    polls++;
    try {
      let nextToken: string | undefined;
      let count = 0;
      // Each poll reads the whole window again, so each starts with no INIT_REPORT pending.
      const pending = new Map<string, InitReportRecord[]>();
      do {
        const out = await o.client.send(new FilterLogEventsCommand({
          logGroupName,
          startTime: Math.floor(o.windowStartMs - WINDOW_SLACK_MS),
          endTime: Math.ceil(Math.max(o.windowEndMs, Date.now()) + WINDOW_SLACK_MS),
          filterPattern: REPORT_FILTER_PATTERN,
          ...(nextToken !== undefined ? { nextToken } : {}),
        }));
        pages++;
        for (const e of out.events ?? []) {
          const record = e.message === undefined ? undefined : readLine(e.message.trimEnd());
          if (record === undefined) continue;
          const stream = e.logStreamName ?? '';
          if (record.kind === 'initReport') {
            const list = pending.get(stream);
            if (list === undefined) pending.set(stream, [record]);
            else list.push(record);
          } else if (record.kind === 'report') {
            reports.set(record.requestId, classifyReport(record, pending.get(stream) ?? []));
            pending.delete(stream);
          }
        }
        nextToken = out.nextToken;
      } while (nextToken !== undefined && ++count < MAX_PAGES_PER_POLL);
    } catch (err) {
      // No group yet: nothing has logged so far, which the next poll may change.
      if (errorName(err) !== 'ResourceNotFoundException') {
        error = `${errorName(err)}: ${err instanceof Error ? err.message : String(err)}`;
        break;
      }
    }
    const left = deadline - performance.now();
    if (missing() === 0 || left <= 0 || o.signal?.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(o.pollIntervalMs, left)));
  }
  return {
    reports,
    logGroupName,
    polls,
    pages,
    missing: missing(),
    waitedMs: performance.now() - started,
    ...(error !== undefined ? { error } : {}),
  };
}
