// Process supervision for one execution environment: the runtime's process,
// started in a process group of its own and moved into its cgroups, killed as
// a group, and watched until it is gone.

import { spawn, type ChildProcess } from 'node:child_process';
import type { LaunchSpec } from '../runtimes/types';
import type { Cgroups, EnvCgroup } from './cgroups';
import type { Stream } from './output-capture';

export interface ProcessEvents {
  /** A chunk of the runtime's stdout or stderr, as UTF-8 text. */
  output(which: Stream, text: string): void;
  /** The process could not be started or signalled. */
  error(e: Error): void;
  /** The process exited and its output pipes are closed: no more output will come. */
  closed(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * What an environment needs of its runtime's process, however it was made:
 * spawned here (RuntimeProcess) or forked from a SnapStart snapshot
 * (RestoredProcess, restored-process.ts).
 */
export interface SupervisedProcess {
  readonly cgroup: EnvCgroup | undefined;
  readonly pid: number | undefined;
  makeCgroups(cgroups: Cgroups | undefined, envId: string, memoryMb: number): Promise<void>;
  spawn(spec: LaunchSpec, env: Readonly<Record<string, string>>): void;
  limitCpu(): Promise<void> | undefined;
  killGroup(): void;
  /**
   * Stops or resumes the whole group (SIGSTOP, SIGCONT), as Lambda freezes an
   * environment between invocations; nothing once the process has exited.
   */
  setFrozen(frozen: boolean): void;
  whenClosed(limitMs: number): Promise<void>;
  removeCgroups(): Promise<void>;
}

export class RuntimeProcess implements SupervisedProcess {
  private child: ChildProcess | undefined;
  /**
   * The pid while the process has not exited; undefined before the spawn and
   * after the exit, since from then on the pid may belong to someone else
   * (pid_max can be 32768): nothing may signal it or read its /proc again.
   */
  private livePid: number | undefined;
  private cg: EnvCgroup | undefined;
  /** The runtime's move into its cgroups, awaited before its CPU is limited. */
  private joined: Promise<void> = Promise.resolve();

  constructor(private readonly events: ProcessEvents) {}

  /** Its cgroups, once made; undefined without cgroups. */
  get cgroup(): EnvCgroup | undefined {
    return this.cg;
  }

  /** Makes its cgroups, memory limit in force, before the spawn. */
  async makeCgroups(cgroups: Cgroups | undefined, envId: string, memoryMb: number): Promise<void> {
    this.cg = await cgroups?.create(envId, memoryMb);
  }

  /** The pid (also its process group id) while the process has not exited. */
  get pid(): number | undefined {
    return this.livePid;
  }

  /** Starts the runtime as the leader of a new process group and moves it into its cgroups; a failed spawn comes as `error`. */
  spawn(spec: LaunchSpec, env: Readonly<Record<string, string>>): void {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.livePid = child.pid;
    if (this.cg !== undefined && child.pid !== undefined) this.joined = this.cg.join(child.pid).catch(() => undefined);
    const events = this.events;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => events.output('out', text));
    child.stderr.on('data', (text: string) => events.output('err', text));
    child.on('error', (e) => events.error(e));
    // Kill the group at once so helpers (curl in a bash bootstrap) cannot keep the pipes open.
    child.on('exit', () => {
      this.killGroup();
      this.livePid = undefined;
    });
    child.on('close', (code, signal) => events.closed(code, signal));
  }

  /**
   * Puts the CPU quota in force, once the runtime is in its groups (long done
   * by the end of init: the move lands within milliseconds of the spawn).
   * Undefined without cgroups: nothing to wait for.
   */
  limitCpu(): Promise<void> | undefined {
    return limitCpuOnceJoined(this.cg, this.joined);
  }

  /** SIGKILL to the whole group, synchronously; nothing once the process has exited. */
  killGroup(): void {
    signalGroup(this.livePid, 'SIGKILL');
  }

  setFrozen(frozen: boolean): void {
    signalGroup(this.livePid, frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Resolves when the process is closed, or after `limitMs` if it does not close. */
  whenClosed(limitMs: number): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, limitMs);
      child.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async removeCgroups(): Promise<void> {
    await this.cg?.remove();
  }
}

/**
 * The CPU quota of `cg` put in force once the runtime has joined it (`joined`);
 * undefined without a group. Shared by spawned and restored runtimes.
 */
export function limitCpuOnceJoined(cg: EnvCgroup | undefined, joined: Promise<void>): Promise<void> | undefined {
  if (cg === undefined) return undefined;
  return joined.then(() => {
    try {
      cg.limitCpu();
    } catch {
      // The group is gone (the environment is dying): nothing to limit.
    }
  });
}

/**
 * `signal` to the group led by `pid` (its own session), else to `pid` alone
 * (a forked child that has not made its group yet); nothing without a pid or
 * once both are gone.
 */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
