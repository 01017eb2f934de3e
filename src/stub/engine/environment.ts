// One execution environment: a real child process, its own Runtime API
// endpoint, its cgroups and its log stream. It runs one invocation at a time
// and measures it as Lambda does (Init Duration from spawn to the first
// /next; Duration from handing the event over to the result).
//
// This file is the invocation lifecycle and the hand-over to the Runtime API.
// The states and their order are the table in lifecycle.ts; the process is
// supervised by runtime-process.ts, its output cut into lines by
// output-capture.ts and its memory metered by memory-meter.ts.

import { PlatformErrorType } from '../../lambda/errors';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RuntimeFamily } from '../runtimes/types';
import type { Cgroups } from './cgroups';
import { type Ending, exitEnding, functionErrorEnding, initTimeoutEnding, resultEnding, startFailedEnding, stoppedEnding, timeoutEnding } from './endings';
import { EnvironmentLog } from './environment-log';
import { type EnvironmentOutcome, eventHeaders, Invocation, RETRY, TimeoutWatch } from './invocation';
import { INIT_LIMIT_MS, InitPhase, initLimitMs } from './init-phase';
import { advance, type EnvironmentState, isFree } from './lifecycle';
import { launchError, type PlatformError } from './log-format';
import type { LogStore } from './log-store';
import { MemoryMeter } from './memory-meter';
import { OutputLines } from './output-capture';
import { type NextWaiter, RuntimeApiServer } from './runtime-api';
import { RuntimeProcess } from './runtime-process';
import { runtimeVariables } from './runtime-variables';
import type { InitializationType } from '../../lambda/log';
import type { FunctionSnapshot, InvokeRequest } from './types';

export interface EnvironmentDeps {
  readonly host: string;
  readonly family: RuntimeFamily;
  readonly cgroups: Cgroups | undefined;
  readonly logs: LogStore;
  /** Called once, when the environment is gone for good. */
  readonly onDead: (env: Environment) => void;
  /** The runtime asked for work after the engine had already been told the result, or its init ended with nothing waiting. */
  readonly onIdle: (env: Environment) => void;
  /** 'provisioned-concurrency' for an environment started ahead (provisioned.ts); on-demand otherwise. */
  readonly initializationType?: InitializationType;
}

/** How long a dead environment waits for its process to close before removing its cgroups anyway. */
const CLOSE_WAIT_MS = 2000;

export class Environment {
  readonly id = randomBytes(8).toString('hex');

  private current: EnvironmentState = 'starting';
  /**
   * Set by retire(): stop once free instead of going back to the pool. Apart
   * from the state because it is the engine's decision about the future, taken
   * in any live state, and it changes nothing until the invocation ends.
   */
  private retiring = false;
  /**
   * In the engine's idle pool. Which list of the engine holds the environment,
   * not a stage of its life: a pooled environment may be 'idle' or 'awaiting'.
   */
  private inPool = false;
  private used = performance.now();

  private readonly log: EnvironmentLog;
  private readonly api: RuntimeApiServer;
  private readonly proc: RuntimeProcess;
  private readonly output: OutputLines;
  private readonly meter: MemoryMeter;
  private readonly init = new InitPhase();
  /** The runtime's /next, held while there is nothing to hand over. */
  private held: NextWaiter | undefined;
  /** The invocation here, from invoke() until it is finished or sent back for a retry. */
  private inv: Invocation | undefined;
  private readonly timeout: TimeoutWatch;
  private readonly closed: Promise<void>;
  private starting: Promise<void> = Promise.resolve();
  private markClosed!: () => void;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly deps: EnvironmentDeps,
  ) {
    this.log = new EnvironmentLog(deps.logs, fn);
    this.closed = new Promise((r) => (this.markClosed = r));
    this.api = new RuntimeApiServer({
      next: (res) => this.onNext(res),
      result: (id, kind, body, type, tooLarge) => this.onResult(id, kind, body, type, tooLarge),
      initError: (body, type) => this.onInitError(body, type),
    });
    // Lines go to the invocation handed over; before the first one ends, to the init phase's.
    this.output = new OutputLines((line) => this.log.output(line, this.inv, this.current === 'starting' || this.inv?.cold === true));
    this.proc = new RuntimeProcess({
      output: (which, text) => this.output.write(which, text),
      error: (e) => this.failStart(launchError(this.inv?.req.requestId ?? '', e.message)),
      closed: (code, signal) => void this.onClose(code, signal),
    });
    this.meter = new MemoryMeter(this.proc, fn.memoryMb);
    this.timeout = new TimeoutWatch(fn.timeoutSec * 1000, (inv) => this.onTimeout(inv));
  }

  // ------------------------------------------------------------ for the engine

  /** No invocation here: it may be pooled and handed the next one. */
  get free(): boolean {
    return isFree(this.current);
  }

  get pooled(): boolean {
    return this.inPool;
  }

  /** The engine put it in its idle pool; only a free environment may be. */
  pool(): void {
    if (!isFree(this.current)) throw new Error(`environment ${this.id} is ${this.current}: only a free one can be pooled`);
    this.inPool = true;
  }

  /** The engine took it out of its idle pool (or it never was in). */
  unpool(): void {
    this.inPool = false;
  }

  get retired(): boolean {
    return this.retiring;
  }

  /** Marks it to stop once free; the engine stops a free one itself. */
  retire(): void {
    this.retiring = true;
  }

  /** When its last invocation ended (performance.now()), for reaping the idle. */
  get lastUsed(): number {
    return this.used;
  }

  /** Hands an invocation over; the environment must be starting (with none yet), idle or awaiting. */
  invoke(req: InvokeRequest): Promise<EnvironmentOutcome> {
    return new Promise((resolve) => {
      const state = this.current;
      if (state === 'dead') {
        // The engine never does this (a dead environment leaves its pool at once); it would be answered as stopped.
        const inv = new Invocation(req, resolve, false);
        resolve(this.log.finish(inv, stoppedEnding(req.requestId), 0, undefined, this.meter.maxMemoryMb()));
        return;
      }
      if (this.inv !== undefined) throw new Error(`environment ${this.id} is ${state} with invocation ${this.inv.req.requestId}: it cannot take ${req.requestId}`);
      const inv = new Invocation(req, resolve, state === 'starting');
      this.inv = inv;
      if (state === 'awaiting') {
        this.current = advance(state, 'queued');
        // A runtime that never asks again must not hold the caller forever.
        inv.timer = setTimeout(() => this.onTimeout(inv), this.fn.timeoutSec * 1000);
        return;
      }
      // 'idle' holds the runtime's /next; 'starting' waits for its first one.
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

  /** Ends the environment; a pending invocation fails. */
  stop(): Promise<void> {
    if (this.current !== 'dead') {
      const inv = this.inv;
      if (inv !== undefined) this.finish(inv, stoppedEnding(inv.req.requestId));
      this.die();
    }
    return this.closed;
  }

  /** Resolves when the process, its endpoint and its cgroups are all gone. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /**
   * Synchronous kill for the exit of this whole process. Nothing runs after
   * an 'exit' handler, so the lifecycle is left where it is.
   */
  killNow(): void {
    this.proc.killGroup();
  }

  // ------------------------------------------------------------ start

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
      const cgroups = this.proc.makeCgroups(this.deps.cgroups, this.id, fn.memoryMb);
      // Groups made are kept even when the listen failed, so cleanup() removes them.
      const [listening, made] = await Promise.allSettled([this.api.listen(host), cgroups]);
      this.meter.attach(this.proc.cgroup);
      if (listening.status === 'rejected') throw listening.reason;
      if (made.status === 'rejected') throw made.reason;
      const port = listening.value;
      // Stopped meanwhile: cleanup() (waiting for this start) removes what was made.
      if (this.current === 'dead') return;
      const initType = this.deps.initializationType ?? 'on-demand';
      const env = runtimeVariables(fn, spec.env, this.log.stream, `${host.includes(':') ? `[${host}]` : host}:${port}`, initType);
      this.log.initStart(initType);
      this.init.begin(() => this.onInitTimeout(), initLimitMs(initType, fn.timeoutSec));
      this.proc.spawn(spec, env);
      this.meter.watch();
    } catch (e) {
      this.failStart({ errorType: PlatformErrorType.RuntimeUnknown, errorMessage: `Could not start the environment: ${(e as Error).message}` });
    }
  }

  // ------------------------------------------------------------ Runtime API

  private onNext(res: NextWaiter): void {
    if (this.current === 'dead') {
      res.fail(410);
      return;
    }
    const initMs = this.init.end();
    if (initMs !== undefined) {
      // An init done ahead reports itself now, in the stream only: no invocation waited for it.
      if (this.deps.initializationType === 'provisioned-concurrency') this.log.initDoneAhead(initMs, this.deps.initializationType);
      // The CPU quota must hold before the function runs (init ran without it, as Lambda boosts on-demand init).
      const limited = this.proc.limitCpu();
      if (limited !== undefined) {
        void limited.then(() => this.ready(res));
        return;
      }
    }
    this.ready(res);
  }

  /** The runtime asks for work: hand over the invocation waiting for it, or hold the request. */
  private ready(res: NextWaiter): void {
    const state = this.current;
    const inv = this.inv;
    if (inv !== undefined && (state === 'starting' || state === 'queued')) {
      this.deliver(inv, res);
      return;
    }
    // Also while 'answered': ours asks for the next event in the write that carries the result.
    this.held = res;
    if (state === 'starting') {
      this.current = advance(state, 'idle');
      // Started ahead with nothing waiting (provisioned concurrency): it is ready for the engine now.
      this.deps.onIdle(this);
    } else if (state === 'awaiting') {
      this.current = advance(state, 'idle');
      this.deps.onIdle(this);
    }
  }

  /** The hand-over: the event leaves as the answer to the runtime's /next. */
  private deliver(inv: Invocation, res: NextWaiter): void {
    this.current = advance(this.current, 'running');
    const req = inv.req;
    const timeoutMs = this.fn.timeoutSec * 1000;
    const startedAt = Date.now();
    const headers = eventHeaders(req, startedAt, timeoutMs);
    this.log.start(req.requestId, startedAt);
    inv.deliveredAt = performance.now();
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    inv.timer = undefined;
    this.timeout.watch(inv);
    res.send(headers, req.payload);
  }

  private onResult(id: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): boolean {
    const inv = this.inv;
    if (this.current !== 'running' || inv === undefined || inv.req.requestId !== id) return false;
    this.current = advance('running', 'answered');
    inv.answeredAt = performance.now();
    const ending = resultEnding(kind, body, errorType, tooLarge);
    // A caller that does not read the log answers its client now; the log follows.
    inv.req.onResult?.(ending.payload, ending.functionError);
    // Output the runtime wrote before posting is already in our pipe; one
    // turn of the event loop lets it be read so it lands in this invocation.
    // finish() is synchronous, so the environment is free again before the
    // next read from any client: an early answer never makes its caller's
    // next request find the environment busy.
    setImmediate(() => this.finish(inv, ending));
    return true;
  }

  private onInitError(body: Buffer, errorType: string | undefined): void {
    this.init.end();
    const type = errorType ?? PlatformErrorType.RuntimeUnknown;
    const inv = this.inv;
    const state = this.current;
    if (inv !== undefined && (state === 'starting' || state === 'running' || state === 'queued')) this.current = advance(state, 'answered');
    setImmediate(() => {
      if (inv !== undefined && this.inv === inv) {
        this.log.initError(this.init.durationMs ?? 0, type);
        this.finish(inv, functionErrorEnding(body, type));
      } else if (inv === undefined) {
        // An init ahead of any invocation (provisioned concurrency): its report goes to the stream alone.
        this.log.initError(this.init.durationMs ?? 0, type);
      }
      this.die();
    });
  }

  // ------------------------------------------------------------ failures

  private failStart(e: PlatformError): void {
    const inv = this.inv;
    if (inv !== undefined) this.finish(inv, startFailedEnding(e));
    this.die();
  }

  private onTimeout(inv: Invocation): void {
    if (this.inv !== inv) return;
    this.proc.killGroup();
    this.finish(inv, timeoutEnding(inv.req.requestId, this.fn.timeoutSec));
    this.die();
  }

  private onInitTimeout(): void {
    this.proc.killGroup();
    const inv = this.inv;
    if (inv !== undefined) {
      this.log.initTimeout(INIT_LIMIT_MS);
      this.finish(inv, initTimeoutEnding(inv.req.requestId, INIT_LIMIT_MS / 1000));
    } else {
      this.log.initTimeout(initLimitMs(this.deps.initializationType ?? 'on-demand', this.fn.timeoutSec));
    }
    this.die();
  }

  private async onClose(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    this.output.flush();
    const inv = this.inv;
    const state = this.current;
    if (inv !== undefined && state === 'queued') {
      // Queued behind a runtime that died between invocations: it never ran here.
      this.inv = undefined;
      if (inv.timer !== undefined) clearTimeout(inv.timer);
      inv.resolve(RETRY);
    } else if (inv !== undefined && (state === 'starting' || state === 'running')) {
      const oom = signal === 'SIGKILL' && (await this.meter.killedForMemory());
      if (this.inv === inv) {
        const ending = exitEnding(inv.req.requestId, code, signal, oom);
        const initDurationMs = this.init.end();
        if (initDurationMs !== undefined) this.log.initError(initDurationMs, ending.errorType);
        this.finish(inv, ending);
      }
    } else if (inv === undefined && state === 'starting') {
      // Its init ahead of any invocation ended with the process (provisioned concurrency).
      const initDurationMs = this.init.end();
      if (initDurationMs !== undefined) this.log.initError(initDurationMs, exitEnding('', code, signal, false).errorType);
    }
    // A runtime that exits after its answer ('answered') still gets that answer: finish() runs on the next turn.
    this.die();
  }

  // ------------------------------------------------------------ completion

  /**
   * Ends the invocation here now, once (later calls for it do nothing):
   * 'answered' becomes free again; on any other path the caller kills the
   * environment next.
   */
  private finish(inv: Invocation, ending: Ending): void {
    if (this.inv !== inv) return;
    this.inv = undefined;
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    this.timeout.release(inv);
    const state = this.current;
    if (state === 'answered') this.current = advance(state, this.held !== undefined ? 'idle' : 'awaiting');
    const outcome = this.log.finish(inv, ending, inv.durationMs(), inv.cold ? this.init.durationMs : undefined, this.meter.maxMemoryMb());
    this.used = performance.now();
    inv.resolve(outcome);
  }

  // ------------------------------------------------------------ teardown

  private die(): void {
    if (this.current === 'dead') return;
    this.current = advance(this.current, 'dead');
    if (this.held !== undefined) {
      this.held.destroy();
      this.held = undefined;
    }
    this.meter.stop();
    this.timeout.stop();
    this.init.cancel();
    this.proc.killGroup();
    this.deps.onDead(this);
    void this.cleanup();
  }

  private async cleanup(): Promise<void> {
    await this.starting;
    await this.proc.whenClosed(CLOSE_WAIT_MS);
    this.api.close();
    await this.meter.close();
    await this.proc.removeCgroups();
    this.markClosed();
  }
}
