// Memory metering for one execution environment: its peak (Max Memory Used)
// and, where no memory cgroup enforces its memory size, that limit, kept by
// polling RSS.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { EnvCgroup } from './cgroups';
import type { SupervisedProcess } from './runtime-process';

const RSS_POLL_MS = 50;

export class MemoryMeter {
  /** Whose /proc is read; dropped when the environment dies, after which nothing is read. */
  private source: SupervisedProcess | undefined;
  private cg: EnvCgroup | undefined;
  private rssPeakKb = 0;
  private peakBytes = 0;
  private statusFd: number | undefined;
  /** Whose status statusFd reads: a failed init's re-run is a new process. */
  private statusPid: number | undefined;
  private readonly statusBuf = Buffer.allocUnsafe(4096);
  private poll: NodeJS.Timeout | undefined;
  /**
   * Polling found the runtime over its memory size and killed it, so its
   * SIGKILL is an out-of-memory. A cause of death, not a stage of the
   * environment's life: it is read once, when the process has closed.
   */
  private killedOverLimit = false;

  constructor(
    source: SupervisedProcess,
    private readonly limitMb: number,
  ) {
    this.source = source;
  }

  /** The environment's cgroups, once made. */
  attach(cg: EnvCgroup | undefined): void {
    this.cg = cg;
  }

  /** Starts polling RSS against the limit when no memory cgroup holds it (the process is spawned). */
  watch(): void {
    if (this.cg !== undefined && this.cg.hasMemory) return;
    this.poll = setInterval(() => void this.readRss(), RSS_POLL_MS);
    this.poll.unref();
  }

  /**
   * Peak memory of the environment: the larger of its cgroup's peak (anonymous
   * memory, what the limit counts) and the runtime's VmHWM (which also counts
   * the mapped runtime binary, as Lambda's figure does).
   */
  maxMemoryMb(): number {
    const bytes = this.cg?.hasMemory ? this.cg.maxUsageBytes() : undefined;
    // VmHWM costs a /proc read: only when the cgroup peak moved (or there is no cgroup).
    if (bytes === undefined || bytes > this.peakBytes) {
      if (bytes !== undefined && Number.isFinite(bytes)) this.peakBytes = bytes;
      this.readHwm();
    }
    return Math.ceil(Math.max(this.peakBytes, this.rssPeakKb * 1024) / 1048576);
  }

  /** Whether a SIGKILL the runtime died of was for its memory (by the cgroup or by polling). */
  async killedForMemory(): Promise<boolean> {
    return this.killedOverLimit || ((await this.cg?.oomKilled()) ?? false);
  }

  /** The environment is dead: no more polling or reading. */
  stop(): void {
    this.source = undefined;
    if (this.poll !== undefined) clearInterval(this.poll);
  }

  /** Closes the descriptor kept on /proc/<pid>/status. */
  async close(): Promise<void> {
    if (this.statusFd === undefined) return;
    const fd = this.statusFd;
    this.statusFd = undefined;
    await new Promise((r) => fs.close(fd, r));
  }

  /**
   * VmHWM through a descriptor kept open, so a warm invocation costs one
   * pread. Synchronous, like the cgroup read: /proc is kernel memory, and an
   * invocation's REPORT must not wait for the thread pool.
   */
  private readHwm(): void {
    const pid = this.source?.pid;
    if (pid === undefined) return;
    try {
      if (this.statusPid !== pid && this.statusFd !== undefined) {
        fs.closeSync(this.statusFd);
        this.statusFd = undefined;
      }
      this.statusPid = pid;
      this.statusFd ??= fs.openSync(`/proc/${pid}/status`, 'r');
      const n = fs.readSync(this.statusFd, this.statusBuf, 0, this.statusBuf.length, 0);
      const text = this.statusBuf.toString('latin1', 0, n);
      const i = text.indexOf('VmHWM:');
      if (i >= 0) this.rssPeakKb = Math.max(this.rssPeakKb, parseInt(text.slice(i + 6, i + 30).trim(), 10) || 0);
    } catch {
      // The process is gone: report what was seen.
    }
  }

  private async readRss(): Promise<void> {
    const pid = this.source?.pid;
    if (pid === undefined) return;
    let text: string;
    try {
      text = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
    } catch {
      return;
    }
    const hwm = /VmHWM:\s*(\d+)/.exec(text);
    const rss = /VmRSS:\s*(\d+)/.exec(text);
    if (hwm !== null) this.rssPeakKb = Math.max(this.rssPeakKb, Number(hwm[1]));
    if (rss !== null && Number(rss[1]) > this.limitMb * 1024 && !this.killedOverLimit) {
      this.killedOverLimit = true;
      this.source?.killGroup();
    }
  }
}
