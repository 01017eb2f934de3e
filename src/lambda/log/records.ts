// The platform's log records: one typed model that both log formats write
// and read. Text lines (`REPORT RequestId: …`) are the default log format;
// JSON records (`{"time":…,"type":"platform.report","record":{…}}`) are what
// a function with LoggingConfig.LogFormat JSON gets instead, shaped as the
// Telemetry API's events. Each format's own spec heads its file: text.ts, json.ts.
//
// Field names follow the JSON schema, the richer of the two. A field that only
// one format carries is optional here, so one model holds both: a text
// INIT_START has no initializationType, a JSON platform.start no text twin of
// its tracing, and so on.

/** How a phase ended. A text line prints no Status when it is 'success'. */
export type PlatformStatus = 'success' | 'failure' | 'error' | 'timeout';

/** 'invoke' is a suppressed init: the init re-run inside an invocation after a failed or timed-out one. */
export type InitPhase = 'init' | 'invoke' | 'snap-start';

export type InitializationType = 'on-demand' | 'provisioned-concurrency' | 'snap-start';

/** The X-Ray trace header the platform handed to the invocation. */
export interface TraceContext {
  readonly spanId?: string;
  readonly type: 'X-Amzn-Trace-Id';
  /** `Root=1-…;Parent=…;Sampled=1` */
  readonly value: string;
}

/** A named part of a phase (`responseLatency`, `runtimeOverhead` …). */
export interface Span {
  readonly name: string;
  /** ISO-8601 time the span began. */
  readonly start: string;
  readonly durationMs: number;
}

export interface StartRecord {
  readonly kind: 'start';
  readonly requestId: string;
  readonly version?: string;
  readonly tracing?: TraceContext;
}

/** Text `END`; in JSON, the Logs API's `platform.end`. */
export interface EndRecord {
  readonly kind: 'end';
  readonly requestId: string;
}

export interface ReportMetrics {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMB: number;
  /** Absent on Lambda Managed Instances, whose environments run invocations concurrently. */
  readonly maxMemoryUsedMB?: number;
  /** Only when this invocation's environment ran an init phase for it: a cold start. */
  readonly initDurationMs?: number;
  /** Only when this invocation's environment was restored from a SnapStart snapshot. */
  readonly restoreDurationMs?: number;
  readonly billedRestoreDurationMs?: number;
}

export interface ReportRecord {
  readonly kind: 'report';
  readonly requestId: string;
  readonly metrics: ReportMetrics;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly tracing?: TraceContext;
  readonly spans?: readonly Span[];
}

export interface InitStartRecord {
  readonly kind: 'initStart';
  readonly runtimeVersion?: string;
  readonly runtimeVersionArn?: string;
  /** JSON only, like every field below. */
  readonly initializationType?: InitializationType;
  readonly phase?: InitPhase;
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly instanceId?: string;
  readonly instanceMaxMemory?: number;
}

export interface InitReportRecord {
  readonly kind: 'initReport';
  readonly durationMs: number;
  readonly phase?: InitPhase;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  /** JSON only. */
  readonly initializationType?: InitializationType;
  readonly spans?: readonly Span[];
}

/** JSON only: the runtime finished its init (it asked for its first event, or failed). */
export interface InitRuntimeDoneRecord {
  readonly kind: 'initRuntimeDone';
  readonly initializationType?: InitializationType;
  readonly phase?: InitPhase;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly spans?: readonly Span[];
}

/** JSON only: the runtime finished one invocation. */
export interface RuntimeDoneRecord {
  readonly kind: 'runtimeDone';
  readonly requestId: string;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly metrics?: { readonly durationMs: number; readonly producedBytes?: number };
  readonly tracing?: TraceContext;
  readonly spans?: readonly Span[];
}

export interface RestoreStartRecord {
  readonly kind: 'restoreStart';
  readonly runtimeVersion?: string;
  readonly runtimeVersionArn?: string;
  /** JSON only, like every field below. */
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly instanceId?: string;
  readonly instanceMaxMemory?: number;
}

export interface RestoreReportRecord {
  readonly kind: 'restoreReport';
  /** Always in a text line; optional in the JSON schema. */
  readonly durationMs?: number;
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly spans?: readonly Span[];
}

/** JSON only: the runtime's after-restore hooks finished. */
export interface RestoreRuntimeDoneRecord {
  readonly kind: 'restoreRuntimeDone';
  readonly status: PlatformStatus;
  readonly errorType?: string;
  readonly spans?: readonly Span[];
}

/** Text only: a traced invocation's segment. JSON carries the same facts as `tracing` on platform.start. */
export interface XrayRecord {
  readonly kind: 'xray';
  readonly traceId: string;
  readonly segmentId: string;
  readonly sampled: boolean;
}

export type PlatformRecord =
  | StartRecord
  | EndRecord
  | ReportRecord
  | InitStartRecord
  | InitReportRecord
  | InitRuntimeDoneRecord
  | RuntimeDoneRecord
  | RestoreStartRecord
  | RestoreReportRecord
  | RestoreRuntimeDoneRecord
  | XrayRecord;

export type RecordKind = PlatformRecord['kind'];

/** The kinds each format has a form for. */
export const TEXT_KINDS = ['start', 'end', 'report', 'initStart', 'initReport', 'restoreStart', 'restoreReport', 'xray'] as const;
export const JSON_KINDS = [
  'start', 'end', 'report', 'initStart', 'initReport', 'initRuntimeDone', 'runtimeDone', 'restoreStart', 'restoreReport', 'restoreRuntimeDone',
] as const;

export type TextRecord = Extract<PlatformRecord, { kind: (typeof TEXT_KINDS)[number] }>;
export type JsonRecord = Extract<PlatformRecord, { kind: (typeof JSON_KINDS)[number] }>;

export type LogFormat = 'text' | 'json';

const STATUSES: ReadonlySet<string> = new Set<PlatformStatus>(['success', 'failure', 'error', 'timeout']);

/** A status word as either format prints it; a word this code does not know is read as 'error' (the phase did not succeed). */
export function statusOf(word: string | undefined): PlatformStatus {
  if (word === undefined || word === '') return 'success';
  return STATUSES.has(word) ? (word as PlatformStatus) : 'error';
}
