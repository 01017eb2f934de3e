// One execution environment: a real child process, its own Runtime API
// endpoint, its cgroups and its log stream. It runs one invocation at a time
// and measures it as Lambda does (Init Duration from spawn to the first
// /next; Duration from handing the event over to the result).
//
// This file is the invocation lifecycle and the hand-over to the Runtime API.
// The states and their order are the table in lifecycle.ts; the process is
// supervised by runtime-process.ts, its output cut into lines by
// output-capture.ts and its memory metered by memory-meter.ts.
//
// A failed init is handled as Lambda handles it (init-phase.ts has the
// sources): INIT_REPORT with Phase, Status and Error Type once the failed
// runtime is gone, then the init re-run inside the invocation (a new process,
// as Lambda restarts the runtime: AWS's runtime interface emulator starts a
// new runtime process for that re-run, internal/lambda/rapid/handlers.go,
// doInvoke and doRuntimeDomainInit), bounded by the function's timeout and
// counted in its Duration. If the re-run fails too, its INIT_REPORT says
// `Phase: invoke`, the invocation fails with it, and the environment stays
// to re-run the init for the next invocation.

import { PlatformErrorType } from '../../lambda/errors';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RuntimeFamily } from '../runtimes/types';
import type { Cgroups } from './cgroups';
import { CpuWaitMeter } from './cpu-wait';
import { type Ending, exitEnding, functionErrorEnding, resultEnding, startFailedEnding, stoppedEnding, timeoutEnding } from './endings';
import { EnvironmentLog } from './environment-log';
import { type EnvironmentOutcome, eventHeaders, Invocation, RETRY, TimeoutWatch } from './invocation';
import type { InitializationType } from '../../lambda/log';
import { initErrorType, initLimitFor, InitPhase } from './init-phase';
import { advance, type EnvironmentState, isFree, isInitializing } from './lifecycle';
import { launchError, type PlatformError } from './log-format';
import type { LogStore } from './log-store';
import { MemoryMeter } from './memory-meter';
import { OutputLines } from './output-capture';
import { type NextWaiter, RuntimeApiServer } from './runtime-api';
import type { Refusal } from './runtime-api-replies';
import { initErrorRefusal, invalidTransition, resultRefusal } from './runtime-states';
import type { FreezeGuard } from './freeze-guard';
import { type ProcessEvents, RuntimeProcess, type SupervisedProcess } from './runtime-process';
import type { RestoreSource } from './snapshot';
import { runtimeVariables } from './runtime-variables';
import { type ResponseStreamReader, StreamedResponse } from './streamed-response';
import { STREAMED_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import type { FunctionSnapshot, InvokeRequest } from './types';
import type { LaunchSpec } from '../runtimes/types';

export interface EnvironmentDeps {
  readonly host: string;
  readonly family: RuntimeFamily;
  readonly cgroups: Cgroups | undefined;
  readonly logs: LogStore;
  /** Called once, when the environment is gone for good. */
  readonly onDead: (env: Environment) => void;
  /** The runtime asked for work after the engine had already been told the result, or a failed init was wound up with no invocation here. */
  readonly onIdle: (env: Environment) => void;
  /** SnapStart: the snapshot this environment is restored from instead of spawning its runtime (snapshot.ts). */
  readonly restore?: RestoreSource | undefined;
  /**
   * The Init phase's limit. Lambda's is 10 s (INIT_LIMIT_MS), the default;
   * only tests set another, to see an init time out without waiting 10 s.
   */
  readonly initLimitMs?: number;
  /** 'provisioned-concurrency' for an environment started ahead (provisioned.ts); on-demand otherwise. */
  readonly initializationType?: InitializationType;
  /** A streamed response's limit; Lambda's (STREAMED_RESPONSE_MAX_BYTES) unless a test sets a smaller one. */
  readonly streamedResponseMaxBytes?: number;
  /** Each invocation whose wait for a CPU was measured (cpu-wait.ts), with its Duration. */
  readonly onCpuWait?: (functionName: string, memoryMb: number, durationMs: number, hostWaitMs: number, throttledMs: number, now: number) => void;
  /** Kills a frozen environment's group should the service end without doing it (freeze-guard.ts). */
  readonly freezeGuard: FreezeGuard;
}

/** An init that failed, until its process is gone and it is reported. */
interface InitFailure {
  readonly status: 'error' | 'timeout';
  /** The INIT_REPORT's Error Type (none for a timeout). */
  readonly errorType?: string;
  /** How the invocation here ends, when the init was re-run inside it. */
  readonly ending?: Ending;
}

/** How long a dead environment waits for its process to close before removing its cgroups anyway. */
const CLOSE_WAIT_MS = 2000;

/**
 * How long an environment waits on /next with nothing to do before it is
 * frozen. Lambda freezes at once; stopping and resuming a process group costs
 * about 0.2 ms of client time per invocation here (two extra wake-ups of the
 * runtime), so back-to-back invocations (a load test, a sequential or
 * concurrent phase, even on a busy machine whose client is slow to send the
 * next one) keep running and only a real gap freezes. Work left running moves
 * for at most this long before it stops.
 */
const FREEZE_GRACE_MS = 10;

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
  private readonly proc: SupervisedProcess;
  private readonly output: OutputLines;
  private readonly meter: MemoryMeter;
  private readonly cpuWait: CpuWaitMeter;
  /** The current init: the Init phase, then each re-run inside an invocation. */
  private init = new InitPhase('init');
  /** Why the current init failed, from the failure until it is reported. */
  private failure: InitFailure | undefined;
  /** host:port of the Runtime API, for each launch of the runtime. */
  private apiAddress = '';
  /** The runtime's /next, held while there is nothing to hand over. */
  private held: NextWaiter | undefined;
  /** Its processes are stopped ('idle'); the next hand-over resumes them. */
  private frozen = false;
  private freezeTimer: NodeJS.Timeout | undefined;
  /** The group the freeze guard knows of, from the first freeze on. */
  private guardedPid: number | undefined;
  /** The invocation here, from invoke() until it is finished or sent back for a retry. */
  private inv: Invocation | undefined;
  /** The last hand-over: its request id stays the current one after its result, and a second /next while it runs gets its headers again. */
  private handedOverId = '';
  private handedOverHeaders = '';
  private readonly timeout: TimeoutWatch;
  private readonly closed: Promise<void>;
  private starting: Promise<void> = Promise.resolve();
  private markClosed!: () => void;
  /** Forked from a SnapStart snapshot: a failed restore is not re-run as a failed init is (the snapshot cannot be forked into this environment again). */
  private readonly restored: boolean;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly deps: EnvironmentDeps,
  ) {
    const events: ProcessEvents = {
      output: (which, text) => this.output.write(which, text),
      error: (e) => this.onSpawnError(e),
      closed: (code, signal) => void this.onClose(code, signal),
    };
    // Restored from a snapshot, its runtime is forked there and its first phase is a restore.
    const restored = deps.restore?.process(events);
    this.restored = restored !== undefined;
    this.log = new EnvironmentLog(deps.logs, fn, restored, deps.initializationType ?? 'on-demand');
    this.closed = new Promise((r) => (this.markClosed = r));
    this.api = new RuntimeApiServer({
      next: (res) => this.onNext(res),
      result: (id, kind, body, type, tooLarge, contentType) => this.onResult(id, kind, body, type, tooLarge, contentType),
      initError: (body, type) => this.onInitError(body, type),
      stream: (id, type) => this.onStream(id, type),
    });
    // Lines go to the invocation handed over; before the first one ends, and while an init runs or fails, to the init phase's.
    this.output = new OutputLines((line) => this.log.output(line, this.inv, isInitializing(this.current) || this.inv?.cold === true));
    this.proc = restored ?? new RuntimeProcess(events);
    this.meter = new MemoryMeter(this.proc, fn.memoryMb);
    this.cpuWait = new CpuWaitMeter(() => this.proc.cgroup?.cpuDirectory);
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

  /** Hands an invocation over; the environment must be starting (with none yet), idle, awaiting or failed (its init is re-run for it). */
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
      if (state === 'failing' || state === 'reinit') throw new Error(`environment ${this.id} is ${state}: it cannot take ${req.requestId}`);
      const inv = new Invocation(req, resolve, state === 'starting');
      this.inv = inv;
      if (state === 'failed') {
        this.rerunInit(inv);
        return;
      }
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
      // host:port/<secret>: only a process told the address can use the Runtime API (see runtime-api.ts).
      this.apiAddress = `${host.includes(':') ? `[${host}]` : host}:${port}/${this.api.secret}`;
    } catch (e) {
      this.failStart({ errorType: PlatformErrorType.RuntimeUnknown, errorMessage: `Could not start the environment: ${(e as Error).message}` });
      return;
    }
    this.log.initStart();
    this.init.begin(this.deps.initLimitMs ?? initLimitFor(this.deps.initializationType ?? 'on-demand', this.fn.timeoutSec), () => this.onInitTimeout());
    this.launch();
    this.meter.watch();
  }

  /**
   * Launches the runtime for the current init. A runtime that cannot be
   * launched (no bootstrap, no interpreter) fails that init, as on Lambda:
   * `INIT_REPORT … Status: error	Error Type: Runtime.InvalidEntrypoint`.
   */
  private launch(): void {
    let spec: LaunchSpec;
    try {
      spec = this.deps.family.launch(this.fn);
    } catch (e) {
      const error = launchError(this.inv?.req.requestId ?? '', (e as Error).message);
      this.failInit({ status: 'error', errorType: error.errorType, ending: startFailedEnding(error) });
      // No process to wait for.
      this.initFailed();
      return;
    }
    this.proc.spawn(spec, runtimeVariables(this.fn, spec.env, this.log.stream, this.apiAddress, this.deps.initializationType));
  }

  /**
   * Re-runs the failed init inside `inv` (a suppressed init): a new runtime
   * process, its time the start of the invocation's Duration, the function's
   * timeout counting from it ("Lambda retries the Init phase at the time of
   * the first function invocation with the configured function timeout",
   * lambda-runtime-environment.html). Text logs print no INIT_START for it.
   */
  private rerunInit(inv: Invocation): void {
    this.current = advance(this.current, 'reinit');
    this.init = new InitPhase('invoke');
    inv.startedAt = performance.now();
    inv.timer = setTimeout(() => this.onTimeout(inv), this.fn.timeoutSec * 1000);
    this.log.initStart('invoke');
    this.init.begin();
    this.launch();
  }

  // ------------------------------------------------------------ Runtime API

  private onNext(res: NextWaiter): void {
    const state = this.current;
    // A failed runtime's last words: it is being killed, or already replaced.
    if (state === 'dead') {
      res.fail(410);
      return;
    }
    if (state === 'failing' || state === 'failed') {
      res.refuse(invalidTransition(state, 'Ready'));
      return;
    }
    const initMs = state === 'starting' || state === 'reinit' ? this.init.end() : undefined;
    if (initMs !== undefined) {
      this.log.initReport(this.init.phase, initMs, 'success', undefined);
      // The CPU quota must hold before the function runs (init ran without it, as Lambda boosts on-demand init).
      const limited = this.proc.limitCpu();
      if (limited !== undefined) {
        const init = this.init;
        void limited.then(() => {
          // The runtime that asked may have died meanwhile (and its init been failed, or re-run): not to it.
          if (this.current === state && this.init === init) this.ready(res);
          else res.fail(410);
        });
        return;
      }
    }
    this.ready(res);
  }

  /** The runtime asks for work: hand over the invocation waiting for it, or hold the request. */
  private ready(res: NextWaiter): void {
    const state = this.current;
    const inv = this.inv;
    if (inv !== undefined && (state === 'starting' || state === 'queued' || state === 'reinit')) {
      this.deliver(inv, res);
      return;
    }
    if (inv !== undefined && state === 'running') {
      // Asked again before its result: the same event again, as the emulator's
      // Running state renders it (core/states.go; rapi/router_test.go, TestInvokeNextTwice).
      res.send(this.handedOverHeaders, inv.req.payload);
      return;
    }
    // Also while 'answered': ours asks for the next event in the write that carries the result.
    this.held = res;
    if (state === 'starting') {
      this.becomeIdle(state);
      // Started ahead with nothing waiting (provisioned concurrency): it is ready for the engine now.
      this.deps.onIdle(this);
    } else if (state === 'awaiting') {
      this.becomeIdle(state);
      this.deps.onIdle(this);
    }
  }

  /**
   * Waiting on /next with nothing to do: once idle for FREEZE_GRACE_MS, the
   * runtime's processes are stopped until the next hand-over, as Lambda
   * freezes an environment between invocations. Work a function left running
   * (a timer, a promise not awaited, a thread) makes no progress meanwhile and
   * resumes inside the next invocation, its CPU time part of that Duration,
   * as on Lambda.
   * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
   */
  private becomeIdle(from: EnvironmentState): void {
    this.current = advance(from, 'idle');
    // One timer per environment, restarted at each idle: it fires once the environment has been idle for the grace.
    if (this.freezeTimer === undefined) {
      this.freezeTimer = setTimeout(() => this.freezeIfIdle(), FREEZE_GRACE_MS);
      this.freezeTimer.unref();
    } else {
      this.freezeTimer.refresh();
    }
  }

  private freezeIfIdle(): void {
    const pid = this.proc.pid;
    if (this.current !== 'idle' || this.frozen || pid === undefined) return;
    if (this.guardedPid === undefined) {
      this.deps.freezeGuard.register(pid);
      this.guardedPid = pid;
    }
    this.proc.setFrozen(true);
    this.frozen = true;
  }

  /** The hand-over: the event leaves as the answer to the runtime's /next, once the runtime is resumed. */
  private deliver(inv: Invocation, res: NextWaiter): void {
    // 'running' at once, so that nothing takes the environment for another invocation meanwhile.
    this.current = advance(this.current, 'running');
    if (this.frozen) {
      this.frozen = false;
      this.proc.setFrozen(false);
      // The runtime wakes from the stop during this turn and the event follows
      // on the next, so that wake-up is client time, not the invocation's Duration.
      setImmediate(() => {
        if (this.inv === inv && this.current === 'running') this.handOver(inv, res);
      });
      return;
    }
    this.handOver(inv, res);
  }

  private handOver(inv: Invocation, res: NextWaiter): void {
    const req = inv.req;
    let timeoutMs = this.fn.timeoutSec * 1000;
    const now = Date.now();
    const at = performance.now();
    inv.deliveredAt = at;
    if (inv.startedAt === 0) {
      inv.startedAt = at;
      if (inv.timer !== undefined) clearTimeout(inv.timer);
      inv.timer = undefined;
      this.timeout.watch(inv);
    } else {
      // After a re-run init: the timeout counts from the re-run, and its timer runs on.
      timeoutMs = Math.max(0, Math.round(timeoutMs - (at - inv.startedAt)));
    }
    this.log.start(req.requestId, now);
    const headers = eventHeaders(req, now, timeoutMs);
    this.handedOverId = req.requestId;
    this.handedOverHeaders = headers;
    res.send(headers, req.payload);
    // After the send, off the hand-over's path: the runtime woken by it has not
    // run yet (its wait for a CPU is counted once it runs), or ran at once and
    // waited for nothing worth counting. Warm, it reads nothing (cpu-wait.ts).
    this.cpuWait.mark(this.proc.pid);
  }

  private onResult(
    id: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean, contentType: string | undefined,
  ): true | Refusal {
    const inv = this.inv;
    // Checked as the emulator checks it: the current request id, then the state (runtime-states.ts).
    const refused = resultRefusal(this.current, inv?.req.requestId ?? this.handedOverId, id, kind);
    if (refused !== undefined) return refused;
    // Unreachable: a 'running' environment holds its invocation.
    if (inv === undefined) return invalidTransition(this.current, 'InvocationResponse');
    this.answered(inv, resultEnding(kind, body, errorType, tooLarge, contentType));
    return true;
  }

  /**
   * A streamed response (streamed-response.ts): the invocation runs on while
   * its chunks arrive, and is answered when the stream ends (or passes its
   * limit), so that its Duration holds the whole stream, as Lambda bills it.
   */
  private onStream(id: string, contentType: string | undefined): ResponseStreamReader | undefined {
    const inv = this.inv;
    if (this.current !== 'running' || inv === undefined || inv.req.requestId !== id) return undefined;
    const live = (): boolean => this.current === 'running' && this.inv === inv;
    const answer = (ending: Ending): void => {
      if (live()) this.answered(inv, ending);
    };
    return new StreamedResponse(inv.req, contentType, this.deps.streamedResponseMaxBytes ?? STREAMED_RESPONSE_MAX_BYTES, answer, live);
  }

  /** The runtime's answer to the running invocation is in: its end, once the output before it is read. */
  private answered(inv: Invocation, ending: Ending): void {
    this.current = advance('running', 'answered');
    inv.answeredAt = performance.now();
    inv.cpuWait = this.cpuWait.since(this.proc.pid, inv.answeredAt - inv.startedAt);
    // A caller that does not read the log answers its client now; the log follows.
    inv.req.onResult?.(ending.payload, ending.functionError, inv.cpuWait);
    // Output the runtime wrote before posting is already in our pipe; one
    // turn of the event loop lets it be read so it lands in this invocation.
    // finish() is synchronous, so the environment is free again before the
    // next read from any client: an early answer never makes its caller's
    // next request find the environment busy.
    setImmediate(() => this.finish(inv, ending));
  }

  /** An init error is taken only while the runtime initializes; after its first /next it is refused and changes nothing. */
  private onInitError(body: Buffer, errorType: string | undefined): Refusal | undefined {
    const state = this.current;
    const refused = initErrorRefusal(state);
    if (refused !== undefined) return refused;
    if (state === 'starting') {
      this.failInit({ status: 'error', errorType: initErrorType(errorType) });
      return undefined;
    }
    // The re-run init inside an invocation: the caller gets the runtime's own error document; the log, Lambda's name for it.
    const type = initErrorType(errorType);
    this.failInit({ status: 'error', errorType: type, ending: functionErrorEnding(body, type) });
    return undefined;
  }

  // ------------------------------------------------------------ failed inits

  /**
   * The current init failed: its clock stops, its runtime is killed (Lambda
   * shuts the runtime down before re-running the init), and the rest waits
   * for the process to be gone (onClose → initFailed).
   */
  private failInit(failure: InitFailure): void {
    this.init.end(failure.status);
    this.failure = failure;
    this.current = advance(this.current, 'failing');
    this.proc.killGroup();
  }

  /**
   * The failed init's process is gone, its output read: INIT_REPORT, then
   * either the re-run for the invocation waiting here, or that invocation's
   * end when the re-run itself failed. The environment then waits ('failed')
   * to re-run the init for the next invocation.
   */
  private initFailed(): void {
    const failure = this.failure ?? { status: 'error', errorType: PlatformErrorType.RuntimeUnknown };
    this.failure = undefined;
    const init = this.init;
    this.log.initReport(init.phase, init.durationMs ?? 0, failure.status, failure.errorType);
    this.current = advance(this.current, 'failed');
    const inv = this.inv;
    // An init ahead of any invocation (provisioned concurrency) that failed: the environment goes, and its configuration fails (provisioned.ts).
    if (inv === undefined && this.deps.initializationType === 'provisioned-concurrency') {
      this.die();
      return;
    }
    if (this.restored) {
      // A restore that failed (its after-restore hooks raised, its runtime exited) ends the invocation and the environment.
      if (inv !== undefined) this.finish(inv, failure.ending ?? stoppedEnding(inv.req.requestId));
      this.die();
      return;
    }
    if (inv === undefined) {
      this.deps.onIdle(this);
      return;
    }
    if (init.phase === 'init') this.rerunInit(inv);
    else this.finish(inv, failure.ending ?? stoppedEnding(inv.req.requestId));
  }

  /** The runtime could not be spawned (its executable is missing): during an init, that init fails (`close` follows). */
  private onSpawnError(e: Error): void {
    const error = launchError(this.inv?.req.requestId ?? '', e.message);
    const state = this.current;
    if (state === 'starting' || state === 'reinit') this.failInit({ status: 'error', errorType: error.errorType, ending: startFailedEnding(error) });
    else this.failStart(error);
  }

  // ------------------------------------------------------------ failures

  private failStart(e: PlatformError): void {
    const inv = this.inv;
    if (inv !== undefined) this.finish(inv, startFailedEnding(e));
    this.die();
  }

  private onTimeout(inv: Invocation): void {
    if (this.inv !== inv) return;
    const state = this.current;
    // Its init re-run is past the function's timeout: Lambda reports it `Phase: invoke\tStatus: timeout`.
    if (state === 'reinit') {
      this.failInit({ status: 'timeout', ending: timeoutEnding(inv.req.requestId, this.fn.timeoutSec) });
      return;
    }
    // Already failing: its ending is decided.
    if (state === 'failing') return;
    this.proc.killGroup();
    this.finish(inv, timeoutEnding(inv.req.requestId, this.fn.timeoutSec));
    this.die();
  }

  /** The Init phase ran past its limit: `INIT_REPORT … Status: timeout`, then the re-run inside the invocation. */
  private onInitTimeout(): void {
    if (this.current === 'starting') this.failInit({ status: 'timeout' });
  }

  private async onClose(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    this.output.flush();
    const inv = this.inv;
    const state = this.current;
    if (state === 'failing') {
      this.initFailed();
      return;
    }
    if (state === 'starting' || state === 'reinit') {
      // It exited in its init without reporting why: Runtime.ExitError (Runtime.OutOfMemory when killed for its memory).
      const oom = signal === 'SIGKILL' && (await this.meter.killedForMemory());
      if (this.current !== state) return;
      const ending = exitEnding(inv?.req.requestId ?? '', code, signal, oom);
      this.failInit({ status: 'error', errorType: ending.errorType, ending });
      this.initFailed();
      return;
    }
    if (inv !== undefined && state === 'queued') {
      // Queued behind a runtime that died between invocations: it never ran here.
      this.inv = undefined;
      if (inv.timer !== undefined) clearTimeout(inv.timer);
      inv.resolve(RETRY);
    } else if (inv !== undefined && state === 'running') {
      const oom = signal === 'SIGKILL' && (await this.meter.killedForMemory());
      if (this.inv === inv) this.finish(inv, exitEnding(inv.req.requestId, code, signal, oom));
    }
    // A runtime that exits after its answer ('answered') still gets that answer: finish() runs on the next turn.
    this.die();
  }

  // ------------------------------------------------------------ completion

  /**
   * Ends the invocation here now, once (later calls for it do nothing):
   * 'answered' becomes free again, 'failed' stays to re-run its init; on any
   * other path the caller kills the environment next.
   */
  private finish(inv: Invocation, ending: Ending): void {
    if (this.inv !== inv) return;
    this.inv = undefined;
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    this.timeout.release(inv);
    const state = this.current;
    if (state === 'answered') {
      if (this.held !== undefined) this.becomeIdle(state);
      else this.current = advance(state, 'awaiting');
    }
    // Init Duration only on the invocation whose environment's Init phase succeeded for it.
    const durationMs = inv.durationMs();
    const outcome = this.log.finish(inv, ending, durationMs, inv.cold ? this.init.reportedMs : undefined, this.meter.maxMemoryMb());
    this.used = performance.now();
    const wait = inv.cpuWait;
    if (wait !== undefined) this.deps.onCpuWait?.(this.fn.name, this.fn.memoryMb, durationMs, wait.hostWaitMs, wait.throttledMs, this.used);
    // A caller answered at the result (onResult) already has the wait; only one that waits for the log needs it here.
    inv.resolve(wait !== undefined && inv.req.onResult === undefined && outcome.kind === 'response' ? { ...outcome, cpuWait: wait } : outcome);
  }

  // ------------------------------------------------------------ teardown

  private die(): void {
    if (this.current === 'dead') return;
    this.current = advance(this.current, 'dead');
    // SIGKILL ends a stopped group as it ends a running one; only the timer is left to clear.
    if (this.freezeTimer !== undefined) clearTimeout(this.freezeTimer);
    if (this.held !== undefined) {
      this.held.destroy();
      this.held = undefined;
    }
    this.meter.stop();
    this.timeout.stop();
    this.init.cancel();
    this.proc.killGroup();
    if (this.guardedPid !== undefined) this.deps.freezeGuard.unregister(this.guardedPid);
    this.deps.onDead(this);
    void this.cleanup();
  }

  private async cleanup(): Promise<void> {
    await this.starting;
    await this.proc.whenClosed(CLOSE_WAIT_MS);
    this.api.close();
    await this.meter.close();
    this.cpuWait.close();
    await this.proc.removeCgroups();
    this.markClosed();
  }
}
