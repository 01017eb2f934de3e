// Strict mode: never more invocations running at once than this machine's
// cores can serve at their CPU shares. Each running invocation holds its
// environment's share of a vCPU (memory / 1,769 MB, Lambda's rule; a whole
// vCPU when it starts a new environment, whose init runs without a quota, as
// Lambda boosts on-demand init); one that would take the sum past the cores
// waits, first come first served, until enough have ended. The wait happens
// before the event is handed over, so it is never in Duration; the caller's
// own clock (client time) does include it, as it would a queue in front of
// any service.
//
// The cores are not all ours: other processes of the machine (another
// benchmark, a build) take their part, and then even `cores` vCPUs of
// functions wait for a CPU. So the limit is measured, not assumed: every
// invocation's own wait for a CPU this machine did not give (cpu-wait.ts)
// is fed back; one where it was a material share of Duration (the same rule
// as the host-contention warning) cuts the limit by a quarter, one where it
// was not gives back an eighth of a vCPU, up to the cores. Alone, one
// invocation always runs, so under a heavy load strict mode degrades to one
// at a time, as a sequential run, and never below.

import { isMaterialHostWait } from './contention-watch';

/** Shares are counted in MB of the Lambda rule (1,769 MB = one vCPU): whole numbers, no rounding drift. */
export const MB_PER_VCPU = 1769;

interface Waiting<T> {
  readonly item: T;
}

export class CpuAdmission<T> {
  private busyMb = 0;
  /** What may run at once now: the capacity, cut while invocations wait for CPUs the machine does not give. */
  private limitMb: number;
  private readonly queue: Waiting<T>[] = [];
  private head = 0;

  constructor(
    /** Cores × 1,769. */
    private readonly capacityMb: number,
    /** The share `item` would hold if started now, in MB (capped at the capacity here). */
    private readonly shareOf: (item: T) => number,
    /** Starts `item`, which holds `shareMb` until release(shareMb). */
    private readonly start: (item: T, shareMb: number) => void,
  ) {
    this.limitMb = capacityMb;
  }

  /** One invocation's wait for a CPU (the quota apart) and its Duration: the limit follows what the machine gives. */
  feedback(hostWaitMs: number, durationMs: number): void {
    if (isMaterialHostWait(hostWaitMs, durationMs)) this.limitMb = Math.floor(this.limitMb * 0.75);
    else this.limitMb = Math.min(this.capacityMb, this.limitMb + Math.ceil(MB_PER_VCPU / 8));
    // No drain here: the invocation measured is ending, and its release() drains.
  }

  /** The limit now, in MB of the Lambda rule (for tests and diagnostics). */
  get limit(): number {
    return this.limitMb;
  }

  /** Starts `item` now if it fits (and nothing waits before it), else queues it. */
  submit(item: T): void {
    if (this.head === this.queue.length) {
      const share = Math.min(this.capacityMb, this.shareOf(item));
      if (this.fits(share)) {
        this.busyMb += share;
        this.start(item, share);
        return;
      }
    }
    this.queue.push({ item });
  }

  /** An invocation started by this admission has ended. */
  release(shareMb: number): void {
    this.busyMb = Math.max(0, this.busyMb - shareMb);
    this.drain();
  }

  /** Invocations waiting now, for tests and diagnostics. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Every waiting item, taken out (the engine is stopping). */
  takeAll(): T[] {
    const items = this.queue.slice(this.head).map((w) => w.item);
    this.queue.length = 0;
    this.head = 0;
    return items;
  }

  private fits(share: number): boolean {
    // Alone, anything runs: a share above the machine's cores still must run somewhere.
    return this.busyMb === 0 || this.busyMb + share <= this.limitMb;
  }

  private drain(): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head] as Waiting<T>;
      const share = Math.min(this.capacityMb, this.shareOf(next.item));
      if (!this.fits(share)) break;
      this.head++;
      this.busyMb += share;
      this.start(next.item, share);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
