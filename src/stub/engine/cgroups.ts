// Memory and CPU limits per execution environment with cgroup v1, nested
// under the cgroups this process already belongs to (so the machine's own
// limits still hold). One directory per service instance, named after this
// pid, so a later start can remove what a crashed one left behind.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = '/sys/fs/cgroup';
/** Lambda's rule: 1,769 MB of memory is one full vCPU. */
const MB_PER_VCPU = 1769;
/**
 * The CFS bandwidth period: 20 ms, not the kernel's default 100 ms. What is
 * known of Lambda: its CPU share is "one vCPU-second of credits per second"
 * at 1,769 MB, proportional below
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html),
 * and measurements of spinning functions find the share enforced in 20 ms
 * intervals: a 128 MB function runs about 1.44 ms of each 20 ms and is paused
 * for the rest (github.com/pwrdrvr/lambda-throttling, README "Throttle
 * Interval Awareness"). The period sets how long a function that spent its
 * share waits: up to 18.6 ms at 128 MB with 20 ms, up to 92.8 ms with 100 ms,
 * which made a local p99 at small memory sizes several times Lambda's.
 */
export const PERIOD_US = 20_000;
const PREFIX = 'coldbench-';

/** The directory of this process's cgroup for one v1 controller, or undefined. */
function ownCgroupDir(controller: 'memory' | 'cpu'): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const [, controllers, rel] = line.split(':');
    if (controllers === undefined || rel === undefined) continue;
    if (!controllers.split(',').includes(controller)) continue;
    // The mount may be /sys/fs/cgroup/cpu or a joined one such as cpu,cpuacct.
    for (const mount of [controller, controllers]) {
      const dir = path.join(ROOT, mount, rel);
      if (fs.existsSync(path.join(dir, 'cgroup.procs'))) return dir;
    }
  }
  return undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killAndRemoveSync(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) killAndRemoveSync(path.join(dir, entry.name));
  }
  try {
    for (const pid of fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
      if (pid) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  } catch {
    // no procs file: nothing to kill
  }
  for (let i = 0; i < 50; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** Removes groups of earlier service instances whose process is gone. */
function removeStale(parent: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = /^coldbench-(\d+)-/.exec(entry.name);
    if (!entry.isDirectory() || m === null) continue;
    if (pidAlive(Number(m[1]))) continue;
    try {
      killAndRemoveSync(path.join(parent, entry.name));
    } catch {
      // best effort: a stale group must never stop the service from starting
    }
  }
}

async function rmdirRetry(dir: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fsp.rmdir(dir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      // EBUSY: the last task has not left yet.
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export interface CgroupSetup {
  readonly memory: boolean;
  readonly cpu: boolean;
  /** Why a controller is not used, for the engine's warning and limitations. */
  readonly problems: readonly string[];
}

export class Cgroups {
  private readonly memDir: string | undefined;
  private readonly cpuDir: string | undefined;
  readonly setup: CgroupSetup;
  private readonly cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

  constructor(instanceId: string, enabled: boolean) {
    const problems: string[] = [];
    const name = `${PREFIX}${process.pid}-${instanceId}`;
    const make = (controller: 'memory' | 'cpu'): string | undefined => {
      if (!enabled) return undefined;
      const parent = ownCgroupDir(controller);
      if (parent === undefined) {
        problems.push(`no writable cgroup v1 '${controller}' hierarchy`);
        return undefined;
      }
      removeStale(parent);
      const dir = path.join(parent, name);
      try {
        fs.mkdirSync(dir);
        return dir;
      } catch (e) {
        problems.push(`cannot create a '${controller}' cgroup under ${parent}: ${(e as Error).message}`);
        return undefined;
      }
    };
    this.memDir = make('memory');
    this.cpuDir = make('cpu');
    if (!enabled) problems.push('cgroups disabled by configuration');
    this.setup = { memory: this.memDir !== undefined, cpu: this.cpuDir !== undefined, problems };
    // Even the first cold start finds its groups made.
    if (this.memDir !== undefined || this.cpuDir !== undefined) this.spare = this.make(`spare-${++this.spares}`).catch(() => undefined);
  }

  /** CPU quota per period for a memory size: proportional, capped at the machine. */
  quotaUs(memoryMb: number): number {
    return Math.max(1000, Math.min(this.cores * PERIOD_US, Math.round((PERIOD_US * memoryMb) / MB_PER_VCPU)));
  }

  /** A pair of groups made ahead of time for the next environment, off its cold path. */
  private spare: Promise<GroupPair | undefined> | undefined;
  private spares = 0;
  private removed = false;

  /**
   * An environment's groups, with the memory limit already in force. Takes
   * the spare pair when there is one and starts the next: making groups
   * costs a cold start 0.5-2 ms of thread-pool round trips before its spawn
   * (measured here), where claiming a spare costs one write of the limit.
   */
  async create(envId: string, memoryMb: number): Promise<EnvCgroup> {
    // Claimed before any await, so that concurrent cold starts never share a pair.
    const claimed = this.spare;
    this.spare = this.removed ? undefined : this.make(`spare-${++this.spares}`).catch(() => undefined);
    const pair = (claimed === undefined ? undefined : await claimed) ?? (await this.make(envId));
    try {
      // Synchronous, as limitCpu: a control file is kernel memory, tens of µs.
      if (pair.mem !== undefined) fs.writeFileSync(path.join(pair.mem, 'memory.limit_in_bytes'), String(memoryMb * 1024 * 1024));
    } catch (e) {
      await discard(pair);
      throw e;
    }
    return new EnvCgroup(pair.mem, pair.cpu, pair.usage, this.quotaUs(memoryMb));
  }

  /** Makes the two groups (side by side) and opens the peak counter, without limits yet. */
  private async make(name: string): Promise<GroupPair> {
    const mem = this.memDir === undefined ? undefined : path.join(this.memDir, name);
    const cpu = this.cpuDir === undefined ? undefined : path.join(this.cpuDir, name);
    const pair: { mem?: string; cpu?: string; usage?: number } = {};
    try {
      const dirs = await Promise.allSettled([
        mem === undefined ? undefined : fsp.mkdir(mem).then(() => { pair.mem = mem; }),
        cpu === undefined ? undefined : fsp.mkdir(cpu).then(() => { pair.cpu = cpu; }),
      ]);
      for (const d of dirs) if (d.status === 'rejected') throw d.reason;
      // The period is set here, off any cold path; the quota waits for the end of init (limitCpu).
      if (cpu !== undefined) await fsp.writeFile(path.join(cpu, 'cpu.cfs_period_us'), String(PERIOD_US));
      if (mem !== undefined) {
        pair.usage = await new Promise<number>((resolve, reject) =>
          fs.open(path.join(mem, 'memory.max_usage_in_bytes'), 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
      }
    } catch (e) {
      await discard(pair);
      throw e;
    }
    return pair;
  }

  async remove(): Promise<void> {
    this.removed = true;
    const claimed = this.spare;
    this.spare = undefined;
    const spare = claimed === undefined ? undefined : await claimed;
    if (spare !== undefined) await discard(spare);
    await Promise.all([this.memDir, this.cpuDir].filter((d): d is string => d !== undefined).map(rmdirRetry));
  }
}

/** Groups made for an environment: either may be missing when its controller is not used. */
interface GroupPair {
  readonly mem?: string;
  readonly cpu?: string;
  /** The open fd of memory.max_usage_in_bytes. */
  readonly usage?: number;
}

/** Removes groups no process ever joined. */
async function discard(pair: GroupPair): Promise<void> {
  if (pair.usage !== undefined) fs.closeSync(pair.usage);
  await Promise.all([pair.mem, pair.cpu].filter((d): d is string => d !== undefined).map(rmdirRetry));
}

export class EnvCgroup {
  private readonly buf = Buffer.allocUnsafe(32);

  constructor(
    private readonly memDir: string | undefined,
    private readonly cpuDir: string | undefined,
    /** An fd kept open (not a FileHandle: it is read synchronously). */
    private readonly usage: number | undefined,
    private readonly quotaUs: number,
  ) {}

  /**
   * Moves a just-spawned runtime into its groups. Done by the service right
   * after spawn, concurrently with the runtime's own start-up, rather than
   * by a `sh` wrapper before exec: measured here, the wrapper and a
   * synchronous migration added 10-20 ms to every Init Duration (cgroup
   * migration waits for the kernel), while the move lands within a few
   * milliseconds, long before the runtime loads any function code.
   */
  async join(pid: number): Promise<void> {
    await Promise.all(
      [this.memDir, this.cpuDir]
        .filter((d): d is string => d !== undefined)
        .map((d) => fsp.writeFile(path.join(d, 'cgroup.procs'), String(pid))),
    );
  }

  get hasMemory(): boolean {
    return this.memDir !== undefined;
  }

  /** The cpu group's directory (its cpu.stat counts the quota's throttling), when there is one. */
  get cpuDirectory(): string | undefined {
    return this.cpuDir;
  }

  /**
   * The CPU share applies once init is done: Lambda gives the init phase of
   * on-demand functions a CPU boost, and a 128 MB share would make every
   * cold start mostly a measure of throttled Node start-up.
   */
  limitCpu(): void {
    if (this.cpuDir === undefined) return;
    // Synchronous on purpose, like maxUsageBytes: a cgroup control file is
    // kernel memory and the write takes tens of µs (measured here: median
    // 43 µs), where a thread-pool round trip takes 1-8 ms on a busy machine
    // and sat between the first /next and the event. Done this way the
    // quota is in force before the first invocation's event leaves.
    fs.writeFileSync(path.join(this.cpuDir, 'cpu.cfs_quota_us'), String(this.quotaUs));
  }

  /**
   * Peak memory of the environment so far, in bytes. A synchronous pread on
   * purpose: a cgroup counter is kernel memory, never disk, so it cannot
   * block, and it costs a few microseconds where a thread-pool read costs
   * a hundred on every warm invocation.
   */
  maxUsageBytes(): number | undefined {
    if (this.usage === undefined) return undefined;
    try {
      const n = fs.readSync(this.usage, this.buf, 0, 32, 0);
      return Number(this.buf.toString('latin1', 0, n).trim());
    } catch {
      return undefined;
    }
  }

  /** Whether the kernel's OOM killer ended a task of this group. */
  async oomKilled(): Promise<boolean> {
    if (this.memDir === undefined) return false;
    try {
      const text = await fsp.readFile(path.join(this.memDir, 'memory.oom_control'), 'utf8');
      const m = /oom_kill (\d+)/.exec(text);
      if (m !== null) return Number(m[1]) > 0;
      const failcnt = await fsp.readFile(path.join(this.memDir, 'memory.failcnt'), 'utf8');
      return Number(failcnt.trim()) > 0;
    } catch {
      return false;
    }
  }

  async remove(): Promise<void> {
    if (this.usage !== undefined) await new Promise((r) => fs.close(this.usage as number, r));
    await Promise.all([this.memDir, this.cpuDir].filter((d): d is string => d !== undefined).map(rmdirRetry));
  }
}
