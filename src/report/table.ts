// The summary table printed at the end of a run: one line per phase × memory,
// plain text, under 100 columns. SnapStart restores, where there are any, get
// a line of their own under it, in the cold columns.

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

export function formatSummaryTable(summary: Pick<RunSummary, 'rows' | 'totalCostUsd'>): string {
  const lines: string[] = [];
  const line = (cells: readonly string[]): void => {
    lines.push(cells.map((c, i) => fit(c, COLUMNS[i][1], i === 0)).join(' ').trimEnd());
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
  if (restore > 0) lines.push('restore: SnapStart restores (Restore Duration), counted apart from cold starts');
  if (unknown > 0) lines.push(`start type unknown for ${unknown} invocations (no report)`);
  if (starred) lines.push('* start type unknown: latency of every invocation of the phase, cold or warm');
  return lines.join('\n');
}
