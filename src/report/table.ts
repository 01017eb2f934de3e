// The summary table printed at the end of a run: one line per phase × memory,
// plain text, within the terminal's width (100 columns into a pipe): on a
// narrow terminal the phase column shrinks, then the p99 columns, the count
// the errors and the cold count go, in that order, and the lines under it are cut short. SnapStart restores, where there are any, get
// a line of their own under it, in the cold columns.

import type { ErrorTally } from './html/samples';
import type { SummaryRow } from './summary';
import { formatUsd } from './usd';
import type { RunSummary } from './writer';

const COLUMNS = [
  ['phase', 14],
  ['mem MB', 6],
  ['count', 8],
  ['cold', 6],
  ['cold p50', 9],
  ['cold p99', 9],
  ['warm p50', 9],
  ['warm p99', 9],
  ['errors', 7],
  ['cost USD', 12],
] as const;

/** Columns dropped, in this order, when the table is too wide for the terminal. */
const DROPPABLE = ['cold p99', 'warm p99', 'count', 'errors', 'cold'] as const;
const PHASE_MIN = 6;
/** Width used when the output is not a terminal (a pipe, a file). */
export const PIPE_WIDTH = 100;
/** The narrowest table (phase, memory, cold p50, warm p50, cost); a narrower terminal wraps it. */
const MIN_WIDTH = 46;

/** The width to print to: the terminal's, or PIPE_WIDTH into a pipe. */
export function outputWidth(stream: { readonly isTTY?: boolean; readonly columns?: number } = process.stdout): number {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? Math.max(MIN_WIDTH, stream.columns) : PIPE_WIDTH;
}

/** Column indexes kept and the phase column's width, for a table at most `width` wide. */
function layout(width: number): { keep: number[]; phaseWidth: number } {
  let keep = COLUMNS.map((_, i) => i);
  const total = (k: number[], phase: number): number => k.reduce((n, i) => n + (i === 0 ? phase : COLUMNS[i][1]), 0) + k.length - 1;
  let phaseWidth: number = COLUMNS[0][1];
  if (total(keep, phaseWidth) > width) phaseWidth = Math.max(PHASE_MIN, phaseWidth - (total(keep, phaseWidth) - width));
  for (const name of DROPPABLE) {
    if (total(keep, phaseWidth) <= width) break;
    keep = keep.filter((i) => COLUMNS[i][0] !== name);
    phaseWidth = Math.min(COLUMNS[0][1], Math.max(PHASE_MIN, phaseWidth + Math.max(0, width - total(keep, phaseWidth))));
  }
  return { keep, phaseWidth };
}

function fit(s: string, width: number, left: boolean): string {
  if (s.length > width) s = width > 1 ? s.slice(0, width - 1) + '…' : s.slice(0, width);
  return left ? s.padEnd(width) : s.padStart(width);
}

/** Latency to a precision that suits its size: sub-ms local calls and multi-second cold starts alike. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 10_000) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** What the table reads of a run: its summary rows and cost, and, when known, its failures by type. */
export type TableInput = Pick<RunSummary, 'rows' | 'totalCostUsd'> & {
  readonly errors?: readonly ErrorTally[];
  readonly logFiles?: number;
};

export function formatSummaryTable(summary: TableInput, width = PIPE_WIDTH): string {
  const lines: string[] = [];
  const { keep, phaseWidth } = layout(width);
  const line = (cells: readonly string[]): void => {
    lines.push(keep.map((i) => fit(cells[i]!, i === 0 ? phaseWidth : COLUMNS[i][1], i === 0)).join(' ').trimEnd());
  };
  line(COLUMNS.map(([h]) => h));
  let unknown = 0;
  let starred = false;
  let invocations = 0;
  let cold = 0;
  let restore = 0;
  let errors = 0;
  const rows = summary.rows;
  for (const all of rows) {
    if (all.start_type !== 'all') continue;
    const same = (type: string): SummaryRow | undefined =>
      rows.find((r) => r.phase === all.phase && r.memory_mb === all.memory_mb && r.start_type === type);
    const c = same('cold');
    const u = same('unknown');
    // With no REPORT line at all (http targets), the unknown latencies are all there is: shown, marked.
    const onlyUnknown = c === undefined && same('warm') === undefined && u !== undefined;
    const w = onlyUnknown ? u : same('warm');
    const mark = onlyUnknown ? '*' : '';
    starred ||= onlyUnknown;
    unknown += u?.count ?? 0;
    invocations += all.count;
    cold += c?.count ?? 0;
    errors += all.errors;
    line([
      all.phase,
      all.memory_mb === undefined ? '-' : String(all.memory_mb),
      String(all.count),
      String(c?.count ?? 0),
      formatLatency(c?.client_p50_ms),
      formatLatency(c?.client_p99_ms),
      formatLatency(w?.client_p50_ms) + mark,
      formatLatency(w?.client_p99_ms) + mark,
      String(all.errors),
      formatUsd(all.total_cost_usd, 'column'),
    ]);
    const r = same('restore');
    if (r !== undefined) {
      restore += r.count;
      line([
        '  restore',
        '',
        String(r.count),
        String(r.count),
        formatLatency(r.client_p50_ms),
        formatLatency(r.client_p99_ms),
        '',
        '',
        String(r.errors),
        formatUsd(r.total_cost_usd, 'column'),
      ]);
    }
  }
  lines.push(
    `total: ${invocations} invocations, ${cold} cold, ${restore > 0 ? `${restore} restore, ` : ''}${errors} errors, cost ${formatUsd(summary.totalCostUsd, 'column')} USD` +
      ' (latencies: client ms)',
  );
  const table = lines.length;
  if (restore > 0) lines.push('restore: SnapStart restores (Restore Duration), counted apart from cold starts');
  if (unknown > 0) lines.push(`start type unknown for ${unknown} invocations (no report)`);
  if (starred) lines.push('* start type unknown: latency of every invocation of the phase, cold or warm');
  lines.push(...formatErrorLines(summary.errors ?? [], summary.logFiles ?? 0, width));
  // The prose under the table: cut to the width rather than wrapped into the next line's place.
  return lines.map((l, i) => (i < table - 1 ? l : clip(l, width))).join('\n');
}

/** Error types named at the end of a run; the rest are counted in one line. */
export const ERROR_TYPES_SHOWN = 3;
const LINE_WIDTH = 100;

/**
 * The top error types (by count, over every phase and memory setting), each
 * with one sample message, so that a failed run says why without opening a file.
 */
export function formatErrorLines(errors: readonly ErrorTally[], logFiles = 0, width = LINE_WIDTH): string[] {
  const byType = new Map<string, { label: string; count: number; message: string | undefined }>();
  for (const e of errors) {
    const label = e.errorType !== '' ? e.errorType : e.status;
    const t = byType.get(label) ?? { label, count: 0, message: undefined };
    t.count += e.count;
    t.message ??= e.messages[0];
    byType.set(label, t);
  }
  if (byType.size === 0) return [];
  // Most frequent first; ties by name, so that the lines are the same run to run.
  const types = [...byType.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const lines = ['errors by type:'];
  for (const t of types.slice(0, ERROR_TYPES_SHOWN)) {
    lines.push(clip(`  ${t.label} ×${t.count}${t.message !== undefined ? `: ${oneLine(t.message)}` : ''}`, width));
  }
  const rest = types.slice(ERROR_TYPES_SHOWN);
  if (rest.length > 0) lines.push(`  and ${rest.length} more type${rest.length === 1 ? '' : 's'} (${rest.reduce((n, t) => n + t.count, 0)} errors)`);
  if (logFiles > 0) lines.push(`log tails of ${logFiles} failed invocation${logFiles === 1 ? '' : 's'}: logs/`);
  return lines;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function clip(s: string, width: number): string {
  return s.length > width ? s.slice(0, Math.max(1, width - 1)) + '…' : s;
}
