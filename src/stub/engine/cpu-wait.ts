// How long an invocation's runtime waited for a CPU, split into what its CPU
// quota imposed (Lambda's own rule: a share of a vCPU per period, which real
// Lambda applies too) and what this machine added (other processes holding
// every core: a measure of the host, not of the function).
//
// Both come from the kernel, read at the hand-over and again when the result
// is posted:
// - the run delay of the runtime's main thread, the second field of
//   /proc/<pid>/schedstat (Documentation/scheduler/sched-stats.rst: "time
//   spent waiting on a runqueue"). The handler runs on that thread in every
//   runtime the service ships (Node.js, Python, a `provided` bootstrap that
//   execs its program), so its wait is what stretched Duration; helper
//   threads' waits (GC, the thread pool) are left out, as they may overlap it.
// - throttled_time of the environment's cpu cgroup (cpu.stat,
//   Documentation/scheduler/sched-bwc.rst): time its quota had run out.
// A task of a throttled group stays runnable, so its run delay holds the
// throttled time too (measured here on 6.x kernels: a spinning process at 10%
// quota over 1 s, run delay 903 ms, throttled_time 877 ms): host wait is run
// delay minus throttled time, never below zero.
//
// Each read is one pread on a descriptor kept open (1.2-4 µs measured here):
// on a warm invocation, schedstat once at the result (its previous reading is
// the baseline, mark()), and cpu.stat only when the thread waited 0.5 ms or
// more (since()). On the service's thread, no thread pool.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOST_WAIT_MATERIAL_MIN_MS } from './contention-watch';

export interface CpuWait {
  /** Runnable but waiting for a CPU this machine did not give (not the quota): ms. */
  readonly hostWaitMs: number;
  /** The environment's CPU quota had run out (cgroup throttled_time): ms; 0 without a cpu cgroup. */
  readonly throttledMs: number;
}

const NS_PER_MS = 1e6;
/** Waits under this (ns) are not split into the host's and the quota's: never material (HOST_WAIT_MATERIAL_MIN_MS). */
const UNSPLIT_NS = HOST_WAIT_MATERIAL_MIN_MS * NS_PER_MS;

export class CpuWaitMeter {
  private readonly buf = Buffer.allocUnsafe(256);
  private schedFd: number | undefined;
  private schedPid: number | undefined;
  private statFd: number | undefined;
  /** Gave up (no schedstat on this kernel, a process gone): no more reads. */
  private off = false;
  private runDelay0 = -1;
  /** schedstat's run delay as read at the last result (of process schedPid); -1 when none. */
  private lastDelay = -1;
  /** throttled_time at the last read of cpu.stat (the cgroup's start: 0). */
  private throttled0 = 0;

  /**
   * `cpuStatDir`: the environment's cpu cgroup directory, when there is one;
   * `pid` is read at each mark (a re-run init is a new process).
   */
  constructor(private readonly cpuStatDir: () => string | undefined) {}

  /**
   * The main thread's run delay at the hand-over. Read only when there is
   * no reading from this process's previous result: between that result and
   * this hand-over the runtime only finished posting and asked for its next
   * event (one write in coldbench's clients), then slept, so the previous
   * reading is the baseline and a warm invocation costs one read, not two.
   * What the runtime waited for in that tail counts with this invocation.
   */
  mark(pid: number | undefined): void {
    if (pid !== undefined && pid === this.schedPid && this.lastDelay >= 0) {
      // Used once: an invocation that ends without a result leaves none for the next.
      this.runDelay0 = this.lastDelay;
      this.lastDelay = -1;
      return;
    }
    this.runDelay0 = pid === undefined ? -1 : this.runDelay(pid);
  }

  /**
   * The wait since mark(); undefined when it could not be read. A wait under
   * 0.5 ms (never material, HOST_WAIT_MATERIAL_MIN_MS) is not split, and then
   * cpu.stat is not read; otherwise the quota's share is the group's
   * throttled_time added since cpu.stat was last read, and never more than
   * the thread's own wait: the main thread can only have lost to the quota
   * time it was waiting. `durationMs` caps the whole: a wait in the tail
   * before the hand-over (mark()) lies outside Duration and is not the
   * invocation's to report beyond it.
   */
  since(pid: number | undefined, durationMs: number): CpuWait | undefined {
    if (this.runDelay0 < 0 || pid === undefined || pid !== this.schedPid) return undefined;
    const delay = this.runDelay(pid);
    this.lastDelay = delay;
    if (delay < 0) return undefined;
    const wait = Math.min(durationMs * NS_PER_MS, Math.max(0, delay - this.runDelay0));
    if (wait < UNSPLIT_NS) return { hostWaitMs: wait / NS_PER_MS, throttledMs: 0 };
    const now = this.throttledNs();
    const throttled = Math.min(wait, Math.max(0, now - this.throttled0));
    this.throttled0 = now;
    return { hostWaitMs: (wait - throttled) / NS_PER_MS, throttledMs: throttled / NS_PER_MS };
  }

  /** Synchronous: the cgroup is removed right after, and no descriptor may outlive it. */
  close(): void {
    for (const fd of [this.schedFd, this.statFd]) {
      if (fd === undefined) continue;
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.schedFd = this.statFd = undefined;
    this.off = true;
  }

  /** Run delay of `pid`'s main thread in ns; -1 when it cannot be read. */
  private runDelay(pid: number): number {
    if (this.off) return -1;
    try {
      if (this.schedPid !== pid) {
        if (this.schedFd !== undefined) fs.closeSync(this.schedFd);
        this.schedFd = undefined;
        this.schedPid = pid;
        this.schedFd = fs.openSync(`/proc/${pid}/schedstat`, 'r');
      }
      const n = fs.readSync(this.schedFd as number, this.buf, 0, this.buf.length, 0);
      // "<on-cpu ns> <run delay ns> <timeslices>\n"
      const text = this.buf.toString('latin1', 0, n);
      const a = text.indexOf(' ');
      const b = text.indexOf(' ', a + 1);
      const v = Number(text.slice(a + 1, b));
      return a > 0 && b > a && Number.isFinite(v) ? v : -1;
    } catch (e) {
      // ENOENT on /proc/<pid>/schedstat with the process alive: a kernel without schedstats.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && this.schedFd === undefined) {
        try {
          fs.accessSync(`/proc/${pid}`);
          this.off = true;
        } catch {
          // The process is gone: a new one may come (a re-run init).
        }
      }
      return -1;
    }
  }

  /** The cpu cgroup's throttled_time in ns; 0 without one. */
  private throttledNs(): number {
    if (this.statFd === undefined) {
      const dir = this.cpuStatDir();
      if (dir === undefined) return 0;
      try {
        this.statFd = fs.openSync(path.join(dir, 'cpu.stat'), 'r');
      } catch {
        return 0;
      }
    }
    try {
      const n = fs.readSync(this.statFd, this.buf, 0, this.buf.length, 0);
      const text = this.buf.toString('latin1', 0, n);
      const i = text.indexOf('throttled_time ');
      if (i < 0) return 0;
      const end = text.indexOf('\n', i);
      const v = Number(text.slice(i + 15, end < 0 ? undefined : end));
      return Number.isFinite(v) ? v : 0;
    } catch {
      return 0;
    }
  }
}
