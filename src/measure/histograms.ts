// Per phase × memory × start type accumulators: HDR histograms of latency and
// running sums, never a list of rows, so memory stays flat however long the
// run. Everything here is a function of the rows alone (see units.ts), which
// is what lets `coldbench report` rebuild the summary from invocations.csv.

import { build, type Histogram } from 'hdr-histogram-js';
import { quantileRankInterval } from './confidence';
import type { InvocationRow, StartType, Status } from './row';
import { quantizeCost, toMicros } from './units';

export type SummaryStartType = StartType | 'all';

/** Order of the rows of one phase × memory in summary.csv. */
export const SUMMARY_START_TYPES: readonly SummaryStartType[] = ['cold', 'restore', 'warm', 'unknown', 'all'];

/**
 * Values are integer microseconds with 3 significant digits: ≤ 0.1 % error
 * from 1 µs up to hours, in a few tens of KB per histogram. The histogram
 * grows with the largest value seen, never with the number of values.
 */
export const HISTOGRAM_SIGNIFICANT_DIGITS = 3;

function newMicrosHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: HISTOGRAM_SIGNIFICANT_DIGITS,
  });
}

/** A histogram plus the exact maximum, since HDR only knows a value's bucket. */
export class MicrosDistribution {
  readonly histogram: Histogram = newMicrosHistogram();
  maxUs = 0;
  sumUs = 0;

  record(us: number): void {
    this.histogram.recordValue(us);
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Folds another distribution into this one (pooling groups). */
  add(other: MicrosDistribution): void {
    this.histogram.add(other.histogram);
    this.sumUs += other.sumUs;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /**
   * Nearest-rank percentile in µs (HDR's highest equivalent value), capped at
   * the exact maximum so that a percentile never reads above the max.
   * undefined when nothing was recorded.
   */
  percentileUs(p: number): number | undefined {
    if (this.histogram.totalCount === 0) return undefined;
    return Math.min(this.histogram.getValueAtPercentile(p), this.maxUs);
  }

  /**
   * The r-th smallest value (1-based) in µs, as the histogram knows it: the
   * highest value of its bucket (within 0.1 %, HISTOGRAM_SIGNIFICANT_DIGITS),
   * capped at the exact maximum. Asking HDR for the percentile 100·(r − ½)/n
   * lands on rank r exactly: it rounds the count at a percentile up.
   */
  valueAtRankUs(r: number): number | undefined {
    const n = this.histogram.totalCount;
    if (n === 0 || r < 1 || r > n) return undefined;
    return Math.min(this.histogram.getValueAtPercentile((100 * (r - 0.5)) / n), this.maxUs);
  }

  /**
   * 95 % confidence interval of the p-th percentile (0 < p < 100) in µs, from
   * order statistics (./confidence.ts); undefined when the group is too small
   * for one. Its bounds have the histogram's precision.
   */
  percentileIntervalUs(p: number): { readonly lowUs: number; readonly highUs: number } | undefined {
    const ranks = quantileRankInterval(this.histogram.totalCount, p / 100);
    if (!ranks) return undefined;
    const lowUs = this.valueAtRankUs(ranks.lowRank);
    const highUs = this.valueAtRankUs(ranks.highRank);
    return lowUs === undefined || highUs === undefined ? undefined : { lowUs, highUs };
  }
}

/** Everything summary.csv says about one phase × memory × start type. */
export class GroupStats {
  readonly client = new MicrosDistribution();
  /** Created on first use: warm groups never have an init phase. */
  init: MicrosDistribution | undefined;
  /** SnapStart Restore Duration: restore groups only. */
  restore: MicrosDistribution | undefined;
  duration: MicrosDistribution | undefined;
  count = 0;
  errors = 0;
  billedSumUs = 0;
  billedCount = 0;
  maxMemoryMb: number | undefined;
  costSumUsd = 0;
  costCount = 0;
  /** Identity columns come from the group's first row. */
  readonly runId: string;
  readonly scenario: string;
  readonly function: string;
  readonly architecture: string;

  constructor(
    readonly phase: string,
    readonly memoryMb: number | undefined,
    readonly startType: SummaryStartType,
    first: InvocationRow,
  ) {
    this.runId = first.run_id;
    this.scenario = first.scenario;
    this.function = first.function;
    this.architecture = first.architecture;
  }

  /**
   * Every attempt counts in the latency percentiles, failed ones included: a
   * timeout or an error is latency the caller saw. Throttles carry no REPORT
   * line, so they land in `unknown` and `all`, never in cold, restore or warm.
   */
  record(s: Sample): void {
    this.count++;
    if (s.error) this.errors++;
    if (s.clientUs >= 0) this.client.record(s.clientUs);
    if (s.initUs >= 0) (this.init ??= new MicrosDistribution()).record(s.initUs);
    if (s.restoreUs >= 0) (this.restore ??= new MicrosDistribution()).record(s.restoreUs);
    if (s.durationUs >= 0) (this.duration ??= new MicrosDistribution()).record(s.durationUs);
    if (s.billedUs >= 0) {
      this.billedSumUs += s.billedUs;
      this.billedCount++;
    }
    if (s.maxMemoryMb >= 0 && (this.maxMemoryMb === undefined || s.maxMemoryMb > this.maxMemoryMb)) {
      this.maxMemoryMb = s.maxMemoryMb;
    }
    if (s.costUsd >= 0) {
      this.costSumUsd += s.costUsd;
      this.costCount++;
    }
  }
}

/**
 * One row's values as recorded, quantized once and shared by the row's two
 * groups; −1 where the row has no value. One instance is reused for every row.
 */
export interface Sample {
  error: boolean;
  clientUs: number;
  initUs: number;
  restoreUs: number;
  durationUs: number;
  billedUs: number;
  maxMemoryMb: number;
  costUsd: number;
}

const micros = (ms: number | undefined): number => (ms !== undefined && Number.isFinite(ms) ? toMicros(ms) : -1);

function fillSample(s: Sample, row: InvocationRow): void {
  s.error = row.status !== 'ok';
  s.clientUs = micros(row.client_ms);
  s.initUs = micros(row.init_ms);
  s.restoreUs = micros(row.restore_ms);
  s.durationUs = micros(row.duration_ms);
  s.billedUs = micros(row.billed_ms);
  s.maxMemoryMb = row.max_memory_mb !== undefined && Number.isFinite(row.max_memory_mb) ? row.max_memory_mb : -1;
  s.costUsd = row.cost_usd !== undefined && Number.isFinite(row.cost_usd) && row.cost_usd >= 0 ? quantizeCost(row.cost_usd) : -1;
}

/** The groups of one phase × memory: one per start type seen, and `all`. */
interface GroupSet {
  readonly phase: string;
  readonly memoryMb: number | undefined;
  cold: GroupStats | undefined;
  restore: GroupStats | undefined;
  warm: GroupStats | undefined;
  unknown: GroupStats | undefined;
  all: GroupStats | undefined;
}

export interface RunTotals {
  invocations: number;
  /** Cold starts only; SnapStart restores are counted apart. */
  cold: number;
  restore: number;
  warm: number;
  unknown: number;
  errors: number;
  byStatus: Record<Status, number>;
  /** Sum of every row's cost_usd; undefined when no row had one. */
  costUsd: number | undefined;
}

export class SummaryAccumulator {
  private readonly byPhase = new Map<string, Map<number | undefined, GroupSet>>();
  private readonly sets: GroupSet[] = [];
  /** Runs go phase by phase: the previous row's set is nearly always the next one's. */
  private last: GroupSet | undefined;
  private readonly byStatus: Record<Status, number> = { ok: 0, function_error: 0, throttled: 0, timeout: 0, error: 0 };
  private costSum = 0;
  private costCount = 0;

  private readonly sample: Sample = {
    error: false, clientUs: -1, initUs: -1, restoreUs: -1, durationUs: -1, billedUs: -1, maxMemoryMb: -1, costUsd: -1,
  };

  add(row: InvocationRow): void {
    const set = this.setFor(row.phase, row.memory_mb);
    const type = row.start_type;
    const s = this.sample;
    fillSample(s, row);
    (set[type] ??= new GroupStats(set.phase, set.memoryMb, type, row)).record(s);
    (set.all ??= new GroupStats(set.phase, set.memoryMb, 'all', row)).record(s);
    if (row.status in this.byStatus) this.byStatus[row.status]++;
    if (s.costUsd >= 0) {
      this.costSum += s.costUsd;
      this.costCount++;
    }
  }

  /** Groups in summary order: phase × memory by first appearance, then cold, restore, warm, unknown, all. */
  groups(): GroupStats[] {
    const out: GroupStats[] = [];
    for (const set of this.sets) {
      for (const type of SUMMARY_START_TYPES) {
        const g = set[type];
        if (g) out.push(g);
      }
    }
    return out;
  }

  totals(): RunTotals {
    const t: RunTotals = {
      invocations: 0, cold: 0, restore: 0, warm: 0, unknown: 0, errors: 0,
      byStatus: { ...this.byStatus },
      costUsd: this.costCount > 0 ? this.costSum : undefined,
    };
    for (const set of this.sets) {
      t.invocations += set.all?.count ?? 0;
      t.errors += set.all?.errors ?? 0;
      t.cold += set.cold?.count ?? 0;
      t.restore += set.restore?.count ?? 0;
      t.warm += set.warm?.count ?? 0;
      t.unknown += set.unknown?.count ?? 0;
    }
    return t;
  }

  private setFor(phase: string, memoryMb: number | undefined): GroupSet {
    const last = this.last;
    if (last && last.phase === phase && last.memoryMb === memoryMb) return last;
    let byMemory = this.byPhase.get(phase);
    if (!byMemory) {
      byMemory = new Map();
      this.byPhase.set(phase, byMemory);
    }
    let set = byMemory.get(memoryMb);
    if (!set) {
      set = { phase, memoryMb, cold: undefined, restore: undefined, warm: undefined, unknown: undefined, all: undefined };
      byMemory.set(memoryMb, set);
      this.sets.push(set);
    }
    this.last = set;
    return set;
  }
}
