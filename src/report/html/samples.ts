// What report.html needs of the individual rows, beyond the per-group
// histograms: points for the latency-over-time chart, the rows of idle-gaps
// runs in order, and the errors with sample messages. Fed the same rows in
// the same order by the run (ResultWriter) and by `coldbench report`
// (invocations.csv read back), and every number is kept at the CSV's
// precision, so both build the same page byte for byte. Memory stays bounded
// however long the run: the time points are thinned deterministically (every
// k-th row, k doubling when a series is full).

import type { InvocationRow, StartType, Status } from '../../measure/row';
import { quantizeMs } from '../../measure/units';

/** A row as the report reads it: `error_message` is an appended column, absent from older results. */
export type ReportRow = InvocationRow & { readonly error_message?: string | undefined };

export interface TimePoint {
  /** started_at, ms since the epoch (the CSV's millisecond precision). */
  readonly atMs: number;
  /** Client latency, ms (3 decimals); NaN when none was measured. */
  readonly clientMs: number;
  readonly startType: StartType;
  readonly failed: boolean;
}

export interface SeqPoint extends TimePoint {
  readonly seq: number;
}

export interface ErrorTally {
  readonly phase: string;
  readonly memoryMb: number | undefined;
  readonly status: Status;
  readonly errorType: string;
  count: number;
  /** Up to MESSAGES_KEPT distinct messages, first seen first. */
  readonly messages: string[];
}

/** The thinned points of one phase × memory setting. */
export interface TimeSeries {
  readonly phase: string;
  readonly memoryMb: number | undefined;
  /** Rows of the series seen (the points are a subset when the series was thinned). */
  rows: number;
  /** Every stride-th row was kept; cold and restore starts are kept apart, thinned the same way. */
  stride: number;
  readonly points: TimePoint[];
  coldStride: number;
  coldRows: number;
  readonly coldPoints: TimePoint[];
  /** The first rows in order, for idle-gaps phases (each is one gap). */
  readonly first: SeqPoint[];
}

/** Points kept per series before thinning: plenty for a 600-pixel-wide chart. */
export const POINTS_PER_SERIES = 1500;
/** Rows kept in order per phase × memory, enough for any list of idle gaps. */
export const FIRST_ROWS_KEPT = 200;
const MESSAGES_KEPT = 3;
const ERROR_GROUPS_KEPT = 500;

export class ReportSamples {
  private readonly series = new Map<string, TimeSeries>();
  private readonly errors = new Map<string, ErrorTally>();
  private droppedErrorGroups = 0;
  private earliest = Number.POSITIVE_INFINITY;
  private last: TimeSeries | undefined;

  /** `messageCell`: the error_message as written to the CSV, when the caller has it (it wins over the row's). */
  add(row: ReportRow, messageCell?: string): void {
    const atMs = row.started_at.getTime();
    if (atMs < this.earliest) this.earliest = atMs;
    const s = this.seriesOf(row);
    const cold = row.start_type === 'cold' || row.start_type === 'restore';
    // The run's hot path: a point is built only when it is kept.
    const keep = s.first.length < FIRST_ROWS_KEPT || (cold ? s.coldRows % s.coldStride === 0 : s.rows % s.stride === 0);
    if (keep) {
      const point: TimePoint = {
        atMs,
        clientMs: Number.isFinite(row.client_ms) ? quantizeMs(row.client_ms) : Number.NaN,
        startType: row.start_type,
        failed: row.status !== 'ok',
      };
      if (s.first.length < FIRST_ROWS_KEPT) s.first.push({ ...point, seq: row.seq });
      if (cold) {
        if (s.coldRows % s.coldStride === 0) s.coldPoints.push(point);
      } else if (s.rows % s.stride === 0) s.points.push(point);
    }
    if (cold) {
      s.coldRows++;
      if (s.coldPoints.length > POINTS_PER_SERIES) s.coldStride = halve(s.coldPoints, s.coldStride);
    } else {
      s.rows++;
      if (s.points.length > POINTS_PER_SERIES) s.stride = halve(s.points, s.stride);
    }
    if (row.status !== 'ok') this.addError(row, messageCell ?? row.error_message);
  }

  /** Rows come in runs of one phase and memory setting: the last series is looked up first. */
  private seriesOf(row: ReportRow): TimeSeries {
    const last = this.last;
    if (last && last.phase === row.phase && last.memoryMb === row.memory_mb) return last;
    const key = `${row.phase}\u0000${row.memory_mb ?? ''}`;
    let s = this.series.get(key);
    if (!s) {
      s = { phase: row.phase, memoryMb: row.memory_mb, rows: 0, stride: 1, points: [], coldStride: 1, coldRows: 0, coldPoints: [], first: [] };
      this.series.set(key, s);
    }
    this.last = s;
    return s;
  }

  private addError(row: ReportRow, msg: string | undefined): void {
    const type = row.error_type ?? '';
    const key = `${row.phase}\u0000${row.memory_mb ?? ''}\u0000${row.status}\u0000${type}`;
    let t = this.errors.get(key);
    if (!t) {
      if (this.errors.size >= ERROR_GROUPS_KEPT) {
        this.droppedErrorGroups++;
        return;
      }
      t = { phase: row.phase, memoryMb: row.memory_mb, status: row.status, errorType: type, count: 0, messages: [] };
      this.errors.set(key, t);
    }
    t.count++;
    if (msg !== undefined && msg !== '' && t.messages.length < MESSAGES_KEPT && !t.messages.includes(msg)) t.messages.push(msg);
  }

  /** Series in first-seen order (the run's order). */
  timeSeries(): readonly TimeSeries[] {
    return [...this.series.values()];
  }

  errorTallies(): readonly ErrorTally[] {
    return [...this.errors.values()];
  }

  /** Error groups not tallied because too many distinct ones were seen. */
  get errorGroupsDropped(): number {
    return this.droppedErrorGroups;
  }

  /** The earliest started_at seen, ms since the epoch; undefined before any row. */
  get earliestMs(): number | undefined {
    return Number.isFinite(this.earliest) ? this.earliest : undefined;
  }
}

/** Keeps every other kept point (those at multiples of the doubled stride) and returns the doubled stride. */
function halve(points: TimePoint[], stride: number): number {
  let w = 0;
  for (let i = 0; i < points.length; i += 2) points[w++] = points[i];
  points.length = w;
  return stride * 2;
}
