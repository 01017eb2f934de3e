// The `aws` target: Lambda's Invoke through @aws-sdk/client-lambda, with the
// SDK's default credential chain (or a profile), a region and an optional
// endpoint for any Lambda-compatible service. Each attempt is one Invoke with
// LogType Tail; the platform's report in that tail (text REPORT line or JSON
// platform.report, with any INIT_REPORT before it) says cold, restore or warm
// (src/measure/start.ts).
//
// SnapStart: a function with SnapStart on (ApplyOn PublishedVersions, a
// runtime that supports it) runs from a snapshot only on published versions,
// and that is what runs in production; its $LATEST starts cold like any other
// function, which is not what its callers meet. So, targeted without a
// qualifier, the target measures a version it publishes itself
// (snapstart-versions.ts): each memory setting publishes one after the change,
// each forced cold start is a configuration change (a nonce) and a new version
// whose first invocation is a restore, and every other phase invokes the
// newest of them. Each version is journalled before it is published and
// deleted at the end (and by `coldbench restore` after a crash). Targeted at
// a qualifier, a SnapStart version or alias is measured as it is: its
// restores are the ones that happen (a new environment on that version).

import { performance } from 'node:perf_hooks';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { ReportLine } from '../measure/report-line';
import type { Status } from '../measure/row';
import { findReportLine } from '../measure/start';
import { TargetError } from './errors';
import { FunctionConfigurator } from './function-config';
import { managedInstancesRefusal, readFunctionFacts, type FunctionFacts } from './function-facts';
import type { FunctionRef, Journal } from './journal';
import { ApiError, PlatformErrorType } from '../lambda/errors';
import { namedRegion, resolveRegion } from '../scenario/region';
import { createLambdaClients, type LambdaClients, type StaticCredentials } from './sdk';
import { ForcedRestores } from './snapstart-versions';
import { invokeStreamed } from './streamed-invoke';
import { takeCpuWait } from './cpu-wait-headers';
import { snapStartSupports } from '../lambda/snapstart';
import type { Attempt, Target } from './types';

export interface AwsTargetOptions {
  readonly function: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  /** Version or alias to invoke; undefined = $LATEST. */
  readonly qualifier?: string;
  readonly journal: Journal;
  /** Fixed credentials (the embedded service); otherwise the SDK's default chain. */
  readonly credentials?: StaticCredentials;
  /** How long an invocation may go unanswered before it is given up as a `timeout` row; default invocationTimeoutMs(). */
  readonly invocationTimeoutMs?: number;
  /** Invoke with InvokeWithResponseStream (streamed-invoke.ts), measuring the time to the first byte. */
  readonly responseStreaming?: boolean;
}

/**
 * Beyond the function's own timeout, what an invocation may take before the
 * client gives up: an on-demand init runs before the handler and may take up
 * to 10 s outside the function's timeout
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib),
 * plus room for the network and Lambda's own queueing.
 */
export const INVOCATION_TIMEOUT_MARGIN_MS = 15_000;

/** The client-side timeout of an invocation when the scenario sets none: the function's timeout plus a margin. */
export function invocationTimeoutMs(functionTimeoutSec: number): number {
  return functionTimeoutSec * 1000 + INVOCATION_TIMEOUT_MARGIN_MS;
}

/** The errorType of a row whose invocation the client gave up on: no answer came, nothing says what Lambda did. */
export const CLIENT_TIMEOUT = 'ClientTimeout';

export class AwsTarget implements Target {
  readonly kind = 'aws' as const;
  readonly functionName: string;
  readonly qualifier: string | undefined;
  private ref: FunctionRef;
  private clients: LambdaClients;
  private config: FunctionConfigurator;
  private invokedMemoryMb: number | undefined;
  /** Set by open(); an invocation before open() (none should be) gets the default timeout's margin over Lambda's longest timeout. */
  private timeoutMs: number | undefined;
  private facts: FunctionFacts | undefined;
  /** Set when SnapStart runs on published versions of the function: the versions this target publishes and invokes. */
  private restores: ForcedRestores | undefined;
  /** The newest published version has not been invoked yet: its first invocation will be a restore. */
  private untouched = false;
  /** A publish under way (one at a time; invoke() may wait for the first). */
  private publishing: Promise<string> | undefined;

  constructor(private readonly opts: AwsTargetOptions) {
    this.functionName = opts.function;
    this.qualifier = opts.qualifier ?? '$LATEST';
    const region = namedRegion(opts);
    this.ref = {
      function: opts.function,
      ...(region ? { region } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    };
    this.clients = createLambdaClients(this.ref, opts.credentials);
    this.config = new FunctionConfigurator(this.clients.control, this.ref, opts.journal);
  }

  get memoryMb(): number | undefined {
    return this.config.memoryMb ?? this.invokedMemoryMb;
  }

  /** The function's region; known once open() has resolved it. */
  get region(): string | undefined {
    return this.ref.region;
  }

  /** The function's settings on the invoked qualifier as read by open(). */
  functionFacts(): FunctionFacts | undefined {
    return this.facts;
  }

  /** The configurator of $LATEST, for what publishes versions and aliases (journalled, deleted by restore()). */
  get configurator(): FunctionConfigurator {
    return this.config;
  }

  /** The client-side timeout of each invocation; known once open() has read the function's timeout. */
  get invocationTimeoutMs(): number | undefined {
    return this.timeoutMs;
  }

  async open(): Promise<void> {
    let facts: FunctionFacts;
    try {
      if (this.ref.region === undefined) {
        // The journal must name the region the default chain chose now, so that a later
        // `coldbench restore` in another shell (another AWS_REGION) finds the same function.
        const region = await resolveRegion(this.ref, () => this.clients.control.config.region());
        this.ref = { ...this.ref, region };
        // Clients made without a region would ask the chain again, which may have found none.
        this.clients.destroy();
        this.clients = createLambdaClients(this.ref, this.opts.credentials);
        this.config = new FunctionConfigurator(this.clients.control, this.ref, this.opts.journal);
      }
      // What is priced and labelled is read here, before any invocation, on the qualifier invoked.
      facts = await readFunctionFacts(this.clients.control, this.opts.function, this.qualifier);
      if (this.changesLatest()) {
        await this.config.read();
      } else {
        // A published version or alias: its own memory, which coldbench never changes.
        this.invokedMemoryMb = facts.memoryMb;
      }
    } catch (err) {
      throw new TargetError(`target: cannot read function "${this.opts.function}"${where(this.ref)}: ${describe(err)}`);
    }
    if (this.changesLatest()) await this.config.refuseIfLeased();
    // A frozen endpoint (a stopped process with its socket open) must not hang the run: every invocation has a deadline.
    this.timeoutMs = this.opts.invocationTimeoutMs ?? invocationTimeoutMs(facts.timeoutSec);
    this.clients.setInvokeTimeout(this.timeoutMs);
    const refusal = managedInstancesRefusal(facts);
    if (refusal !== undefined) throw new TargetError(refusal);
    if (this.changesLatest() && snapStartOnVersions(facts)) {
      this.restores = new ForcedRestores(this.config, facts.functionName);
      // What is invoked (and priced: restores, the snapshot cache) is a published version with its snapshot on.
      facts = { ...facts, snapStart: { ...facts.snapStart, active: true } };
    }
    this.facts = facts;
  }

  async applyMemory(memoryMb: number | null): Promise<void> {
    if (memoryMb !== null) {
      this.requireLatest('a memory setting');
      const before = this.config.memoryMb;
      await this.config.setMemory(memoryMb);
      // A new memory size runs only on a version published after the change.
      if (this.restores !== undefined && before !== memoryMb) {
        await this.publish();
        return;
      }
    }
    // Each setting's phases need a version to invoke before the first of them runs.
    if (this.restores !== undefined && this.restores.current === undefined) await this.publish();
  }

  async freshEnvironment(): Promise<void> {
    this.requireLatest('a forced cold start');
    if (this.restores === undefined) {
      await this.config.forceFreshEnvironment();
      return;
    }
    // A version no one has invoked yet is fresh already: its first invocation is a restore.
    if (this.restores.current !== undefined && this.untouched) return;
    await this.publish();
  }

  async invoke(payload: Buffer, originMs: number): Promise<Attempt> {
    let version: string | undefined;
    if (this.restores !== undefined) {
      try {
        // applyMemory() publishes before any phase runs; waiting here is only for a caller that skipped it.
        version = this.restores.current ?? await this.publish();
      } catch (err) {
        return { clientMs: performance.now() - originMs, status: 'error', errorType: errorName(err), requestId: undefined, report: undefined };
      }
      this.untouched = false;
    }
    const attempt = await this.invokeQualifier(payload, originMs, version ?? (this.changesLatest() ? undefined : this.qualifier));
    return version !== undefined ? { ...attempt, qualifier: version } : attempt;
  }

  private async invokeQualifier(payload: Buffer, originMs: number, qualifier: string | undefined): Promise<Attempt> {
    const input = {
      FunctionName: this.opts.function,
      ...(qualifier !== undefined ? { Qualifier: qualifier } : {}),
      InvocationType: 'RequestResponse',
      LogType: 'Tail',
      Payload: payload,
    } as const;
    const limitMs = this.timeoutMs ?? invocationTimeoutMs(900);
    try {
      const out = this.opts.responseStreaming === true
        ? await invokeStreamed(this.clients.data, input, originMs)
        : await this.clients.data.send(new InvokeCommand(input));
      const clientMs = performance.now() - originMs;
      const requestId = out.$metadata.requestId;
      const log = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
      const report = findReportLine(log, requestId);
      const { status, errorType, errorMessage } = outcome(out.FunctionError, out.Payload, report);
      const cpu = takeCpuWait(requestId);
      return {
        clientMs,
        status,
        errorType,
        ...(errorMessage !== undefined ? { errorMessage } : {}),
        // Only a failure's tail is kept: the run keeps nothing of a successful one but its REPORT line.
        ...(status !== 'ok' && log !== '' ? { logTail: log } : {}),
        requestId: requestId ?? report?.requestId,
        report,
        ...('ttfbMs' in out && out.ttfbMs !== undefined ? { ttfbMs: out.ttfbMs } : {}),
        ...(cpu !== undefined ? { hostWaitMs: cpu.hostWaitMs, ...(cpu.cpuThrottledMs !== undefined ? { cpuThrottledMs: cpu.cpuThrottledMs } : {}) } : {}),
      };
    } catch (err) {
      const clientMs = performance.now() - originMs;
      const name = errorName(err);
      const requestId = (err as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId;
      if (name === 'AbortError' || name === 'TimeoutError') {
        return {
          clientMs, status: 'timeout', errorType: CLIENT_TIMEOUT,
          errorMessage: `no answer within ${limitMs} ms (the client's invocation timeout)`, requestId, report: undefined,
        };
      }
      if (name === ApiError.TooManyRequestsException) {
        const reason = (err as { Reason?: unknown }).Reason;
        return { clientMs, status: 'throttled', errorType: typeof reason === 'string' && reason ? reason : name, ...messageOf(err), requestId, report: undefined };
      }
      return { clientMs, status: 'error', errorType: name, ...messageOf(err), requestId, report: undefined };
    }
  }

  async restore(): Promise<void> {
    // The journal deletes every version published (and the configuration goes back); ForcedRestores keeps no list of its own.
    await this.config.restore();
    this.restores?.forget();
    this.untouched = false;
  }

  async close(): Promise<void> {
    this.clients.destroy();
  }

  /** Publishes a new version (nonce, publish, wait until Active); the older one is deleted by ForcedRestores. */
  private publish(): Promise<string> {
    const restores = this.restores;
    if (restores === undefined) return Promise.reject(new Error('publish() without SnapStart'));
    // Callers join a publish under way: the version it gives has not been invoked yet, so it is as fresh.
    this.publishing ??= restores.next()
      .then((version) => {
        this.untouched = true;
        return version;
      })
      .finally(() => {
        this.publishing = undefined;
      });
    return this.publishing;
  }

  private changesLatest(): boolean {
    return this.qualifier === undefined || this.qualifier === '$LATEST';
  }

  private requireLatest(what: string): void {
    if (!this.changesLatest()) {
      throw new TargetError(`target.qualifier: ${what} changes $LATEST, so it cannot be measured on qualifier "${this.qualifier}"`);
    }
  }
}

/**
 * SnapStart runs on the function's published versions (ApplyOn
 * PublishedVersions on a runtime that supports it): those, not $LATEST, are
 * what its callers invoke. https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
 */
export function snapStartOnVersions(facts: FunctionFacts): boolean {
  return facts.snapStart.applyOn === 'PublishedVersions' && facts.runtime !== undefined && snapStartSupports(facts.runtime);
}

/**
 * An Invoke's outcome from what says most: the payload's errorType and
 * message, then the report's Status and Error Type where the payload says
 * nothing (a function error with an empty or non-JSON payload; a timeout,
 * whose payload may be empty), then the X-Amz-Function-Error header. A report
 * that says error or timeout makes the attempt fail even where the header did
 * not say so: the platform's own record of the invocation is the truth.
 */
export function outcome(functionError: string | undefined, payload: Uint8Array | undefined, report: ReportLine | undefined): { status: Status; errorType: string | undefined; errorMessage?: string } {
  const reported = report !== undefined && report.status !== 'success';
  if (!functionError && !reported) return { status: 'ok', errorType: undefined };
  const body = functionError ? errorBody(payload) : {};
  const timedOut = report?.status === 'timeout' || body.errorType === PlatformErrorType.SandboxTimedout || /Task timed out after/.test(body.errorMessage ?? '');
  return {
    status: timedOut ? 'timeout' : 'function_error',
    errorType: body.errorType ?? report?.errorType ?? (timedOut ? PlatformErrorType.SandboxTimedout : functionError || undefined),
    // The payload's errorMessage, as the runtime wrote it (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html).
    ...(body.errorMessage ? { errorMessage: body.errorMessage } : {}),
  };
}

/** An SDK or network error's own message, for error_message. */
function messageOf(err: unknown): { errorMessage?: string } {
  const m = (err as { message?: unknown } | null)?.message;
  return typeof m === 'string' && m !== '' ? { errorMessage: m } : {};
}

function errorBody(payload: Uint8Array | undefined): { errorType?: string; errorMessage?: string } {
  if (!payload || payload.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { errorType, errorMessage } = parsed as { errorType?: unknown; errorMessage?: unknown };
    return {
      ...(typeof errorType === 'string' && errorType ? { errorType } : {}),
      ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
    };
  } catch {
    return {};
  }
}

/** The error's name; for a plain Error from the network stack, its code (ECONNREFUSED, ETIMEDOUT …), which says more. */
function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const { name, code } = err as { name?: unknown; code?: unknown };
    if (typeof name === 'string' && name && name !== 'Error') return name;
    if (typeof code === 'string' && code) return code;
    if (typeof name === 'string' && name) return name;
  }
  return 'Error';
}

function describe(err: unknown): string {
  const name = errorName(err);
  const message = err instanceof Error ? err.message : String(err);
  return message && message !== name ? `${name}: ${message}` : name;
}

function where(ref: FunctionRef): string {
  const parts = [ref.region ? `region ${ref.region}` : undefined, ref.endpoint ? `endpoint ${ref.endpoint}` : undefined, ref.profile ? `profile ${ref.profile}` : undefined].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
