// Whether this machine, not the function, set the durations of a local run:
// per phase × memory setting, the median of host_wait_ms (runnable but
// waiting for a CPU, the quota apart) against the median Duration, judged by
// the local service's own rule (isMaterialHostWait: at least 10% and 0.5 ms).
// A row sink; its figures go to run.json (`hostContention`, and `warnings`
// naming each group that passed the rule) and to the terminal at the end.

import type { InvocationRow } from '../measure/row';
import { HOST_WAIT_MATERIAL_MIN_MS, HOST_WAIT_MATERIAL_SHARE, isMaterialHostWait, median } from '../stub';
import type { RowSink } from './execute';

/** Values kept per series of a group: beyond it, every other one is dropped and only every 2nd, 4th … new one kept. */
const SAMPLE_CAP = 4096;

/** One phase × memory setting: a bounded, evenly thinned sample of its rows, in arrival order. */
class Group {
  readonly host: number[] = [];
  readonly throttled: number[] = [];
  readonly duration: number[] = [];
  count = 0;
  private stride = 1;
  private skipped = 0;
  constructor(readonly phase: string, readonly memoryMb: number | undefined) {}

  add(host: number, throttled: number, duration: number): void {
    this.count++;
    if (++this.skipped < this.stride) return;
    this.skipped = 0;
    this.host.push(host);
    this.throttled.push(throttled);
    this.duration.push(duration);
    if (this.host.length < SAMPLE_CAP) return;
    for (const series of [this.host, this.throttled, this.duration]) thin(series);
    this.stride *= 2;
  }
}

function thin(series: number[]): void {
  let j = 0;
  for (let i = 0; i < series.length; i += 2) series[j++] = series[i] as number;
  series.length = j;
}

export interface HostContentionGroup {
  readonly phase: string;
  readonly memoryMb: number | null;
  /** Invocations with a measured host wait and Duration. */
  readonly invocations: number;
  readonly medianHostWaitMs: number;
  readonly medianCpuThrottledMs: number;
  readonly medianDurationMs: number;
  /** medianHostWaitMs ÷ medianDurationMs. */
  readonly hostWaitShare: number;
  /** The rule says the host set these durations. */
  readonly material: boolean;
}

export interface HostContentionReport {
  readonly rule: string;
  readonly groups: readonly HostContentionGroup[];
  /** One sentence per material group, for run.json's `warnings` and the terminal. */
  readonly warnings: readonly string[];
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export class HostContentionTally implements RowSink {
  private readonly groups = new Map<string, Group>();

  write(row: InvocationRow): void {
    const host = row.host_wait_ms;
    const duration = row.duration_ms;
    if (host === undefined || duration === undefined) return;
    const key = row.phase + '\0' + (row.memory_mb ?? '');
    let g = this.groups.get(key);
    if (g === undefined) {
      g = new Group(row.phase, row.memory_mb);
      this.groups.set(key, g);
    }
    g.add(host, row.cpu_throttled_ms ?? 0, duration);
  }

  /** undefined when no row had a host wait (real Lambda). */
  report(): HostContentionReport | undefined {
    if (this.groups.size === 0) return undefined;
    const groups: HostContentionGroup[] = [];
    const warnings: string[] = [];
    for (const g of this.groups.values()) {
      const medianHostWaitMs = median(g.host);
      const medianDurationMs = median(g.duration);
      const material = isMaterialHostWait(medianHostWaitMs, medianDurationMs);
      const share = medianDurationMs > 0 ? medianHostWaitMs / medianDurationMs : 0;
      groups.push({
        phase: g.phase,
        memoryMb: g.memoryMb ?? null,
        invocations: g.count,
        medianHostWaitMs: round3(medianHostWaitMs),
        medianCpuThrottledMs: round3(median(g.throttled)),
        medianDurationMs: round3(medianDurationMs),
        hostWaitShare: round3(share),
        material,
      });
      if (material) {
        warnings.push(
          `host contention: phase "${g.phase}"${g.memoryMb !== undefined ? ` at ${g.memoryMb} MB` : ''}: ` +
          `median host wait ${round3(medianHostWaitMs)} ms is ${Math.round(share * 100)}% of median Duration ${round3(medianDurationMs)} ms; ` +
          'its durations measure this machine, not the function (use target.strict: true, or less concurrency)',
        );
      }
    }
    const rule = `median host_wait_ms >= ${HOST_WAIT_MATERIAL_SHARE * 100}% of median duration_ms and >= ${HOST_WAIT_MATERIAL_MIN_MS} ms, per phase and memory setting`;
    return { rule, groups, warnings };
  }
}
