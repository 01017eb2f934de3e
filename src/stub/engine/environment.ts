// One execution environment: a real child process, its own Runtime API
// endpoint, its cgroups and its log stream. It runs one invocation at a time
// and measures it as Lambda does (Init Duration from spawn to the first
// /next; Duration from handing the event over to the result).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { RuntimeFamily } from '../runtimes/types';
import type { Cgroups, EnvCgroup } from './cgroups';
import {
  endLine,
  exitError,
  launchError,
  logGroupName,
  logStreamName,
  outOfMemoryError,
  type PlatformError,
  reportLine,
  startLine,
  stoppedError,
  timeoutError,
} from './log-format';
import type { LogStore } from './log-store';
import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { type NextWaiter, RuntimeApiServer } from './runtime-api';
import type { FunctionSnapshot, InvokeOutcome, InvokeRequest } from './types';

/**
 * 'awaiting': the last result is in but the runtime has not asked for the
 * next event yet; it may still take one (queued until its /next), and if it
 * dies first that queued invocation is retried elsewhere.
 */
export type EnvironmentState = 'starting' | 'idle' | 'busy' | 'awaiting' | 'dead';

/** Resolved instead of an outcome when the invocation was never handed over and may run elsewhere. */
export const RETRY = Symbol('retry');
export type EnvironmentOutcome = InvokeOutcome | typeof RETRY;

export interface EnvironmentDeps {
  readonly host: string;
  readonly family: RuntimeFamily;
  readonly cgroups: Cgroups | undefined;
  readonly logs: LogStore;
  /** Called once, when the environment is gone for good. */
  readonly onDead: (env: Environment) => void;
  /** The runtime asked for work after the engine had already been told the result. */
  readonly onIdle: (env: Environment) => void;
}

/** How long an init may take before the environment is given up. */
const INIT_LIMIT_MS = 10_000;
const RSS_POLL_MS = 50;
/**
 * Only a log's tail leaves the engine (X-Amz-Log-Result carries 4 KB), so an
 * invocation keeps its last 64 KB of lines, not all a chatty function prints.
 */
const LOG_TAIL_CHARS = 64 * 1024;
/** Lambda's largest log event: longer output without a line break is cut into events of this size. */
const MAX_LINE_CHARS = 256 * 1024;

/** The last lines of a log, about LOG_TAIL_CHARS of them (trimmed in batches, not per line). */
class LineTail {
  lines: string[] = [];
  private chars = 0;

  push(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars <= 2 * LOG_TAIL_CHARS) return;
    let drop = 0;
    while (this.chars > LOG_TAIL_CHARS && drop < this.lines.length - 1) this.chars -= this.lines[drop++].length;
    this.lines.splice(0, drop);
  }
}

class Invocation {
  /** Made at the first line: most invocations of a quiet function print none. */
  lines: LineTail | undefined;
  deliveredAt = 0;
  timer: NodeJS.Timeout | undefined;
  /** The runtime posted a result; it is being finished on the next turn. */
  answered = false;
  /** When the result came in: the end of Duration, as on Lambda. */
  answeredAt = 0;
  done = false;
  constructor(
    readonly req: InvokeRequest,
    readonly resolve: (outcome: EnvironmentOutcome) => void,
  ) {}
}

interface Ending {
  readonly payload: Buffer;
  readonly functionError?: 'Unhandled';
  /** Platform lines printed before END (timeout notice, exit reason). */
  readonly extraLines?: readonly string[];
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

function platformPayload(e: PlatformError): Buffer {
  return Buffer.from(JSON.stringify(e));
}

/** How an invocation ends when its runtime posted a result. */
function resultEnding(kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): Ending {
  if (tooLarge) {
    const e = {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${RUNTIME_RESPONSE_MAX_BYTES} bytes).`,
    };
    return { payload: platformPayload(e), functionError: 'Unhandled', status: 'error', errorType: e.errorType };
  }
  if (kind === 'response') return { payload: body };
  const type = errorType ?? 'Runtime.Unknown';
  return { payload: body.length > 0 ? body : platformPayload({ errorType: type, errorMessage: '' }), functionError: 'Unhandled', status: 'error', errorType: type };
}

function traceId(requestId: string, nowMs: number): string {
  // A request id is a UUID (8-4-4-4-12): its 32 hex digits without a regex on every invocation.
  const hex =
    requestId.length === 36
      ? requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18) + requestId.slice(19, 23) + requestId.slice(24)
      : requestId.replace(/-/g, '').padEnd(32, '0');
  return 'Root=1-' + Math.floor(nowMs / 1000).toString(16) + '-' + hex.slice(0, 24) + ';Parent=' + hex.slice(16, 32) + ';Sampled=0';
}

/** What every environment of one function generation gets, built once per generation. */
const baseEnvironments = new WeakMap<FunctionSnapshot, Record<string, string>>();

/** The child's environment: Lambda's variables, never this process's. */
function childEnvironment(fn: FunctionSnapshot, familyEnv: Readonly<Record<string, string>>, stream: string, runtimeApi: string): Record<string, string> {
  let base = baseEnvironments.get(fn);
  if (base === undefined) {
    base = {
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: fn.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn.name),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      LAMBDA_TASK_ROOT: fn.codeDir,
      LAMBDA_RUNTIME_DIR: fn.codeDir,
      _HANDLER: fn.handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
    };
    baseEnvironments.set(fn, base);
  }
  // Per environment: its stream and endpoint; the family's variables win over the function's, as before.
  return { ...base, AWS_LAMBDA_LOG_STREAM_NAME: stream, AWS_LAMBDA_RUNTIME_API: runtimeApi, ...familyEnv };
}

export class Environment {
  readonly id = randomBytes(8).toString('hex');
  readonly group: string;
  readonly stream: string;
  state: EnvironmentState = 'starting';
  /** Set by retire(): stop once the current invocation is over. */
  retired = false;
  /** In the engine's idle pool (the engine keeps this in step). */
  pooled = false;
  lastUsed = performance.now();

  private readonly api: RuntimeApiServer;
  private child: ChildProcess | undefined;
  private cg: EnvCgroup | undefined;
  private spawnedAt = 0;
  private initDurationMs: number | undefined;
  /** The first invocation reports the init phase; later ones do not. */
  private initPending = true;
  /** Output of the init phase, shown in the first invocation's log. */
  private initLines = new LineTail();
  private held: NextWaiter | undefined;
  private inv: Invocation | undefined;
  /**
   * The invocation the timeout timer watches. One timer per environment,
   * re-armed with refresh() at each hand-over: a new timer and its clearing
   * cost several times more than the rest of the hand-over.
   */
  private timed: Invocation | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  /** Where output lines go: the invocation until its result is in. */
  private collecting: Invocation | undefined;
  private partial = { out: '', err: '' };
  private rssWatch: NodeJS.Timeout | undefined;
  private initTimer: NodeJS.Timeout | undefined;
  private rssPeakKb = 0;
  private peakBytes = 0;
  private statusFd: number | undefined;
  private readonly statusBuf = Buffer.allocUnsafe(4096);
  private rssKilled = false;
  private killed = false;
  /** The runtime's process and group are gone: its pid must not be signalled again. */
  private reaped = false;
  private readonly closed: Promise<void>;
  private starting: Promise<void> = Promise.resolve();
  /** The runtime's move into its cgroups, awaited before it gets any work. */
  private joined: Promise<void> = Promise.resolve();
  private markClosed!: () => void;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly deps: EnvironmentDeps,
  ) {
    this.group = logGroupName(fn.name);
    this.stream = logStreamName(fn.version);
    this.closed = new Promise((r) => (this.markClosed = r));
    this.api = new RuntimeApiServer({
      next: (res) => this.onNext(res),
      result: (id, kind, body, type, tooLarge) => this.onResult(id, kind, body, type, tooLarge),
      initError: (body, type) => this.onInitError(body, type),
    });
  }

  /** Hands an invocation over; the environment must be starting, idle or awaiting. */
  invoke(req: InvokeRequest): Promise<EnvironmentOutcome> {
    return new Promise((resolve) => {
      const inv = new Invocation(req, resolve);
      this.inv = inv;
      this.collecting = inv;
      if (this.state === 'idle') this.state = 'busy';
      else if (this.state === 'awaiting') {
        this.state = 'busy';
        // A runtime that never asks again must not hold the caller forever.
        inv.timer = setTimeout(() => this.onTimeout(inv), this.fn.timeoutSec * 1000);
      }
      if (this.state === 'dead') {
        this.finish(inv, this.failure(stoppedError(req.requestId)));
        return;
      }
      const held = this.held;
      if (held !== undefined) {
        this.held = undefined;
        this.deliver(inv, held);
      }
    });
  }

  /** Spawns the runtime. Errors end up in the pending invocation, never thrown. */
  start(): Promise<void> {
    this.starting = this.spawnRuntime();
    return this.starting;
  }

  private async spawnRuntime(): Promise<void> {
    const fn = this.fn;
    let spec;
    try {
      spec = this.deps.family.launch(fn);
    } catch (e) {
      this.failStart(launchError(this.inv?.req.requestId ?? '', (e as Error).message));
      return;
    }
    try {
      const host = this.deps.host === '0.0.0.0' || this.deps.host === '::' ? '127.0.0.1' : this.deps.host;
      const [listening, made] = await Promise.allSettled([this.api.listen(host), this.deps.cgroups?.create(this.id, fn.memoryMb)]);
      // Kept even when the listen failed, so cleanup() removes the groups.
      const cg = made.status === 'fulfilled' ? made.value : undefined;
      this.cg = cg;
      if (listening.status === 'rejected') throw listening.reason;
      if (made.status === 'rejected') throw made.reason;
      const port = listening.value;
      // Stopped meanwhile: cleanup() (waiting for this start) removes what was made.
      if (this.state === 'dead') return;
      const env = childEnvironment(fn, spec.env, this.stream, `${host.includes(':') ? `[${host}]` : host}:${port}`);
      this.initLine(`INIT_START Runtime Version: ${fn.runtime}.local\tRuntime Version ARN: arn:aws:lambda:${fn.region}::runtime:coldbench-local`);
      this.spawnedAt = performance.now();
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      this.child = child;
      if (cg !== undefined && child.pid !== undefined) this.joined = cg.join(child.pid).catch(() => undefined);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (text: string) => this.onOutput('out', text));
      child.stderr.on('data', (text: string) => this.onOutput('err', text));
      child.on('error', (e) => this.failStart(launchError(this.inv?.req.requestId ?? '', e.message)));
      // Kill the group at once so helpers (curl in a bash bootstrap) cannot keep the pipes open.
      child.on('exit', () => {
        this.killGroup();
        // From now on the pid may belong to someone else (pid_max can be 32768).
        this.reaped = true;
      });
      child.on('close', (code, signal) => void this.onClose(code, signal));
      if (cg === undefined || !cg.hasMemory) this.watchRss();
      this.initTimer = setTimeout(() => {
        if (this.initDurationMs === undefined && this.state !== 'dead') this.onInitTimeout();
      }, INIT_LIMIT_MS);
      this.initTimer.unref();
    } catch (e) {
      this.failStart({ errorType: 'Runtime.Unknown', errorMessage: `Could not start the environment: ${(e as Error).message}` });
    }
  }

  /** Ends the environment; a pending invocation fails. */
  stop(): Promise<void> {
    if (this.state !== 'dead') {
      const inv = this.inv;
      if (inv !== undefined && !inv.done) this.finish(inv, this.failure(stoppedError(inv.req.requestId)));
      this.die();
    }
    return this.closed;
  }

  /** Resolves when the process, its endpoint and its cgroups are all gone. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** Process group id, for a synchronous kill when the whole service exits. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  // ------------------------------------------------------------ Runtime API

  private onNext(res: NextWaiter): void {
    if (this.state === 'dead') {
      res.fail(410);
      return;
    }
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.spawnedAt;
      clearTimeout(this.initTimer);
      const cg = this.cg;
      if (cg !== undefined) {
        // The limits must hold before the function runs: wait for the join
        // (long done by now: it lands within milliseconds of the spawn), then
        // the CPU quota (init ran without it, as Lambda boosts on-demand init).
        this.joined.then(() => {
          try {
            cg.limitCpu();
          } catch {
            // The group is gone (the environment is dying): nothing to limit.
          }
          this.ready(res);
        });
        return;
      }
    }
    this.ready(res);
  }

  private ready(res: NextWaiter): void {
    const inv = this.inv;
    if (inv !== undefined && inv.deliveredAt === 0 && !inv.done) {
      if (this.state === 'starting') this.state = 'busy';
      this.deliver(inv, res);
      return;
    }
    this.held = res;
    if (this.state === 'starting') this.state = 'idle';
    else if (this.state === 'awaiting') {
      this.state = 'idle';
      this.deps.onIdle(this);
    }
  }

  private deliver(inv: Invocation, res: NextWaiter): void {
    const req = inv.req;
    const timeoutMs = this.fn.timeoutSec * 1000;
    const startedAt = Date.now();
    let headers =
      'Content-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: ' +
      req.requestId +
      '\r\nLambda-Runtime-Deadline-Ms: ' +
      (startedAt + timeoutMs) +
      '\r\nLambda-Runtime-Invoked-Function-Arn: ' +
      req.invokedArn +
      '\r\nLambda-Runtime-Trace-Id: ' +
      traceId(req.requestId, startedAt) +
      '\r\nContent-Length: ' +
      req.payload.length +
      '\r\n';
    if (req.clientContext !== undefined && req.clientContext !== '') {
      // Decoded JSON; line breaks (legal JSON whitespace) would end the header.
      const context = Buffer.from(req.clientContext, 'base64').toString('utf8').replace(/[\r\n]+/g, ' ');
      headers += 'Lambda-Runtime-Client-Context: ' + context + '\r\n';
    }
    this.deps.logs.append(this.group, this.stream, startedAt, startLine(req.requestId, this.fn.version));
    inv.deliveredAt = performance.now();
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    inv.timer = undefined;
    this.timed = inv;
    if (this.timeoutTimer === undefined) {
      this.timeoutTimer = setTimeout(() => {
        // Fires after the last hand-over's timeout, whether or not that invocation is still running.
        if (this.timed !== undefined) this.onTimeout(this.timed);
      }, timeoutMs);
      // It stays armed between invocations; the runtime's own handles keep the loop alive while one runs.
      this.timeoutTimer.unref();
    } else {
      this.timeoutTimer.refresh();
    }
    res.send(headers, req.payload);
  }

  private onResult(id: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): boolean {
    const inv = this.inv;
    if (inv === undefined || inv.done || inv.answered || inv.req.requestId !== id || inv.deliveredAt === 0) return false;
    inv.answered = true;
    inv.answeredAt = performance.now();
    const ending = resultEnding(kind, body, errorType, tooLarge);
    // A caller that does not read the log answers its client now; the log follows.
    inv.req.onResult?.(ending.payload, ending.functionError);
    // Output the runtime wrote before posting is already in our pipe; one
    // turn of the event loop lets it be read so it lands in this invocation.
    // finish() is synchronous, so the environment is free again before the
    // next read from any client: an early answer never makes its caller's
    // next request find the environment busy.
    setImmediate(() => {
      if (!inv.done) this.finish(inv, ending);
    });
    return true;
  }

  private onInitError(body: Buffer, errorType: string | undefined): void {
    if (this.initDurationMs === undefined) this.initDurationMs = performance.now() - this.spawnedAt;
    const type = errorType ?? 'Runtime.Unknown';
    const inv = this.inv;
    if (inv !== undefined) inv.answered = true;
    setImmediate(() => {
      if (inv !== undefined && !inv.done) {
        this.initLine(`INIT_REPORT Init Duration: ${(this.initDurationMs ?? 0).toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${type}`);
        this.finish(inv, { payload: body.length > 0 ? body : platformPayload({ errorType: type, errorMessage: '' }), functionError: 'Unhandled', status: 'error', errorType: type });
      }
      this.die();
    });
  }

  // ------------------------------------------------------------ failures

  private failure(e: PlatformError, extraLines?: readonly string[], status: 'timeout' | 'error' = 'error'): Ending {
    return { payload: platformPayload(e), functionError: 'Unhandled', extraLines, status, errorType: status === 'error' ? e.errorType : undefined };
  }

  private failStart(e: PlatformError): void {
    const inv = this.inv;
    if (inv !== undefined && !inv.done) this.finish(inv, this.failure(e, [e.errorMessage, e.errorType]));
    this.die();
  }

  private onTimeout(inv: Invocation): void {
    if (inv.done) return;
    this.killGroup();
    const e = timeoutError(inv.req.requestId, this.fn.timeoutSec);
    const notice = `${new Date().toISOString()} ${inv.req.requestId} Task timed out after ${this.fn.timeoutSec.toFixed(2)} seconds`;
    this.finish(inv, this.failure(e, [notice], 'timeout'));
    this.die();
  }

  private onInitTimeout(): void {
    this.killGroup();
    const inv = this.inv;
    if (inv !== undefined && !inv.done) {
      const e = timeoutError(inv.req.requestId, INIT_LIMIT_MS / 1000);
      this.initLine(`INIT_REPORT Init Duration: ${INIT_LIMIT_MS.toFixed(2)} ms\tPhase: init\tStatus: timeout`);
      this.finish(inv, this.failure(e, [], 'timeout'));
    }
    this.die();
  }

  private async onClose(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    this.flushPartial();
    const inv = this.inv;
    if (inv !== undefined && !inv.done && !inv.answered && inv.deliveredAt === 0 && !this.initPending && !this.killed) {
      // Queued behind a runtime that died between invocations: it never ran here.
      inv.done = true;
      if (inv.timer !== undefined) clearTimeout(inv.timer);
      this.inv = undefined;
      inv.resolve(RETRY);
    } else if (inv !== undefined && !inv.done && !inv.answered && !this.killed) {
      const oom = signal === 'SIGKILL' && (this.rssKilled || ((await this.cg?.oomKilled()) ?? false));
      if (!inv.done) {
        const e = oom ? outOfMemoryError(inv.req.requestId) : exitError(inv.req.requestId, code, signal);
        if (this.initDurationMs === undefined) {
          this.initDurationMs = performance.now() - this.spawnedAt;
          this.initLine(`INIT_REPORT Init Duration: ${this.initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${e.errorType}`);
        }
        this.finish(inv, this.failure(e, [e.errorMessage, e.errorType]));
      }
    }
    this.die();
  }

  // ------------------------------------------------------------ completion

  /** Builds the invocation's log and outcome; the environment is idle again unless it died. */
  private finish(inv: Invocation, ending: Ending): void {
    if (inv.done) return;
    inv.done = true;
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    if (this.timed === inv) this.timed = undefined;
    if (this.collecting === inv) this.collecting = undefined;
    const durationMs = inv.deliveredAt === 0 ? 0 : (inv.answeredAt !== 0 ? inv.answeredAt : performance.now()) - inv.deliveredAt;
    const init = this.initPending && this.initDurationMs !== undefined ? this.initDurationMs : undefined;
    if (init !== undefined) this.initPending = false;
    const initLines = this.initLines.lines;
    if (initLines.length > 0) this.initLines = new LineTail();
    const requestId = inv.req.requestId;
    const deliveredLate = inv.deliveredAt === 0;
    const maxMemoryUsedMb = this.maxMemoryMb();
    const logs = this.deps.logs;
    const now = Date.now();
    let text = '';
    for (const line of initLines) text += line + '\n';
    if (deliveredLate) {
      // Never handed over (failed init or start): Lambda still logs START.
      const start = startLine(requestId, this.fn.version);
      logs.append(this.group, this.stream, now, start);
      text += start + '\n';
    } else {
      text += startLine(requestId, this.fn.version) + '\n';
    }
    if (inv.lines !== undefined) for (const line of inv.lines.lines) text += line + '\n';
    if (ending.extraLines !== undefined) {
      for (const line of ending.extraLines) {
        logs.append(this.group, this.stream, now, line);
        text += line + '\n';
      }
    }
    const end = endLine(requestId);
    const report = reportLine({
      requestId,
      durationMs,
      memorySizeMb: this.fn.memoryMb,
      maxMemoryUsedMb,
      initDurationMs: init,
      status: ending.status,
      errorType: ending.errorType,
    });
    logs.append(this.group, this.stream, now, end);
    logs.append(this.group, this.stream, now, report);
    text += end + '\n' + report + '\n';
    if (this.inv === inv) this.inv = undefined;
    if (this.state === 'busy') this.state = this.held !== undefined ? 'idle' : 'awaiting';
    this.lastUsed = performance.now();
    inv.resolve(
      ending.functionError === undefined
        ? { kind: 'response', payload: ending.payload, log: text }
        : { kind: 'response', payload: ending.payload, functionError: ending.functionError, log: text },
    );
  }

  /**
   * Peak memory of the environment: the larger of its cgroup's peak (anonymous
   * memory, what the limit counts) and the runtime's VmHWM (which also counts
   * the mapped runtime binary, as Lambda's figure does).
   */
  private maxMemoryMb(): number {
    const bytes = this.cg?.hasMemory ? this.cg.maxUsageBytes() : undefined;
    // VmHWM costs a /proc read: only when the cgroup peak moved (or there is no cgroup).
    if (bytes === undefined || bytes > this.peakBytes) {
      if (bytes !== undefined && Number.isFinite(bytes)) this.peakBytes = bytes;
      this.readHwm();
    }
    return Math.ceil(Math.max(this.peakBytes, this.rssPeakKb * 1024) / 1048576);
  }

  /**
   * VmHWM through a descriptor kept open, so a warm invocation costs one
   * pread. Synchronous, like the cgroup read: /proc is kernel memory, and
   * finish() must not wait for the thread pool (see onResult).
   */
  private readHwm(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.state === 'dead' || this.reaped) return;
    try {
      this.statusFd ??= fs.openSync(`/proc/${pid}/status`, 'r');
      const n = fs.readSync(this.statusFd, this.statusBuf, 0, this.statusBuf.length, 0);
      const text = this.statusBuf.toString('latin1', 0, n);
      const i = text.indexOf('VmHWM:');
      if (i >= 0) this.rssPeakKb = Math.max(this.rssPeakKb, parseInt(text.slice(i + 6, i + 30).trim(), 10) || 0);
    } catch {
      // The process is gone: report what was seen.
    }
  }

  // ------------------------------------------------------------ output

  private onOutput(which: 'out' | 'err', text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.partial[which] += text;
      this.capPartial(which);
      return;
    }
    let pending = this.partial[which];
    if (pending !== '') this.partial[which] = '';
    while (nl >= 0) {
      this.line(pending + text.slice(start, nl));
      pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.partial[which] = text.slice(start);
    this.capPartial(which);
  }

  /** Output without a line break is bounded: past Lambda's event size it becomes an event of its own. */
  private capPartial(which: 'out' | 'err'): void {
    if (this.partial[which].length < MAX_LINE_CHARS) return;
    this.line(this.partial[which]);
    this.partial[which] = '';
  }

  private flushPartial(): void {
    for (const which of ['out', 'err'] as const) {
      if (this.partial[which] !== '') {
        this.line(this.partial[which]);
        this.partial[which] = '';
      }
    }
  }

  /** A platform line of the init phase: in the stream and in the first invocation's log. */
  private initLine(line: string): void {
    this.deps.logs.append(this.group, this.stream, Date.now(), line);
    this.initLines.push(line);
  }

  private line(line: string): void {
    this.deps.logs.append(this.group, this.stream, Date.now(), line);
    const inv = this.collecting;
    if (inv !== undefined && inv.deliveredAt !== 0) (inv.lines ??= new LineTail()).push(line);
    else if (this.initPending) this.initLines.push(line);
  }

  // ------------------------------------------------------------ memory without cgroups

  private watchRss(): void {
    this.rssWatch = setInterval(() => void this.readRss(), RSS_POLL_MS);
    this.rssWatch.unref();
  }

  private async readRss(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined || this.state === 'dead' || this.reaped) return;
    let text: string;
    try {
      text = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
    } catch {
      return;
    }
    const hwm = /VmHWM:\s*(\d+)/.exec(text);
    const rss = /VmRSS:\s*(\d+)/.exec(text);
    if (hwm !== null) this.rssPeakKb = Math.max(this.rssPeakKb, Number(hwm[1]));
    if (rss !== null && Number(rss[1]) > this.fn.memoryMb * 1024 && !this.rssKilled) {
      this.rssKilled = true;
      this.killGroup();
    }
  }

  // ------------------------------------------------------------ teardown

  private killGroup(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.reaped) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  }

  /** Synchronous kill for process exit. */
  killNow(): void {
    this.killed = true;
    this.killGroup();
  }

  private die(): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    this.killed = true;
    if (this.held !== undefined) {
      this.held.destroy();
      this.held = undefined;
    }
    if (this.rssWatch !== undefined) clearInterval(this.rssWatch);
    if (this.timeoutTimer !== undefined) clearTimeout(this.timeoutTimer);
    // Else it keeps this dead environment (buffers, log lines) reachable for up to 10 s.
    if (this.initTimer !== undefined) clearTimeout(this.initTimer);
    this.killGroup();
    this.deps.onDead(this);
    void this.cleanup();
  }

  private async cleanup(): Promise<void> {
    await this.starting;
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        child.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.api.close();
    if (this.statusFd !== undefined) {
      const fd = this.statusFd;
      this.statusFd = undefined;
      await new Promise((r) => fs.close(fd, r));
    }
    await this.cg?.remove();
    this.markClosed();
  }
}
