// The environment pool: which environment runs an invocation, when a new one
// starts, when one is throttled, reaped or retired.

import { ThrottleReason } from '../../lambda/errors';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { runtimeFamilyFor, supportedRuntimes } from '../runtimes/registry';
import { Cgroups } from './cgroups';
import { CpuAdmission, MB_PER_VCPU } from './cpu-admission';
import { ContentionWatch } from './contention-watch';
import { Environment, type EnvironmentDeps } from './environment';
import { FreezeGuard } from './freeze-guard';
import { type EnvironmentOutcome, RETRY } from './invocation';
import { LogStore } from './log-store';
import { ProvisionedPools } from './provisioned';
import { Snapshot } from './snapshot';
import type { Engine, EngineOptions, FunctionSnapshot, InvokeOutcome, InvokeRequest, Provisioning } from './types';

/**
 * Idle environments live 5 minutes by default: Lambda keeps them 5 to 15
 * minutes, and the short end keeps a benchmark machine from filling up with
 * idle processes.
 */
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** Account concurrency by default: far below Lambda's 1,000, since each environment is a real process here. */
const DEFAULT_MAX_ENVIRONMENTS = 100;

const THROTTLED_RESERVED: InvokeOutcome = { kind: 'throttled', reason: ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded };
const THROTTLED_ACCOUNT: InvokeOutcome = { kind: 'throttled', reason: ThrottleReason.ConcurrentInvocationLimitExceeded };

/** An invocation waiting for strict mode's admission (cpu-admission.ts). */
interface Admitted {
  readonly request: InvokeRequest;
  readonly resolve: (outcome: InvokeOutcome) => void;
  readonly reject: (err: unknown) => void;
}

class LocalEngine implements Engine {
  readonly logs = new LogStore();
  readonly limitations: string[] = [];
  private readonly host: string;
  private readonly idleTimeoutMs: number;
  private readonly maxEnvironments: number;
  private readonly initLimitMs: number | undefined;
  private readonly streamedResponseMaxBytes: number | undefined;
  private readonly cgroups: Cgroups | undefined;
  /** Idle environments per generation, most recently used last. */
  private readonly idle = new Map<string, Environment[]>();
  private readonly all = new Set<Environment>();
  /** Initializing and busy environments per function name, all versions together. */
  private readonly active = new Map<string, number>();
  private totalActive = 0;
  private readonly closing = new Set<Promise<void>>();
  /** SnapStart snapshots per generation of a published version. */
  private readonly snapshots = new Map<string, Snapshot>();
  /** Environments started ahead for provisioned concurrency: never reaped, never evicted, taken first. */
  private readonly provisioned = new ProvisionedPools({ startProvisioned: (fn) => this.startProvisioned(fn) });
  private readonly reaper: NodeJS.Timeout;
  private readonly freezeGuard = new FreezeGuard();
  private stopped = false;
  /** Strict mode: invocations wait until the cores can serve their CPU shares. */
  private readonly admission: CpuAdmission<Admitted> | undefined;
  private readonly contention: ContentionWatch | undefined;
  private readonly onExit = (): void => {
    for (const env of this.all) env.killNow();
    for (const snap of this.snapshots.values()) snap.stop();
  };

  constructor(options: EngineOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.maxEnvironments = options.maxEnvironments ?? DEFAULT_MAX_ENVIRONMENTS;
    this.initLimitMs = options.initLimitMs;
    this.streamedResponseMaxBytes = options.streamedResponseMaxBytes;
    const warn = options.onWarning ?? (() => undefined);

    const cg = new Cgroups(randomBytes(4).toString('hex'), options.cgroups !== false);
    if (cg.setup.memory || cg.setup.cpu) this.cgroups = cg;
    if (!cg.setup.memory) {
      this.limitations.push('memory limit enforced by polling RSS (no memory cgroup); Max Memory Used from VmHWM');
    }
    if (!cg.setup.cpu) this.limitations.push('CPU is not limited in proportion to memory (no cpu cgroup)');
    if (cg.setup.problems.length > 0 && options.cgroups !== false) {
      warn(`cgroups: ${cg.setup.problems.join('; ')}. ${this.limitations.join('; ')}.`);
    }

    if (options.strict === true) {
      const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
      this.admission = new CpuAdmission<Admitted>(cores * MB_PER_VCPU, (a) => this.shareOf(a.request), (a, share) => {
        this.invokeNow(a.request).then(
          (outcome) => {
            this.admission?.release(share);
            a.resolve(outcome);
          },
          (err: unknown) => {
            this.admission?.release(share);
            a.reject(err);
          },
        );
      });
    }
    const onContention = options.onHostContention;
    if (onContention !== undefined) this.contention = new ContentionWatch(onContention);

    this.reaper = setInterval(() => this.reap(), Math.max(50, Math.min(this.idleTimeoutMs / 2, 30_000)));
    this.reaper.unref();
    process.on('exit', this.onExit);
  }

  invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const admission = this.admission;
    if (admission === undefined || this.stopped) return this.invokeNow(request);
    return new Promise((resolve, reject) => admission.submit({ request, resolve, reject }));
  }

  /** Each measured invocation: the contention watch judges it, strict mode's limit follows it. */
  private readonly onCpuWait = (functionName: string, memoryMb: number, durationMs: number, hostWaitMs: number, throttledMs: number, now: number): void => {
    this.contention?.record(functionName, memoryMb, durationMs, hostWaitMs, throttledMs, now);
    this.admission?.feedback(hostWaitMs, durationMs);
  };

  /**
   * Strict mode's share of an invocation in MB of the Lambda rule: its memory
   * size, or a whole vCPU at least when no idle environment can take it (a
   * new environment's init runs without a quota).
   */
  private shareOf(request: InvokeRequest): number {
    const fn = request.fn;
    const warm = (this.idle.get(fn.generation)?.length ?? 0) > 0;
    return warm ? fn.memoryMb : Math.max(fn.memoryMb, MB_PER_VCPU);
  }

  private invokeNow(request: InvokeRequest): Promise<InvokeOutcome> {
    if (this.stopped) return Promise.reject(new Error('the engine is stopped'));
    const fn = request.fn;
    const family = runtimeFamilyFor(fn.runtime);
    if (family === undefined) {
      return Promise.reject(new Error(`Unsupported runtime '${fn.runtime}' for function ${fn.name}; supported: ${supportedRuntimes().join(', ')}`));
    }
    const active = this.active.get(fn.name) ?? 0;
    if (request.reservedConcurrency !== null && active >= request.reservedConcurrency) return Promise.resolve(THROTTLED_RESERVED);
    let env = this.provisioned.take(fn.generation) ?? this.takeIdle(fn.generation);
    if (env === undefined) {
      if (this.totalActive >= this.maxEnvironments) return Promise.resolve(THROTTLED_ACCOUNT);
      if (this.all.size >= this.maxEnvironments) this.evictOldestIdle();
      env = this.newEnvironment(fn, family, { restore: this.snapshots.get(fn.generation) });
      this.all.add(env);
      const outcome = env.invoke(request);
      void env.start();
      return this.track(request, active, env, outcome);
    }
    return this.track(request, active, env, env.invoke(request));
  }

  private track(request: InvokeRequest, active: number, env: Environment, outcome: Promise<EnvironmentOutcome>): Promise<InvokeOutcome> {
    const name = request.fn.name;
    this.active.set(name, active + 1);
    this.totalActive++;
    return outcome.then((result) => {
      this.active.set(name, (this.active.get(name) ?? 1) - 1);
      this.totalActive--;
      this.release(env);
      // A retry keeps the strict mode's share this invocation already holds.
      return result === RETRY ? this.invokeNow(request) : result;
    });
  }

  private takeIdle(generation: string): Environment | undefined {
    const stack = this.idle.get(generation);
    if (stack === undefined) return undefined;
    const env = stack.pop();
    if (stack.length === 0) this.idle.delete(generation);
    if (env !== undefined) env.unpool();
    return env;
  }

  /** Back to the pool once free; an environment still 'awaiting' its runtime's /next is pooled too. */
  private release(env: Environment): void {
    if (!env.free || env.pooled) return;
    if (env.retired || this.stopped) {
      void env.stop();
      return;
    }
    if (this.provisioned.owns(env)) {
      this.provisioned.release(env);
      return;
    }
    const gen = env.fn.generation;
    const stack = this.idle.get(gen);
    env.pool();
    if (stack === undefined) this.idle.set(gen, [env]);
    else stack.push(env);
  }

  private removeIdle(env: Environment): void {
    const gen = env.fn.generation;
    const stack = this.idle.get(gen);
    if (stack === undefined) return;
    const i = stack.indexOf(env);
    if (i >= 0) stack.splice(i, 1);
    env.unpool();
    if (stack.length === 0) this.idle.delete(gen);
  }

  private forget(env: Environment): void {
    this.all.delete(env);
    this.removeIdle(env);
    this.provisioned.dead(env);
    // Its process and cgroup may still be going away: stop() waits for that.
    const closing = env.whenClosed().then(() => {
      this.closing.delete(closing);
    });
    this.closing.add(closing);
  }

  private evictOldestIdle(): void {
    let oldest: Environment | undefined;
    for (const stack of this.idle.values()) {
      const first = stack[0];
      if (first !== undefined && (oldest === undefined || first.lastUsed < oldest.lastUsed)) oldest = first;
    }
    if (oldest !== undefined) {
      this.removeIdle(oldest);
      void oldest.stop();
    }
  }

  private reap(): void {
    const limit = performance.now() - this.idleTimeoutMs;
    for (const stack of [...this.idle.values()]) {
      // Oldest first: stop at the first one still fresh.
      while (stack.length > 0 && stack[0].lastUsed < limit) {
        const env = stack[0];
        this.removeIdle(env);
        void env.stop();
      }
    }
  }

  /** A new environment of `fn`, wired to this engine; `how`: restored from a snapshot, or started ahead. */
  private newEnvironment(fn: FunctionSnapshot, family: EnvironmentDeps['family'], how: Pick<EnvironmentDeps, 'restore' | 'initializationType'>): Environment {
    return new Environment(fn, {
      host: this.host,
      family,
      cgroups: this.cgroups,
      logs: this.logs,
      onDead: (e) => this.forget(e),
      onIdle: (e) => this.release(e),
      freezeGuard: this.freezeGuard,
      ...(this.contention !== undefined || this.admission !== undefined ? { onCpuWait: this.onCpuWait } : {}),
      ...how,
      ...(this.initLimitMs !== undefined ? { initLimitMs: this.initLimitMs } : {}),
      ...(this.streamedResponseMaxBytes !== undefined ? { streamedResponseMaxBytes: this.streamedResponseMaxBytes } : {}),
    });
  }

  /** An environment of provisioned concurrency, started now with nothing waiting for it. */
  private startProvisioned(fn: FunctionSnapshot): Environment {
    const family = runtimeFamilyFor(fn.runtime);
    if (family === undefined) throw new Error(`Unsupported runtime '${fn.runtime}' for function ${fn.name}; supported: ${supportedRuntimes().join(', ')}`);
    const env = this.newEnvironment(fn, family, { initializationType: 'provisioned-concurrency' });
    this.all.add(env);
    void env.start();
    return env;
  }

  readonly provisioning: Provisioning = {
    provision: (key, fn, count) => this.provision(key, fn, count),
    unprovision: (key) => this.provisioned.remove(key),
    status: (key) => this.provisioned.status(key),
  };

  private provision(key: string, fn: FunctionSnapshot, count: number): string | undefined {
    if (this.stopped) return 'the engine is stopped';
    const others = this.provisioned.total - (this.provisioned.status(key)?.requested ?? 0);
    if (others + count > this.maxEnvironments) {
      return `the local service runs at most ${this.maxEnvironments} execution environments (maxEnvironments), ${others} of them already provisioned`;
    }
    if (runtimeFamilyFor(fn.runtime) === undefined) return `Unsupported runtime '${fn.runtime}'`;
    this.provisioned.set(key, fn, count);
    return undefined;
  }

  retire(functionName: string, version?: string): void {
    this.dropSnapshots(functionName, version);
    for (const env of [...this.all]) {
      if (env.fn.name !== functionName || (version !== undefined && env.fn.version !== version)) continue;
      env.retire();
      if (env.free) {
        this.removeIdle(env);
        void env.stop();
      }
    }
  }

  snapshot(fn: FunctionSnapshot): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the engine is stopped'));
    const family = runtimeFamilyFor(fn.runtime);
    if (family === undefined) return Promise.reject(new Error(`Unsupported runtime '${fn.runtime}'`));
    this.snapshots.get(fn.generation)?.stop();
    const snap = new Snapshot(fn, { host: this.host, family, logs: this.logs });
    this.snapshots.set(fn.generation, snap);
    return snap.ready.catch((err: unknown) => {
      if (this.snapshots.get(fn.generation) === snap) this.snapshots.delete(fn.generation);
      throw err;
    });
  }

  private dropSnapshots(functionName: string, version?: string): void {
    for (const [gen, snap] of this.snapshots) {
      if (snap.fn.name !== functionName || (version !== undefined && snap.fn.version !== version)) continue;
      this.snapshots.delete(gen);
      snap.stop();
    }
  }

  /** Environments alive now, for tests and diagnostics. */
  environmentCount(): number {
    return this.all.size;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.reaper);
    process.off('exit', this.onExit);
    for (const snap of this.snapshots.values()) snap.stop();
    this.snapshots.clear();
    this.provisioned.close();
    for (const waiting of this.admission?.takeAll() ?? []) waiting.reject(new Error('the engine is stopped'));
    await Promise.all([...this.all].map((env) => env.stop()));
    await Promise.all([...this.closing]);
    this.freezeGuard.close();
    this.idle.clear();
    await this.cgroups?.remove();
  }
}

export type LocalLambdaEngine = Engine & { environmentCount(): number };

export function createEngine(options: EngineOptions = {}): LocalLambdaEngine {
  return new LocalEngine(options);
}
