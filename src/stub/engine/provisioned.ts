// Provisioned concurrency: for a version or alias with N provisioned, N
// execution environments started ahead of any invocation, kept however long
// they sit idle, and handed invocations before any on-demand environment.
//
// As on Lambda (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html):
// the environments initialise when the configuration is set, with
// AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency; their INIT_START and
// INIT_REPORT are written in their own log streams at that time, never in an
// invocation's log, and an invocation they run has no Init Duration. The
// status is IN_PROGRESS until all N are initialised, then READY; an init that
// fails makes it FAILED (StatusReason FUNCTION_ERROR_INIT_FAILURE), and no
// more are started. Invocations beyond the N busy ones get on-demand
// environments (the engine's ordinary pool): spill-over, cold with Init Duration.
//
// Environments serve the version they were made for (its generation): an
// alias's provisioned environments run its version, and a configuration change
// of $LATEST or a new version never touches them. One generation has at most
// one configuration (the API refuses a second, as Lambda does).

import type { Environment } from './environment';
import type { FunctionSnapshot } from './types';

export type ProvisionedStatusName = 'IN_PROGRESS' | 'READY' | 'FAILED';

export interface ProvisionedStatus {
  readonly requested: number;
  /** Environments initialised and kept (Lambda's Allocated and Available; no weighted aliases here). */
  readonly allocated: number;
  readonly status: ProvisionedStatusName;
  readonly statusReason?: string;
}

/** Lambda's StatusReason when the provisioned environments cannot initialise. */
export const INIT_FAILURE_REASON = 'FUNCTION_ERROR_INIT_FAILURE';

/** What the pools need of the engine: making and stopping environments. */
export interface ProvisionedHost {
  /** A new environment for `fn`, started now, with no invocation waiting. */
  startProvisioned(fn: FunctionSnapshot): Environment;
}

class Pool {
  readonly envs = new Set<Environment>();
  /** Initialised and free, most recently used last. */
  readonly free: Environment[] = [];
  private readonly initialised = new Set<Environment>();
  private failed = false;

  constructor(
    readonly key: string,
    readonly fn: FunctionSnapshot,
    public requested: number,
  ) {}

  status(): ProvisionedStatus {
    const allocated = this.initialised.size;
    if (this.failed) return { requested: this.requested, allocated, status: 'FAILED', statusReason: INIT_FAILURE_REASON };
    return { requested: this.requested, allocated, status: allocated >= this.requested ? 'READY' : 'IN_PROGRESS' };
  }

  /** Starts environments until there are `requested`, unless an init failed. */
  fill(host: ProvisionedHost): void {
    while (!this.failed && this.envs.size < this.requested) this.envs.add(host.startProvisioned(this.fn));
  }

  /** Stops free environments (then marks busy ones to stop after their invocation) until there are `requested`. */
  shrink(): void {
    while (this.envs.size > this.requested) {
      const env = this.free.shift() ?? [...this.envs].find((e) => !e.retired);
      if (env === undefined) return;
      this.drop(env);
      env.unpool();
      env.retire();
      if (env.free) void env.stop();
    }
  }

  /** The environment is free: initialised now, or done with an invocation. */
  release(env: Environment): void {
    if (!this.envs.has(env) || env.pooled) return;
    this.initialised.add(env);
    env.pool();
    this.free.push(env);
  }

  take(): Environment | undefined {
    const env = this.free.pop();
    env?.unpool();
    return env;
  }

  /** Gone: an environment that died before its init ended fails the configuration. */
  dead(env: Environment): boolean {
    if (!this.envs.has(env)) return false;
    if (!this.initialised.has(env)) this.failed = true;
    this.drop(env);
    return true;
  }

  private drop(env: Environment): void {
    this.envs.delete(env);
    this.initialised.delete(env);
    const i = this.free.indexOf(env);
    if (i >= 0) this.free.splice(i, 1);
  }

  /** Every environment stops (busy ones after their invocation). */
  close(): void {
    for (const env of this.envs) {
      env.unpool();
      env.retire();
      if (env.free) void env.stop();
    }
    this.envs.clear();
    this.free.length = 0;
    this.initialised.clear();
  }
}

/** Every provisioned configuration of the engine, by configuration key and by the generation it serves. */
export class ProvisionedPools {
  private readonly byKey = new Map<string, Pool>();
  private readonly byGeneration = new Map<string, Pool>();
  private readonly owner = new Map<Environment, Pool>();
  private closed = false;

  constructor(private readonly host: ProvisionedHost) {}

  /** Environments started ahead, all configurations together. */
  get total(): number {
    let n = 0;
    for (const pool of this.byKey.values()) n += pool.requested;
    return n;
  }

  /**
   * Sets `key` (function:qualifier) to `count` environments of `fn`: new
   * ones start now; a smaller count stops the extra ones; another version
   * (an alias moved) replaces them all.
   */
  set(key: string, fn: FunctionSnapshot, count: number): void {
    const old = this.byKey.get(key);
    if (old !== undefined && old.fn.generation === fn.generation && old.status().status !== 'FAILED') {
      old.requested = count;
      old.shrink();
      old.fill(this.wrapHost(old));
      return;
    }
    if (old !== undefined) this.remove(key);
    const pool = new Pool(key, fn, count);
    this.byKey.set(key, pool);
    this.byGeneration.set(fn.generation, pool);
    pool.fill(this.wrapHost(pool));
  }

  /** Stops the environments of `key`; false when it had none. */
  remove(key: string): boolean {
    const pool = this.byKey.get(key);
    if (pool === undefined) return false;
    this.byKey.delete(key);
    if (this.byGeneration.get(pool.fn.generation) === pool) this.byGeneration.delete(pool.fn.generation);
    for (const env of pool.envs) this.owner.delete(env);
    pool.close();
    return true;
  }

  status(key: string): ProvisionedStatus | undefined {
    return this.byKey.get(key)?.status();
  }

  /** A free, initialised environment of this generation, if there is one. */
  take(generation: string): Environment | undefined {
    return this.byGeneration.get(generation)?.take();
  }

  /** Whether the environment belongs to a provisioned configuration (so the on-demand pool must not keep it). */
  owns(env: Environment): boolean {
    return this.owner.has(env);
  }

  /** A provisioned environment is free: back to its configuration's free list. */
  release(env: Environment): void {
    this.owner.get(env)?.release(env);
  }

  /** A provisioned environment is gone: Lambda replaces it, unless its init failed. */
  dead(env: Environment): void {
    const pool = this.owner.get(env);
    if (pool === undefined) return;
    this.owner.delete(env);
    pool.dead(env);
    if (!this.closed && this.byKey.get(pool.key) === pool) pool.fill(this.wrapHost(pool));
  }

  /** The engine is stopping: nothing is replaced any more. */
  close(): void {
    this.closed = true;
    for (const key of [...this.byKey.keys()]) this.remove(key);
  }

  /** The host, recording which pool owns each environment it starts. */
  private wrapHost(pool: Pool): ProvisionedHost {
    return {
      startProvisioned: (fn) => {
        const env = this.host.startProvisioned(fn);
        this.owner.set(env, pool);
        return env;
      },
    };
  }
}
