// After an http load: the function's REPORT lines for the load's time window,
// read with FilterLogEvents on /aws/lambda/<function> (every page), polled
// until a line has arrived for every awaited request id or a bounded wait
// ends. CloudWatch Logs delivers lines seconds after the invocation, so a
// single read right after the load would miss the last ones.

import { performance } from 'node:perf_hooks';
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { tryParseFunctionName } from '../lambda/names';
import { parseReportLine, type ReportLine } from '../measure/report-line';

export interface LogJoinOptions {
  readonly client: CloudWatchLogsClient;
  /** Function name or ARN; its log group is /aws/lambda/<name>. */
  readonly functionName: string;
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
  /** Awaited ids without a REPORT line when the wait ended. */
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
  const logGroupName = logGroupOf(o.functionName);
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
      do {
        const out = await o.client.send(new FilterLogEventsCommand({
          logGroupName,
          startTime: Math.floor(o.windowStartMs - WINDOW_SLACK_MS),
          endTime: Math.ceil(Math.max(o.windowEndMs, Date.now()) + WINDOW_SLACK_MS),
          filterPattern: '"REPORT RequestId"',
          ...(nextToken !== undefined ? { nextToken } : {}),
        }));
        pages++;
        for (const e of out.events ?? []) {
          const report = e.message === undefined ? undefined : parseReportLine(e.message.trimEnd());
          if (report !== undefined) reports.set(report.requestId, report);
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
