// CloudWatch Logs (AWS JSON 1.1: POST / with X-Amz-Target) on the same port
// as the Lambda API, reading the engine's log store: DescribeLogGroups,
// DescribeLogStreams, FilterLogEvents and GetLogEvents. Enough for the AWS
// SDK and CLI to read what the functions logged; nothing is ever written here.

import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { LogEvent, LogStoreReader, LogStreamInfo } from '../engine/types';
import type { ApiContext } from './context';
import { readBody } from './http';
import { compileFilterPattern, FilterPatternError } from './filter-pattern';

const TARGET_PREFIX = 'Logs_20140328.';
const BODY_LIMIT = 1_048_576;
const ACCOUNT = '000000000000';

export function isLogsRequest(req: http.IncomingMessage): boolean {
  const t = req.headers['x-amz-target'];
  return req.method === 'POST' && (req.url === '/' || req.url?.startsWith('/?') === true)
    && typeof t === 'string' && t.startsWith(TARGET_PREFIX);
}

type LogsErrorType = 'ResourceNotFoundException' | 'InvalidParameterException' | 'UnknownOperationException' | 'SerializationException';

class LogsError extends Error {
  constructor(readonly type: LogsErrorType, message: string) {
    super(message);
  }
}

type Body = Record<string, unknown>;
type Op = (logs: LogStoreReader, body: Body, region: string) => Body;

const OPS: Readonly<Record<string, Op>> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
};

export async function serveLogs(api: ApiContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = randomUUID();
  let status = 200;
  let doc: Body;
  try {
    const op = OPS[String(req.headers['x-amz-target']).slice(TARGET_PREFIX.length)];
    if (op === undefined) throw new LogsError('UnknownOperationException', `The local service does not implement ${String(req.headers['x-amz-target'])}`);
    const raw = await readBody(req, BODY_LIMIT, () => new Error('request too large') as never);
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new LogsError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new LogsError('SerializationException', 'The request body must be a JSON object');
    doc = op(api.engine.logs, body as Body, api.shape.region);
  } catch (err) {
    status = 400;
    const type = err instanceof LogsError ? err.type : 'ServiceUnavailableException';
    if (!(err instanceof LogsError)) status = 500;
    doc = { __type: type, message: err instanceof Error ? err.message : String(err) };
    res.setHeader('x-amzn-ErrorType', type);
  }
  const out = Buffer.from(JSON.stringify(doc));
  res.writeHead(status, { 'x-amzn-RequestId': requestId, 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': out.length });
  res.end(out);
}

// ---- parameters -------------------------------------------------------------

function str(body: Body, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LogsError('InvalidParameterException', `${key} must be a string`);
  return v;
}

function int(body: Body, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new LogsError('InvalidParameterException', `1 validation error detected: Value '${String(v)}' at '${key}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return v;
}

/** logGroupName, or the name inside a logGroupIdentifier ARN. */
function groupName(body: Body): string {
  const name = str(body, 'logGroupName');
  const identifier = str(body, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw new LogsError('InvalidParameterException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const g = name ?? identifier?.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '');
  if (g === undefined) throw new LogsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier is required.');
  return g;
}

function requireGroup(logs: LogStoreReader, name: string): void {
  if (!logs.groups().some((g) => g.logGroupName === name)) {
    throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
  }
}

/** Tokens are opaque to clients: a base64 JSON position. */
function encodeToken(pos: unknown): string {
  return Buffer.from(JSON.stringify(pos)).toString('base64url');
}

function decodeToken<T>(body: Body, check: (v: unknown) => v is T): T | undefined {
  const t = str(body, 'nextToken');
  if (t === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(t, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
}

const isOffset = (v: unknown): v is { o: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { o?: unknown }).o) && (v as { o: number }).o >= 0;

// ---- operations -------------------------------------------------------------

function groupArn(region: string, name: string): string {
  return `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;
}

function describeLogGroups(logs: LogStoreReader, body: Body, region: string): Body {
  const prefix = str(body, 'logGroupNamePrefix') ?? '';
  const limit = int(body, 'limit', 1, 50) ?? 50;
  const from = decodeToken(body, isOffset)?.o ?? 0;
  const all = logs.groups().filter((g) => g.logGroupName.startsWith(prefix))
    .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  const page = all.slice(from, from + limit).map((g) => ({
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    metricFilterCount: 0,
    arn: `${groupArn(region, g.logGroupName)}:*`,
    logGroupArn: groupArn(region, g.logGroupName),
    storedBytes: g.storedBytes,
    logGroupClass: 'STANDARD',
  }));
  return { logGroups: page, ...(from + limit < all.length ? { nextToken: encodeToken({ o: from + limit }) } : {}) };
}

function describeLogStreams(logs: LogStoreReader, body: Body, region: string): Body {
  const group = groupName(body);
  requireGroup(logs, group);
  const prefix = str(body, 'logStreamNamePrefix');
  const orderBy = str(body, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw new LogsError('InvalidParameterException', `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`);
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw new LogsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const descending = body.descending === true;
  const limit = int(body, 'limit', 1, 50) ?? 50;
  const from = decodeToken(body, isOffset)?.o ?? 0;
  const key = (s: LogStreamInfo): number | string => (orderBy === 'LastEventTime' ? s.lastEventTimestamp ?? s.creationTime : s.logStreamName);
  const all = logs.streams(group).filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return descending ? -c : c;
    });
  const page = all.slice(from, from + limit).map((s) => ({
    logStreamName: s.logStreamName,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
    ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
    arn: `${groupArn(region, group)}:log-stream:${s.logStreamName}`,
    storedBytes: s.storedBytes,
  }));
  return { logStreams: page, ...(from + limit < all.length ? { nextToken: encodeToken({ o: from + limit }) } : {}) };
}

/** First index whose timestamp is ≥ t (events are in time order). */
function lowerBound(events: readonly LogEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as LogEvent).timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Found {
  readonly stream: string;
  readonly event: LogEvent;
  /** Rank among this stream's events with the same timestamp: with (timestamp, stream) a stable position. */
  readonly rank: number;
}

/** Position after the last event of a page: (timestamp, stream, rank). */
interface FilterPosition {
  readonly t: number;
  readonly s: string;
  readonly r: number;
}

const isPosition = (v: unknown): v is FilterPosition => {
  const p = v as Partial<FilterPosition> | null;
  return typeof p === 'object' && p !== null && typeof p.t === 'number' && typeof p.s === 'string' && typeof p.r === 'number';
};

function compareFound(a: Found, b: Found): number {
  if (a.event.timestamp !== b.event.timestamp) return a.event.timestamp - b.event.timestamp;
  if (a.stream !== b.stream) return a.stream < b.stream ? -1 : 1;
  return a.rank - b.rank;
}

function after(f: Found, p: FilterPosition): boolean {
  if (f.event.timestamp !== p.t) return f.event.timestamp > p.t;
  if (f.stream !== p.s) return f.stream > p.s;
  return f.rank > p.r;
}

function timeParam(body: Body, key: string): number | undefined {
  return int(body, key, 0, Number.MAX_SAFE_INTEGER);
}

function filterLogEvents(logs: LogStoreReader, body: Body): Body {
  const group = groupName(body);
  requireGroup(logs, group);
  const names = body.logStreamNames;
  if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) {
    throw new LogsError('InvalidParameterException', 'logStreamNames must be a list of strings');
  }
  const prefix = str(body, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw new LogsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  const startTime = timeParam(body, 'startTime') ?? 0;
  const endTime = timeParam(body, 'endTime') ?? Number.MAX_SAFE_INTEGER;
  const limit = int(body, 'limit', 1, 10_000) ?? 10_000;
  let matches: (message: string) => boolean;
  try {
    matches = compileFilterPattern(str(body, 'filterPattern') ?? '');
  } catch (err) {
    if (err instanceof FilterPatternError) throw new LogsError('InvalidParameterException', err.message);
    throw err;
  }
  const position = decodeToken(body, isPosition);
  const wanted = names === undefined ? undefined : new Set(names as string[]);
  const streams = logs.streams(group)
    .filter((s) => (wanted === undefined || wanted.has(s.logStreamName)) && (prefix === undefined || s.logStreamName.startsWith(prefix)));
  const found: Found[] = [];
  for (const s of streams) {
    const events = logs.events(group, s.logStreamName);
    let prevT = NaN;
    let rank = 0;
    // endTime is inclusive in CloudWatch Logs.
    for (let i = lowerBound(events, startTime); i < events.length; i++) {
      const e = events[i] as LogEvent;
      if (e.timestamp > endTime) break;
      rank = e.timestamp === prevT ? rank + 1 : 0;
      prevT = e.timestamp;
      if (!matches(e.message)) continue;
      const f = { stream: s.logStreamName, event: e, rank };
      if (position === undefined || after(f, position)) found.push(f);
    }
  }
  found.sort(compareFound);
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((f) => ({
      logStreamName: f.stream,
      timestamp: f.event.timestamp,
      message: f.event.message,
      ingestionTime: f.event.ingestionTime,
      eventId: `${f.event.timestamp}-${f.stream.slice(-8)}-${f.rank}`,
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.logStreamName, searchedCompletely: true })),
    ...(found.length > limit && last !== undefined ? { nextToken: encodeToken({ t: last.event.timestamp, s: last.stream, r: last.rank }) } : {}),
  };
}

function getLogEvents(logs: LogStoreReader, body: Body): Body {
  const group = groupName(body);
  requireGroup(logs, group);
  const stream = str(body, 'logStreamName');
  if (stream === undefined) throw new LogsError('InvalidParameterException', 'logStreamName is required.');
  if (!logs.streams(group).some((s) => s.logStreamName === stream)) {
    throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
  }
  const startTime = timeParam(body, 'startTime') ?? 0;
  const endTime = timeParam(body, 'endTime') ?? Number.MAX_SAFE_INTEGER;
  const limit = int(body, 'limit', 1, 10_000) ?? 10_000;
  const events = logs.events(group, stream);
  // endTime is exclusive for GetLogEvents.
  const from = lowerBound(events, startTime);
  const to = lowerBound(events, endTime === Number.MAX_SAFE_INTEGER ? Infinity : endTime);
  const offset = decodeToken(body, isOffset)?.o ?? 0;
  const slice = events.slice(from + offset, Math.min(to, from + offset + limit));
  const next = encodeToken({ o: offset + slice.length });
  return {
    events: slice.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    // Lambda's clients stop when the token repeats; it does once the stream is read to the end.
    nextForwardToken: next,
    nextBackwardToken: encodeToken({ o: offset }),
  };
}
