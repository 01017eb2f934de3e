// The runtime of an environment restored from a SnapStart snapshot: a child
// forked by the snapshot process (snapshot.ts), not spawned here. It offers
// the environment what a spawned RuntimeProcess does: its output, its cgroups,
// a kill of its whole group, and its end; the differences are how each is had.
//
//   start    a fork request to the snapshot; the child's pid comes back in
//            its answer and is then moved into the environment's cgroups
//            (as runtime-process.ts moves a spawned one).
//   output   the child connects two sockets to the snapshot's output server
//            and makes them its stdout and stderr (snapshot.ts routes them here).
//   end      the snapshot reaps its children and reports each exit; the
//            process is closed once it has exited and its output has ended.

import { performance } from 'node:perf_hooks';
import type { LaunchSpec } from '../runtimes/types';
import type { Cgroups, EnvCgroup } from './cgroups';
import type { Stream } from './output-capture';
import { limitCpuOnceJoined, signalGroup, type ProcessEvents, type SupervisedProcess } from './runtime-process';

/** How long output sockets may stay open after the exit before the process counts as closed. */
const OUTPUT_DRAIN_MS = 200;

/** What a restored process needs of its snapshot. */
export interface ForkSource {
  /** Asks for a child that will talk to this Runtime API; its pid comes to `forked`. */
  fork(proc: RestoredProcess, runtimeApi: string): void;
  /** The child is gone, or will not be asked for: forget it. */
  release(proc: RestoredProcess): void;
}

export class RestoredProcess implements SupervisedProcess {
  private livePid: number | undefined;
  private cg: EnvCgroup | undefined;
  private joined: Promise<void> = Promise.resolve();
  private openStreams = 0;
  /** Output connections opened so far: a child opens two, stdout and stderr. */
  private streamsSeen = 0;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private closedFired = false;
  private readonly closeWaiters: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | undefined;
  /** performance.now() of the fork request and of its answer: the restore's billable part starts at the fork. */
  requestedAt = 0;
  forkedAt = 0;

  constructor(
    /** Names this child in the snapshot's fork request and in its output connections. */
    readonly forkId: string,
    private readonly source: ForkSource,
    private readonly events: ProcessEvents,
  ) {}

  get cgroup(): EnvCgroup | undefined {
    return this.cg;
  }

  get pid(): number | undefined {
    return this.livePid;
  }

  async makeCgroups(cgroups: Cgroups | undefined, envId: string, memoryMb: number): Promise<void> {
    this.cg = await cgroups?.create(envId, memoryMb);
  }

  /** The restore request: only the Runtime API address is new; the rest of the environment is the snapshot's. */
  spawn(_spec: LaunchSpec, env: Readonly<Record<string, string>>): void {
    this.requestedAt = performance.now();
    const api = env.AWS_LAMBDA_RUNTIME_API;
    if (api === undefined) {
      this.events.error(new Error('no Runtime API address for the restored environment'));
      return;
    }
    this.source.fork(this, api);
  }

  /**
   * The billed part of a restore: from the fork to the first /next (the
   * runtime's load in the child and its after-restore hooks). The time the
   * fork request took to be answered stands for the snapshot's restore,
   * which Lambda does not bill.
   */
  billableMs(restoreDurationMs: number): number {
    if (this.forkedAt === 0) return restoreDurationMs;
    return restoreDurationMs - Math.max(0, this.forkedAt - this.requestedAt);
  }

  // ------------------------------------------------------------ from the snapshot

  /** The snapshot forked the child. */
  forked(pid: number): void {
    this.forkedAt = performance.now();
    if (this.closedFired) {
      // Stopped before the fork came back: the child must not live on.
      killGroupOf(pid);
      return;
    }
    this.livePid = pid;
    if (this.cg !== undefined) this.joined = this.cg.join(pid).catch(() => undefined);
  }

  /** One of the child's output connections opened. */
  streamOpened(): void {
    this.openStreams++;
    this.streamsSeen++;
  }

  output(which: Stream, text: string): void {
    this.events.output(which, text);
  }

  streamEnded(): void {
    this.openStreams--;
    this.maybeClosed();
  }

  /** The snapshot reaped the child. */
  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited !== undefined) return;
    // As for a spawned runtime: kill the group at once so helpers cannot keep the output open.
    this.killGroup();
    this.livePid = undefined;
    this.exited = { code, signal };
    this.drainTimer = setTimeout(() => this.close(), OUTPUT_DRAIN_MS);
    this.drainTimer.unref();
    this.maybeClosed();
  }

  /** The snapshot itself is gone: no exit report will come for the child. */
  orphaned(): void {
    this.exit(null, 'SIGKILL');
  }

  // ------------------------------------------------------------ for the environment

  limitCpu(): Promise<void> | undefined {
    return limitCpuOnceJoined(this.cg, this.joined);
  }

  killGroup(): void {
    const pid = this.livePid;
    if (pid === undefined) {
      // Never forked yet (or long gone): a stop now means the fork's answer is killed on arrival.
      if (this.forkedAt === 0 && this.exited === undefined) this.closeUnforked();
      return;
    }
    killGroupOf(pid);
  }

  setFrozen(frozen: boolean): void {
    signalGroup(this.livePid, frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  whenClosed(limitMs: number): Promise<void> {
    // Never asked for (the environment died before its start): nothing to wait for.
    if (this.requestedAt === 0) this.source.release(this);
    if (this.closedFired || this.requestedAt === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, limitMs);
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async removeCgroups(): Promise<void> {
    await this.cg?.remove();
  }

  // ------------------------------------------------------------ end

  private maybeClosed(): void {
    // The exit report can overtake the child's output connections (a restore
    // that fails at once): until both were seen, the drain timer closes it.
    if (this.exited !== undefined && this.openStreams <= 0 && this.streamsSeen >= 2) this.close();
  }

  /** Killed before its fork came back: it ends as a spawned process killed at once would. */
  private closeUnforked(): void {
    if (this.requestedAt === 0) return;
    this.exited = { code: null, signal: 'SIGKILL' };
    this.close();
  }

  private close(): void {
    if (this.closedFired) return;
    this.closedFired = true;
    if (this.drainTimer !== undefined) clearTimeout(this.drainTimer);
    this.source.release(this);
    const e = this.exited ?? { code: null, signal: 'SIGKILL' as NodeJS.Signals };
    this.events.closed(e.code, e.signal);
    for (const w of this.closeWaiters.splice(0)) w();
  }
}

/** SIGKILL to the child's group (its own session); to the child alone if it has not made it yet. */
export function killGroupOf(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}
