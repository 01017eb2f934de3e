// The JSON log format: the writer and reader of each platform record.
//
// Spec: with LoggingConfig.LogFormat JSON, each platform record is one line
// holding one object, shaped as the Telemetry API's events (schema version
// 2025-01-29; AWS Lambda Developer Guide,
// https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html):
//
//   {"time":"<ISO-8601>","type":"platform.<kind>","record":{…}}
//
//   platform.initStart          {initializationType, phase, runtimeVersion?, runtimeVersionArn?,
//                                functionName, functionVersion, instanceId?, instanceMaxMemory?}
//   platform.initRuntimeDone    {initializationType, phase, status, errorType?, spans?}
//   platform.initReport         {initializationType, phase, status, errorType?, metrics: {durationMs}, spans?}
//   platform.restoreStart       {runtimeVersion?, runtimeVersionArn?, functionName, functionVersion, instanceId?, instanceMaxMemory?}
//   platform.restoreRuntimeDone {status, errorType?, spans?}
//   platform.restoreReport      {status, errorType?, metrics?: {durationMs}, spans?}
//   platform.start              {requestId, version?, tracing?}
//   platform.runtimeDone        {requestId, status, errorType?, metrics?: {durationMs, producedBytes?}, tracing?, spans?}
//   platform.report             {requestId, metrics: {durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB,
//                                initDurationMs?, restoreDurationMs?, billedRestoreDurationMs?}, status, errorType?, tracing?, spans?}
//   platform.end                {requestId}   (the Logs API's record of an invocation's end:
//                                https://docs.aws.amazon.com/lambda/latest/dg/runtimes-logs-api.html)
//
// status is success | failure | error | timeout; tracing is {spanId?, type: "X-Amzn-Trace-Id", value};
// a span is {name, start, durationMs}. Durations are written to the microsecond, as Lambda writes them.
// The reader ignores fields it does not know, and a record missing a required field is no record.

import {
  type InitializationType,
  type InitPhase,
  type JsonRecord,
  type ReportMetrics,
  type Span,
  statusOf,
  type TraceContext,
} from './records';

const TYPES = {
  start: 'platform.start',
  end: 'platform.end',
  report: 'platform.report',
  initStart: 'platform.initStart',
  initReport: 'platform.initReport',
  initRuntimeDone: 'platform.initRuntimeDone',
  runtimeDone: 'platform.runtimeDone',
  restoreStart: 'platform.restoreStart',
  restoreReport: 'platform.restoreReport',
  restoreRuntimeDone: 'platform.restoreRuntimeDone',
} as const satisfies Record<JsonRecord['kind'], string>;

type JsonType = (typeof TYPES)[keyof typeof TYPES];
const KIND_OF = new Map<string, JsonRecord['kind']>(Object.entries(TYPES).map(([kind, type]) => [type, kind as JsonRecord['kind']]));

/** The `type` of a kind's JSON record. */
export function jsonType(kind: JsonRecord['kind']): JsonType {
  return TYPES[kind];
}

function micro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function metricsBody(m: ReportMetrics): Record<string, number | undefined> {
  return {
    durationMs: micro(m.durationMs),
    billedDurationMs: m.billedDurationMs,
    memorySizeMB: m.memorySizeMB,
    maxMemoryUsedMB: m.maxMemoryUsedMB,
    initDurationMs: m.initDurationMs === undefined ? undefined : micro(m.initDurationMs),
    restoreDurationMs: m.restoreDurationMs === undefined ? undefined : micro(m.restoreDurationMs),
    billedRestoreDurationMs: m.billedRestoreDurationMs,
  };
}

/** The `record` object of a kind, fields in the order Lambda writes them (undefined ones are left out by JSON). */
function body(r: JsonRecord): Record<string, unknown> {
  switch (r.kind) {
    case 'start':
      return { requestId: r.requestId, version: r.version, tracing: r.tracing };
    case 'end':
      return { requestId: r.requestId };
    case 'report':
      // requestId, status, metrics: the order of a real platform.report in an Invoke's LogResult (JSON log
      // format, eu-west-3, nodejs:18.v28, 2024-05-20; quoted in test/lambda/log/json.test.ts). The Telemetry
      // API's documentation examples put status last or leave it out; CloudWatch's records are what we mirror.
      return { requestId: r.requestId, status: r.status, errorType: r.errorType, metrics: metricsBody(r.metrics), tracing: r.tracing, spans: r.spans };
    case 'initStart':
      return {
        initializationType: r.initializationType, phase: r.phase, runtimeVersion: r.runtimeVersion, runtimeVersionArn: r.runtimeVersionArn,
        functionName: r.functionName, functionVersion: r.functionVersion, instanceId: r.instanceId, instanceMaxMemory: r.instanceMaxMemory,
      };
    case 'initReport':
      return {
        initializationType: r.initializationType, phase: r.phase, status: r.status, errorType: r.errorType,
        metrics: { durationMs: micro(r.durationMs) }, spans: r.spans,
      };
    case 'initRuntimeDone':
      return { initializationType: r.initializationType, phase: r.phase, status: r.status, errorType: r.errorType, spans: r.spans };
    case 'runtimeDone':
      return {
        requestId: r.requestId, status: r.status, errorType: r.errorType, tracing: r.tracing, spans: r.spans,
        metrics: r.metrics === undefined ? undefined : { durationMs: micro(r.metrics.durationMs), producedBytes: r.metrics.producedBytes },
      };
    case 'restoreStart':
      return {
        runtimeVersion: r.runtimeVersion, runtimeVersionArn: r.runtimeVersionArn, functionName: r.functionName,
        functionVersion: r.functionVersion, instanceId: r.instanceId, instanceMaxMemory: r.instanceMaxMemory,
      };
    case 'restoreReport':
      return { status: r.status, errorType: r.errorType, metrics: r.durationMs === undefined ? undefined : { durationMs: micro(r.durationMs) }, spans: r.spans };
    case 'restoreRuntimeDone':
      return { status: r.status, errorType: r.errorType, spans: r.spans };
  }
}

/** One line of the JSON format, without its newline. */
export function writeJson(r: JsonRecord, time: Date | string = new Date()): string {
  return JSON.stringify({ time: typeof time === 'string' ? time : time.toISOString(), type: TYPES[r.kind], record: body(r) });
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function num(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  // The schema types restoreStart's instanceMaxMemory as a string.
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `{key: value}` when value is defined, `{}` otherwise: optional fields stay absent, not undefined. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const PHASES: ReadonlySet<string> = new Set<InitPhase>(['init', 'invoke', 'snap-start']);
const INIT_TYPES: ReadonlySet<string> = new Set<InitializationType>(['on-demand', 'provisioned-concurrency', 'snap-start']);

function phaseOf(o: Obj): { phase?: InitPhase } {
  const p = str(o, 'phase');
  return opt('phase', p !== undefined && PHASES.has(p) ? (p as InitPhase) : undefined);
}

function initTypeOf(o: Obj): { initializationType?: InitializationType } {
  const t = str(o, 'initializationType');
  return opt('initializationType', t !== undefined && INIT_TYPES.has(t) ? (t as InitializationType) : undefined);
}

function outcomeOf(o: Obj): { status: ReturnType<typeof statusOf>; errorType?: string } {
  return { status: statusOf(str(o, 'status')), ...opt('errorType', str(o, 'errorType')) };
}

function tracingOf(o: Obj): { tracing?: TraceContext } {
  const t = o['tracing'];
  if (!isObj(t)) return {};
  const value = str(t, 'value');
  if (value === undefined) return {};
  return { tracing: { ...opt('spanId', str(t, 'spanId')), type: 'X-Amzn-Trace-Id', value } };
}

function spansOf(o: Obj): { spans?: readonly Span[] } {
  const list = o['spans'];
  if (!Array.isArray(list)) return {};
  const spans: Span[] = [];
  for (const s of list as unknown[]) {
    if (!isObj(s)) continue;
    const name = str(s, 'name');
    const start = str(s, 'start');
    const durationMs = num(s, 'durationMs');
    if (name !== undefined && start !== undefined && durationMs !== undefined) spans.push({ name, start, durationMs });
  }
  return { spans };
}

function durationOf(o: Obj): number | undefined {
  const m = o['metrics'];
  return isObj(m) ? num(m, 'durationMs') : undefined;
}

function runtimeOf(o: Obj): {
  runtimeVersion?: string; runtimeVersionArn?: string; functionName?: string; functionVersion?: string; instanceId?: string; instanceMaxMemory?: number;
} {
  return {
    ...opt('runtimeVersion', str(o, 'runtimeVersion')),
    ...opt('runtimeVersionArn', str(o, 'runtimeVersionArn')),
    ...opt('functionName', str(o, 'functionName')),
    ...opt('functionVersion', str(o, 'functionVersion')),
    ...opt('instanceId', str(o, 'instanceId')),
    ...opt('instanceMaxMemory', num(o, 'instanceMaxMemory')),
  };
}

function recordOf(kind: JsonRecord['kind'], o: Obj): JsonRecord | undefined {
  switch (kind) {
    case 'start': {
      const requestId = str(o, 'requestId');
      return requestId ? { kind, requestId, ...opt('version', str(o, 'version')), ...tracingOf(o) } : undefined;
    }
    case 'end': {
      const requestId = str(o, 'requestId');
      return requestId ? { kind, requestId } : undefined;
    }
    case 'report': {
      const requestId = str(o, 'requestId');
      const m = o['metrics'];
      if (!requestId || !isObj(m)) return undefined;
      const durationMs = num(m, 'durationMs');
      const billedDurationMs = num(m, 'billedDurationMs');
      const memorySizeMB = num(m, 'memorySizeMB');
      if (durationMs === undefined || billedDurationMs === undefined || memorySizeMB === undefined) return undefined;
      return {
        kind,
        requestId,
        metrics: {
          durationMs,
          billedDurationMs,
          memorySizeMB,
          ...opt('maxMemoryUsedMB', num(m, 'maxMemoryUsedMB')),
          ...opt('initDurationMs', num(m, 'initDurationMs')),
          ...opt('restoreDurationMs', num(m, 'restoreDurationMs')),
          ...opt('billedRestoreDurationMs', num(m, 'billedRestoreDurationMs')),
        },
        ...outcomeOf(o),
        ...tracingOf(o),
        ...spansOf(o),
      };
    }
    case 'initStart':
      return { kind, ...initTypeOf(o), ...phaseOf(o), ...runtimeOf(o) };
    case 'initReport': {
      const durationMs = durationOf(o);
      return durationMs === undefined ? undefined : { kind, durationMs, ...initTypeOf(o), ...phaseOf(o), ...outcomeOf(o), ...spansOf(o) };
    }
    case 'initRuntimeDone':
      return { kind, ...initTypeOf(o), ...phaseOf(o), ...outcomeOf(o), ...spansOf(o) };
    case 'runtimeDone': {
      const requestId = str(o, 'requestId');
      if (!requestId) return undefined;
      const m = o['metrics'];
      const durationMs = isObj(m) ? num(m, 'durationMs') : undefined;
      const metrics = isObj(m) && durationMs !== undefined ? { durationMs, ...opt('producedBytes', num(m, 'producedBytes')) } : undefined;
      return { kind, requestId, ...outcomeOf(o), ...opt('metrics', metrics), ...tracingOf(o), ...spansOf(o) };
    }
    case 'restoreStart':
      return { kind, ...runtimeOf(o) };
    case 'restoreReport':
      return { kind, ...opt('durationMs', durationOf(o)), ...outcomeOf(o), ...spansOf(o) };
    case 'restoreRuntimeDone':
      return { kind, ...outcomeOf(o), ...spansOf(o) };
  }
}

/** A JSON platform record with the time Lambda stamped on it. */
export interface JsonEvent {
  readonly time: string;
  readonly record: JsonRecord;
}

/** The platform record of one JSON line with its time, or undefined for any other line. */
export function readJsonEvent(line: string): JsonEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObj(parsed)) return undefined;
  const type = str(parsed, 'type');
  const kind = type === undefined ? undefined : KIND_OF.get(type);
  const record = parsed['record'];
  if (kind === undefined || !isObj(record)) return undefined;
  const r = recordOf(kind, record);
  return r === undefined ? undefined : { time: str(parsed, 'time') ?? '', record: r };
}

/** The platform record of one JSON line, or undefined for any other line (an application's JSON log, a partial one). */
export function readJson(line: string): JsonRecord | undefined {
  return readJsonEvent(line)?.record;
}
