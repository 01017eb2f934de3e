// The CloudWatch Logs calls that read what the execution environments wrote
// (DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents),
// served on the same port. CloudWatch Logs speaks awsJson1.1: POST / with
// X-Amz-Target naming the operation, errors named by `__type` in the body.

import type { LogEvent, LogStoreReader, LogStreamInfo } from '../engine/types';
import { accountOf, type Place } from '../store/names';
import type { Reply } from './http';
import { slicePage, type Page } from './paging';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

class LogsError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
  reply(): Reply {
    return {
      status: 400,
      headers: { 'x-amzn-ErrorType': this.type, 'Content-Type': 'application/x-amz-json-1.1' },
      body: { __type: this.type, message: this.message },
    };
  }
}

type Input = Record<string, unknown>;

const str = (o: Input, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
const num = (o: Input, k: string): number | undefined => (typeof o[k] === 'number' ? (o[k] as number) : undefined);

function groupArn(place: Place, group: string): string {
  return `arn:aws:logs:${place.region}:${accountOf(place)}:log-group:${group}`;
}

function requireGroup(logs: LogStoreReader, o: Input): string {
  const group = str(o, 'logGroupName');
  if (group === undefined) throw new LogsError('InvalidParameterException', 'logGroupName is required');
  if (!logs.groups().some((g) => g.logGroupName === group)) {
    throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
  }
  return group;
}

/** nextToken/limit paging; a fractional limit is cut to an integer so the next token stays one. */
function pageOf<T>(items: readonly T[], token: string | undefined, limit: number | undefined, max: number): Page<T> {
  const start = token !== undefined && /^\d+$/.test(token) ? Number(token) : 0;
  const size = limit !== undefined && limit >= 1 ? Math.min(Math.floor(limit), max) : max;
  return slicePage(items, start, size);
}

function describeLogGroups(logs: LogStoreReader, region: Place, o: Input): object {
  const prefix = str(o, 'logGroupNamePrefix') ?? '';
  const all = logs.groups()
    .filter((g) => g.logGroupName.startsWith(prefix))
    .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1))
    .map((g) => ({
      logGroupName: g.logGroupName, creationTime: g.creationTime, storedBytes: g.storedBytes,
      metricFilterCount: 0, arn: `${groupArn(region, g.logGroupName)}:*`, logGroupArn: groupArn(region, g.logGroupName),
      logGroupClass: 'STANDARD',
    }));
  const p = pageOf(all, str(o, 'nextToken'), num(o, 'limit'), 50);
  return p.next === undefined ? { logGroups: p.items } : { logGroups: p.items, nextToken: p.next };
}

function describeLogStreams(logs: LogStoreReader, region: Place, o: Input): object {
  const group = requireGroup(logs, o);
  const prefix = str(o, 'logStreamNamePrefix') ?? '';
  const byTime = o.orderBy === 'LastEventTime';
  const key = (s: LogStreamInfo): string | number => (byTime ? (s.lastEventTimestamp ?? 0) : s.logStreamName);
  const all = logs.streams(group)
    .filter((s) => s.logStreamName.startsWith(prefix))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (o.descending === true) all.reverse();
  const shaped = all.map((s) => ({
    logStreamName: s.logStreamName, creationTime: s.creationTime, firstEventTimestamp: s.firstEventTimestamp,
    lastEventTimestamp: s.lastEventTimestamp, lastIngestionTime: s.lastIngestionTime, storedBytes: s.storedBytes,
    arn: `${groupArn(region, group)}:log-stream:${s.logStreamName}`,
  }));
  const p = pageOf(shaped, str(o, 'nextToken'), num(o, 'limit'), 50);
  return p.next === undefined ? { logStreams: p.items } : { logStreams: p.items, nextToken: p.next };
}

/** The startTime/endTime window of a request, read once rather than per event. */
function timeWindow(o: Input): (e: LogEvent) => boolean {
  const start = num(o, 'startTime') ?? -Infinity;
  const end = num(o, 'endTime') ?? Infinity;
  return (e) => e.timestamp >= start && e.timestamp < end;
}

function getLogEvents(logs: LogStoreReader, o: Input): object {
  const group = requireGroup(logs, o);
  const stream = str(o, 'logStreamName');
  if (stream === undefined || !logs.streams(group).some((s) => s.logStreamName === stream)) {
    throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
  }
  const events = logs.events(group, stream).filter(timeWindow(o));
  const limit = Math.min(num(o, 'limit') ?? 10_000, 10_000);
  // Tokens f/<index> and b/<index> mark the window's end and start.
  const token = str(o, 'nextToken');
  const m = token === undefined ? null : /^([fb])\/(\d+)$/.exec(token);
  let from: number;
  if (m) from = m[1] === 'f' ? Number(m[2]) : Math.max(0, Number(m[2]) - limit);
  else from = o.startFromHead === true ? 0 : Math.max(0, events.length - limit);
  const to = Math.min(events.length, from + limit);
  return {
    events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: `f/${to}`,
    nextBackwardToken: `b/${from}`,
  };
}

/**
 * The term subset of CloudWatch Logs filter patterns: every plain term (or
 * "quoted phrase") must appear; of the terms marked `?`, at least one must
 * (`?ERROR ?WARN`: either). Terms match any event as text, a JSON one too.
 * Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * A JSON (`{ … }`), space-delimited (`[ … ]`) or regex (`%…%`) pattern is refused
 * rather than read as terms, which would match other events than CloudWatch does.
 */
function matcher(pattern: string | undefined): (message: string) => boolean {
  if (pattern === undefined || pattern.trim() === '') return () => true;
  const first = pattern.trim()[0];
  if (first === '{' || first === '[' || first === '%') {
    throw new LogsError('InvalidParameterException', 'The local Lambda service reads term filter patterns only (terms, "phrases", ?any-of)');
  }
  const all: string[] = [];
  const any: string[] = [];
  for (const m of pattern.matchAll(/(\?)?(?:"([^"]*)"|(\S+))/g)) {
    const term = (m[2] ?? m[3]) as string;
    if (term === '') continue;
    (m[1] === '?' ? any : all).push(term);
  }
  return (message) => all.every((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t)));
}

function filterLogEvents(logs: LogStoreReader, o: Input): object {
  const group = requireGroup(logs, o);
  const names = Array.isArray(o.logStreamNames) ? new Set(o.logStreamNames as string[]) : undefined;
  const prefix = str(o, 'logStreamNamePrefix') ?? '';
  const matches = matcher(str(o, 'filterPattern'));
  const inTime = timeWindow(o);
  const found: Array<{ logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string }> = [];
  for (const s of logs.streams(group)) {
    if ((names !== undefined && !names.has(s.logStreamName)) || !s.logStreamName.startsWith(prefix)) continue;
    logs.events(group, s.logStreamName).forEach((e, i) => {
      if (inTime(e) && matches(e.message)) {
        found.push({ logStreamName: s.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: `${s.logStreamName}/${i}` });
      }
    });
  }
  found.sort((a, b) => a.timestamp - b.timestamp);
  const p = pageOf(found, str(o, 'nextToken'), num(o, 'limit'), 10_000);
  return p.next === undefined ? { events: p.items, searchedLogStreams: [] } : { events: p.items, searchedLogStreams: [], nextToken: p.next };
}

export function logsOperation(logs: LogStoreReader, region: Place, target: string, body: Buffer): Reply {
  let input: Input = {};
  if (body.length > 0) {
    try {
      const v: unknown = JSON.parse(body.toString('utf8'));
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) input = v as Input;
      else throw new Error('expected a JSON object');
    } catch (err) {
      return new LogsError('SerializationException', `Could not parse request body: ${(err as Error).message}`).reply();
    }
  }
  try {
    const op = target.slice(LOGS_TARGET_PREFIX.length);
    let out: object;
    if (op === 'DescribeLogGroups') out = describeLogGroups(logs, region, input);
    else if (op === 'DescribeLogStreams') out = describeLogStreams(logs, region, input);
    else if (op === 'GetLogEvents') out = getLogEvents(logs, input);
    else if (op === 'FilterLogEvents') out = filterLogEvents(logs, input);
    else throw new LogsError('UnknownOperationException', `The local Lambda service does not implement CloudWatch Logs ${op}`);
    return { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: out };
  } catch (err) {
    if (err instanceof LogsError) return err.reply();
    throw err;
  }
}
