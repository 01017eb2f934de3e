// The `http` target: an HTTP endpoint in front of a Lambda function (a
// Function URL, API Gateway), driven by autocannon in `load` phases. Every
// request is a row with its latency, status and request id. With `function`
// the reports of the load's window (text or JSON) are read from the
// function's log group in CloudWatch Logs after the load and joined by
// request id (start type, init, restore, duration, billed, memory, cost);
// without it the start type stays unknown and cost is estimated from client
// time. Memory changes go through the same journalled $LATEST
// configurator as the aws target.

import { performance } from 'node:perf_hooks';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ESTIMATED_BILLING_NOTE } from '../cost/model';
import type { ReportLine } from '../measure/report-line';
import type { Status } from '../measure/row';
import { PlatformErrorType } from '../lambda/errors';
import type { LoadSpec } from '../patterns/types';
import { payloadPicker } from '../plan/payloads';
import { isLoopback } from '../scenario/region';
import type { HttpTargetSpec, Plan } from '../plan/types';
import { TargetError } from './errors';
import { runHttpLoad, type HttpRequestSpec, type RequestRecord } from './http-load';
import type { Journal } from './journal';
import { AwsTarget } from './aws';
import type { FunctionFacts } from './function-facts';
import { fetchReportLines, type LogJoinResult } from './log-join';
import { silenceSdkNodeVersionWarning, type StaticCredentials } from './sdk';
import type { Attempt, LoadRecorder, Target } from './types';

export interface HttpTargetOptions {
  readonly spec: HttpTargetSpec;
  readonly plan: Pick<Plan, 'payloads' | 'settings'>;
  readonly journal: Journal;
  /** Longest wait for REPORT lines after a load (default 60 s: CloudWatch delivers within seconds). */
  readonly joinWaitMs?: number;
  readonly joinPollMs?: number;
}

const DEFAULT_JOIN_WAIT_MS = 60_000;
const DEFAULT_JOIN_POLL_MS = 2_000;
const LOOPBACK_CREDENTIALS: StaticCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const SINGLE_REQUEST_TIMEOUT_MS = 30_000;

/** How one HTTP answer (or its absence) reads as a row. */
export function classify(statusCode: number | undefined, failure: string | undefined, report: ReportLine | undefined): { status: Status; errorType: string | undefined } {
  if (statusCode === undefined) return { status: 'error', errorType: failure ?? 'no response' };
  if (statusCode >= 200 && statusCode < 300) return { status: 'ok', errorType: undefined };
  if (statusCode === 429) return { status: 'throttled', errorType: 'HTTP 429' };
  if (statusCode === 502) {
    // A Function URL answers 502 for a failed or timed-out function; its report tells which.
    if (report?.status === 'timeout') return { status: 'timeout', errorType: PlatformErrorType.SandboxTimedout };
    return { status: 'function_error', errorType: report?.errorType ?? 'HTTP 502' };
  }
  return { status: 'error', errorType: `HTTP ${statusCode}` };
}

interface LoadTotals {
  requests: number;
  readonly byStatus: Record<string, number>;
  readonly errorTypes: Record<string, number>;
  cutAtEnd: number;
  unreachable: string | undefined;
  estimatedRows: number;
  rowsWithReport: number;
  rowsWithoutReport: number;
  readonly joins: Array<Omit<LogJoinResult, 'reports'> & { readonly awaited: number }>;
}

export class HttpTarget implements Target {
  readonly kind = 'http' as const;
  readonly functionName: string;
  readonly qualifier: string | undefined = undefined;
  private readonly spec: HttpTargetSpec;
  private readonly control: AwsTarget | undefined;
  private logs: CloudWatchLogsClient | undefined;
  private readonly declaredMemoryMb: number | undefined;
  /** The plan's memory settings (none when it leaves the function's memory as it is). */
  private readonly memories: readonly number[];
  private readonly bodies: HttpRequestSpec['body'];
  private readonly totals: LoadTotals = {
    requests: 0, byStatus: {}, errorTypes: {}, cutAtEnd: 0, unreachable: undefined, estimatedRows: 0, rowsWithReport: 0, rowsWithoutReport: 0, joins: [],
  };

  constructor(private readonly opts: HttpTargetOptions) {
    const spec = opts.spec;
    this.spec = spec;
    this.functionName = spec.function ?? spec.url;
    this.bodies = bodySource(spec, opts.plan.payloads);
    this.memories = opts.plan.settings.map((s) => s.memoryMb).filter((m): m is number => m !== null);
    if (spec.function !== undefined) {
      this.control = new AwsTarget({
        function: spec.function,
        journal: opts.journal,
        ...(spec.region !== undefined ? { region: spec.region } : {}),
        ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
        ...(isLoopback(spec.endpoint) ? { credentials: LOOPBACK_CREDENTIALS } : {}),
      });
    } else if (this.memories.length === 1) {
      // Nothing to change without a function: the one value says what the function has, for cost.
      this.declaredMemoryMb = this.memories[0];
    }
  }

  get memoryMb(): number | undefined {
    return this.control?.memoryMb ?? this.declaredMemoryMb;
  }

  functionFacts(): FunctionFacts | undefined {
    return this.control?.functionFacts();
  }

  async open(): Promise<void> {
    let url: URL;
    try {
      url = new URL(this.spec.url);
    } catch {
      throw new TargetError(`target.url: not a URL: ${this.spec.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`target.url: must be http:// or https:// (got ${this.spec.url})`);
    if (this.control === undefined) {
      if (this.memories.length > 1) {
        throw new TargetError('target.function: a memory sweep over an http target changes the function behind the URL, so it needs `function` (and `region` or `endpoint`)');
      }
      return;
    }
    await this.control.open();
    silenceSdkNodeVersionWarning();
    const region = this.control.region;
    this.logs = new CloudWatchLogsClient({
      maxAttempts: 3,
      ...(region !== undefined ? { region } : {}),
      ...(this.spec.endpoint !== undefined ? { endpoint: this.spec.endpoint } : {}),
      ...(isLoopback(this.spec.endpoint) ? { credentials: LOOPBACK_CREDENTIALS } : {}),
    });
  }

  async applyMemory(memoryMb: number | null): Promise<void> {
    if (this.control !== undefined) await this.control.applyMemory(memoryMb);
  }

  async freshEnvironment(): Promise<void> {
    if (this.control === undefined) throw new TargetError('target.function: forcing a cold start behind a URL needs the function (`function`)');
    await this.control.freshEnvironment();
  }

  /** One request outside a load phase (no pattern uses it today; kept so the target is whole). */
  async invoke(payload: Buffer, originMs: number): Promise<Attempt> {
    const body = ['GET', 'HEAD'].includes(this.spec.method) ? undefined : this.spec.body ?? payload;
    try {
      const res = await fetch(this.spec.url, {
        method: this.spec.method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...this.spec.headers },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(SINGLE_REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      const { status, errorType } = classify(res.status, undefined, undefined);
      const requestId = res.headers.get('x-amzn-requestid') ?? res.headers.get('apigw-requestid') ?? undefined;
      return { clientMs: performance.now() - originMs, status, errorType, requestId, report: undefined };
    } catch (err) {
      const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
      const errorType = typeof cause === 'string' ? cause : (err as { name?: string } | null)?.name === 'TimeoutError' ? 'timeout' : 'connection error';
      return { clientMs: performance.now() - originMs, status: 'error', errorType, requestId: undefined, report: undefined };
    }
  }

  async load(spec: LoadSpec, recorder: LoadRecorder, signal: AbortSignal): Promise<void> {
    const request: HttpRequestSpec = {
      url: this.spec.url,
      method: this.spec.method,
      headers: this.spec.headers,
      ...(this.bodies !== undefined && !['GET', 'HEAD'].includes(this.spec.method) ? { body: this.bodies } : {}),
    };
    const joining = this.logs !== undefined && this.spec.function !== undefined;
    // Without a join every record is final at once; with one, rows wait for the REPORT lines.
    const held: RequestRecord[] = [];
    const windowStart = Date.now();
    const stats = await runHttpLoad(request, spec, (r) => {
      if (joining) held.push(r);
      else this.emit(recorder, r, undefined, true);
    }, signal);
    this.totals.cutAtEnd += stats.cutAtEnd;
    this.totals.unreachable ??= stats.unreachable;
    if (!joining || this.logs === undefined || this.spec.function === undefined) return;

    const awaited = new Set<string>();
    for (const r of held) {
      // Only requests that reached the function log a report: answered, not throttled.
      if (r.requestId !== undefined && r.statusCode !== undefined && r.statusCode !== 429) awaited.add(r.requestId);
    }
    // The group the function's configuration names (LoggingConfig.LogGroup), once read; else /aws/lambda/<name>.
    const logGroupName = this.control?.functionFacts()?.logGroup;
    const join = await fetchReportLines({
      client: this.logs,
      functionName: this.spec.function,
      ...(logGroupName !== undefined ? { logGroupName } : {}),
      windowStartMs: windowStart,
      windowEndMs: Date.now(),
      awaited,
      maxWaitMs: this.opts.joinWaitMs ?? DEFAULT_JOIN_WAIT_MS,
      pollIntervalMs: this.opts.joinPollMs ?? DEFAULT_JOIN_POLL_MS,
      signal,
    });
    const { reports, ...rest } = join;
    this.totals.joins.push({ ...rest, awaited: awaited.size });
    held.sort((a, b) => a.sentAt - b.sentAt);
    for (const r of held) this.emit(recorder, r, r.requestId === undefined ? undefined : reports.get(r.requestId), false);
  }

  private emit(recorder: LoadRecorder, r: RequestRecord, report: ReportLine | undefined, noJoin: boolean): void {
    const { status, errorType } = classify(r.statusCode, r.failure, report);
    const t = this.totals;
    t.requests++;
    t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
    if (errorType !== undefined) t.errorTypes[errorType] = (t.errorTypes[errorType] ?? 0) + 1;
    // Priced from client time only where no REPORT line can exist and the request reached the function.
    const estimated = noJoin && r.statusCode !== undefined && r.statusCode !== 429;
    if (estimated) t.estimatedRows++;
    if (!noJoin) {
      if (report !== undefined) t.rowsWithReport++;
      else t.rowsWithoutReport++;
    }
    recorder.record({
      clientMs: r.clientMs,
      status,
      errorType,
      requestId: r.requestId,
      report,
      ...(estimated ? { billing: 'estimated' as const } : {}),
      startedAt: new Date(performance.timeOrigin + r.sentAt),
    });
  }

  runFacts(): Readonly<Record<string, unknown>> {
    const t = this.totals;
    const joined = this.spec.function !== undefined;
    return {
      http: {
        url: this.spec.url,
        method: this.spec.method,
        requests: t.requests,
        byStatus: t.byStatus,
        errorTypes: t.errorTypes,
        cutAtEnd: t.cutAtEnd,
        ...(t.unreachable !== undefined ? { unreachable: t.unreachable } : {}),
        startType: joined ? 'from the reports (REPORT lines or platform.report records) joined by request id' : 'unknown (no function to read reports from)',
        logJoin: joined
          ? { function: this.spec.function, rowsWithReport: t.rowsWithReport, rowsWithoutReport: t.rowsWithoutReport, reads: t.joins }
          : null,
        billing: t.estimatedRows > 0
          ? { estimated: true, estimatedRows: t.estimatedRows, memoryMb: this.memoryMb ?? null, note: ESTIMATED_BILLING_NOTE }
          : { estimated: false },
      },
    };
  }

  async restore(): Promise<void> {
    await this.control?.restore();
  }

  async close(): Promise<void> {
    this.logs?.destroy();
    this.logs = undefined;
    await this.control?.close();
  }
}

/** The body every request sends: the target's own, else the scenario's payload(s). */
function bodySource(spec: HttpTargetSpec, payloads: Plan['payloads']): HttpRequestSpec['body'] {
  if (spec.body !== undefined) return spec.body;
  if (payloads.length === 0) return undefined;
  // One body is sent as is, and its content type told from it; several are drawn per request.
  if (payloads.length === 1) return payloads[0]!.body;
  return payloadPicker(payloads);
}
