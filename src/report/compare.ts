// Two runs side by side, per phase × memory × start type: sample sizes, the
// percentiles and cost of A and B, the change, and whether the change of the
// median is more than noise — a 95 % bootstrap interval of the difference of
// medians from the raw latencies of invocations.csv (../measure/median-diff.ts).
// The `all` rows of summary.csv pool cold and warm starts, so they are not
// compared: a change in the share of cold starts would pass for a change in
// speed.

import { medianDifference, type MedianDifference } from '../measure/median-diff';
import type { InvocationRow } from '../measure/row';
import { csvText } from './csv-file';
import { formatBool, formatCost, formatInt, formatMs, formatSignificant } from './format';
import { readResultDir } from './rebuild';
import { summaryRows, type SummaryRow } from './summary';

type MetricKey = keyof Pick<
  SummaryRow,
  | 'client_p50_ms' | 'client_p90_ms' | 'client_p99_ms' | 'client_max_ms' | 'client_mean_ms'
  | 'init_p50_ms' | 'init_p99_ms' | 'duration_p50_ms' | 'duration_p99_ms' | 'billed_mean_ms'
  | 'cost_per_invocation_usd' | 'cost_per_million_usd' | 'total_cost_usd'
>;

export const COMPARED_METRICS: readonly { key: MetricKey; label: string; unit: 'ms' | 'usd' }[] = [
  { key: 'client_p50_ms', label: 'client p50 ms', unit: 'ms' },
  { key: 'client_p90_ms', label: 'client p90 ms', unit: 'ms' },
  { key: 'client_p99_ms', label: 'client p99 ms', unit: 'ms' },
  { key: 'client_max_ms', label: 'client max ms', unit: 'ms' },
  { key: 'client_mean_ms', label: 'client mean ms', unit: 'ms' },
  { key: 'init_p50_ms', label: 'init p50 ms', unit: 'ms' },
  { key: 'init_p99_ms', label: 'init p99 ms', unit: 'ms' },
  { key: 'duration_p50_ms', label: 'duration p50 ms', unit: 'ms' },
  { key: 'duration_p99_ms', label: 'duration p99 ms', unit: 'ms' },
  { key: 'billed_mean_ms', label: 'billed mean ms', unit: 'ms' },
  { key: 'cost_per_invocation_usd', label: 'USD per invocation', unit: 'usd' },
  { key: 'cost_per_million_usd', label: 'USD per million', unit: 'usd' },
  { key: 'total_cost_usd', label: 'total USD', unit: 'usd' },
];

export interface MetricChange {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: 'ms' | 'usd';
  readonly a: number | undefined;
  readonly b: number | undefined;
  /** b − a; undefined when either side is unknown. */
  readonly change: number | undefined;
  /** (b − a) / a × 100; undefined when a is 0 or unknown. */
  readonly changePct: number | undefined;
}

export interface ComparedGroup {
  readonly phase: string;
  readonly memoryMb: number | undefined;
  readonly startType: string;
  readonly a: SummaryRow | undefined;
  readonly b: SummaryRow | undefined;
  /** Present in both runs. */
  readonly comparable: boolean;
  readonly metrics: readonly MetricChange[];
  /** The client median's change with its 95 % interval; undefined when not comparable or too few samples. */
  readonly median: MedianDifference | undefined;
}

/** One run as compare needs it: its summary rows, and every client latency per group. */
export interface RunForCompare {
  readonly label: string;
  readonly scenario: string;
  readonly rows: readonly SummaryRow[];
  readonly latencies: ReadonlyMap<string, readonly number[]>;
}

export interface Comparison {
  readonly a: RunForCompare;
  readonly b: RunForCompare;
  readonly groups: readonly ComparedGroup[];
  /** Things the reader must know: two different scenarios, files forgiven. */
  readonly warnings: readonly string[];
}

const COMPARED_START_TYPES: ReadonlySet<string> = new Set(['cold', 'restore', 'warm', 'unknown']);

const keyOf = (phase: string, memoryMb: number | undefined, startType: string): string => `${phase}\u0000${memoryMb ?? ''}\u0000${startType}`;
const rowKey = (r: SummaryRow): string => keyOf(r.phase, r.memory_mb, r.start_type);

/** Reads a result folder for compare (invocations.csv, run.json); throws ResultDirError for a folder that is not one. */
export async function readRunForCompare(dir: string): Promise<RunForCompare & { readonly warnings: readonly string[] }> {
  const latencies = new Map<string, number[]>();
  const { acc, context, warnings } = await readResultDir(dir, (row: InvocationRow) => {
    if (!Number.isFinite(row.client_ms)) return;
    const key = keyOf(row.phase, row.memory_mb, row.start_type);
    let list = latencies.get(key);
    if (!list) latencies.set(key, (list = []));
    list.push(row.client_ms);
  });
  return { label: dir, scenario: context.scenario, rows: summaryRows(acc), latencies, warnings };
}

/** Groups in A's order, then those only B has. */
export function compareRuns(a: RunForCompare, b: RunForCompare, extraWarnings: readonly string[] = []): Comparison {
  const rowsA = a.rows.filter((r) => COMPARED_START_TYPES.has(r.start_type));
  const rowsB = b.rows.filter((r) => COMPARED_START_TYPES.has(r.start_type));
  const bByKey = new Map(rowsB.map((r) => [rowKey(r), r]));
  const aKeys = new Set(rowsA.map(rowKey));
  const pairs: [SummaryRow | undefined, SummaryRow | undefined][] = [
    ...rowsA.map((r): [SummaryRow, SummaryRow | undefined] => [r, bByKey.get(rowKey(r))]),
    ...rowsB.filter((r) => !aKeys.has(rowKey(r))).map((r): [undefined, SummaryRow] => [undefined, r]),
  ];
  const groups = pairs.map(([ra, rb]): ComparedGroup => {
    const either = (ra ?? rb)!;
    const metrics = COMPARED_METRICS.map(({ key, label, unit }): MetricChange => {
      const va = ra?.[key];
      const vb = rb?.[key];
      const change = va !== undefined && vb !== undefined ? vb - va : undefined;
      const changePct = change !== undefined && va !== undefined && va !== 0 ? (change / va) * 100 : undefined;
      return { key, label, unit, a: va, b: vb, change, changePct };
    }).filter((m) => m.a !== undefined || m.b !== undefined);
    const comparable = ra !== undefined && rb !== undefined;
    const key = rowKey(either);
    const median = comparable ? medianDifference(a.latencies.get(key) ?? [], b.latencies.get(key) ?? []) : undefined;
    return { phase: either.phase, memoryMb: either.memory_mb, startType: either.start_type, a: ra, b: rb, comparable, metrics, median };
  });
  const warnings = [...extraWarnings];
  if (a.scenario !== b.scenario) {
    const phasesA = new Set(rowsA.map((r) => r.phase));
    const shared = [...new Set(rowsB.map((r) => r.phase))].filter((p) => phasesA.has(p));
    warnings.push(
      `A is scenario "${a.scenario}", B is scenario "${b.scenario}": compared only where phases match` +
        (shared.length > 0 ? ` (${shared.join(', ')})` : ' (none do)'),
    );
  }
  return { a, b, groups, warnings };
}

const memoryText = (m: number | undefined): string => (m === undefined ? 'as is' : `${m}`);

function value(v: number | undefined, unit: 'ms' | 'usd'): string {
  if (v === undefined) return '-';
  return unit === 'ms' ? v.toFixed(3) : formatSignificant(v, 6);
}

function signed(v: number | undefined, unit: 'ms' | 'usd', digits?: number): string {
  if (v === undefined) return '-';
  const s = digits !== undefined ? Math.abs(v).toFixed(digits) : value(Math.abs(v), unit);
  return v > 0 ? `+${s}` : v < 0 ? `-${s}` : s;
}

function pct(v: number | undefined): string {
  if (v === undefined) return '-';
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

const metric = (g: ComparedGroup, key: MetricKey): MetricChange | undefined => g.metrics.find((m) => m.key === key);

function significance(g: ComparedGroup): string {
  if (!g.comparable) return 'n/a';
  if (!g.median) return 'too few';
  return g.median.significant ? 'yes' : 'no';
}

function interval(m: MedianDifference | undefined): string {
  return m ? `${signed(m.low, 'ms', 2)} … ${signed(m.high, 'ms', 2)}` : '-';
}

function header(c: Comparison): string[] {
  return [`A: ${c.a.label}`, `B: ${c.b.label}`, ...c.warnings.map((w) => `warning: ${w}`)];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** The default: one line per group present in both runs, the median's change and whether it is significant; then the groups of one run only. */
export function formatComparison(c: Comparison): string {
  const out = header(c);
  const both = c.groups.filter((g) => g.comparable);
  out.push('');
  if (both.length === 0) out.push('No phase × memory × start type is in both runs: nothing to compare.');
  else {
    const rows: string[][] = [['phase', 'MB', 'start', 'n A/B', 'p50 A', 'p50 B', 'change', '%', '95% CI of change', 'signif.', 'cost %']];
    for (const g of both) {
      const p50 = metric(g, 'client_p50_ms');
      rows.push([
        g.phase, memoryText(g.memoryMb), g.startType, `${g.a!.count}/${g.b!.count}`,
        p50?.a?.toFixed(2) ?? '-', p50?.b?.toFixed(2) ?? '-', signed(p50?.change, 'ms', 2), pct(p50?.changePct),
        interval(g.median), significance(g), pct(metric(g, 'cost_per_invocation_usd')?.changePct),
      ]);
    }
    out.push(...table(rows, new Set([1, 3, 4, 5, 6, 7, 10])));
    out.push(
      '',
      'Client latency p50 and its change, ms. Significant: the 95% bootstrap interval of the change',
      'of medians excludes 0 (too few: under 6 samples in a run). --all shows every metric.',
    );
  }
  const lonely = c.groups.filter((g) => !g.comparable);
  if (lonely.length > 0) {
    out.push('', 'Not comparable (in one run only):');
    for (const g of lonely) out.push(`  ${g.phase} · ${memoryText(g.memoryMb)} MB · ${g.startType}: ${g.a ? `A only (${g.a.count})` : `B only (${g.b!.count})`}`);
  }
  return out.join('\n');
}

/** `--all`: one block per group with every metric of A and B and the change; under 100 columns. */
export function formatComparisonAll(c: Comparison): string {
  const out = header(c);
  for (const g of c.groups) {
    out.push('');
    const count = (r: SummaryRow | undefined): string => (r ? `${r.count} (${r.errors} errors)` : 'absent');
    out.push(`${g.phase} · ${memoryText(g.memoryMb)} MB · ${g.startType}    count A ${count(g.a)}, B ${count(g.b)}`);
    if (g.comparable) {
      out.push(g.median
        ? `  median change ${signed(g.median.diff, 'ms', 3)} ms, 95% CI ${interval(g.median)} ms: ${g.median.significant ? 'significant' : 'not significant'}`
        : '  median change: too few samples for an interval (6 per run needed)');
    } else out.push('  not comparable: in one run only');
    // 18 wide: a per-invocation cost with 6 significant digits and a sign still leaves a space.
    out.push(`  ${'metric'.padEnd(20)}${'A'.padStart(18)}${'B'.padStart(18)}${'change'.padStart(18)}${'change %'.padStart(11)}`);
    for (const m of g.metrics) {
      out.push(
        `  ${m.label.padEnd(20)}${value(m.a, m.unit).padStart(18)}${value(m.b, m.unit).padStart(18)}` +
          `${signed(m.change, m.unit).padStart(18)}${pct(m.changePct).padStart(11)}`,
      );
    }
  }
  return out.join('\n');
}

export const COMPARE_CSV_COLUMNS = [
  'phase', 'memory_mb', 'start_type', 'comparable', 'count_a', 'count_b',
  'client_p50_a_ms', 'client_p50_b_ms', 'client_p50_change_ms', 'client_p50_change_pct',
  'client_p50_change_low_ms', 'client_p50_change_high_ms', 'significant',
  'client_p90_a_ms', 'client_p90_b_ms', 'client_p90_change_ms',
  'client_p99_a_ms', 'client_p99_b_ms', 'client_p99_change_ms',
  'cost_per_invocation_a_usd', 'cost_per_invocation_b_usd', 'cost_change_pct',
] as const;

/** `--format csv`: one row per group, the CSV rules of docs/result-files.md; `significant` empty where it cannot be told. */
export function formatComparisonCsv(c: Comparison): string {
  const pctCell = (v: number | undefined): string => (v === undefined ? '' : formatSignificant(v, 6));
  const rows = c.groups.map((g) => {
    const m = (k: MetricKey): MetricChange | undefined => metric(g, k);
    return [
      g.phase, formatInt(g.memoryMb), g.startType, formatBool(g.comparable), formatInt(g.a?.count), formatInt(g.b?.count),
      formatMs(m('client_p50_ms')?.a), formatMs(m('client_p50_ms')?.b), formatMs(m('client_p50_ms')?.change), pctCell(m('client_p50_ms')?.changePct),
      formatMs(g.median?.low), formatMs(g.median?.high), g.median ? formatBool(g.median.significant) : '',
      formatMs(m('client_p90_ms')?.a), formatMs(m('client_p90_ms')?.b), formatMs(m('client_p90_ms')?.change),
      formatMs(m('client_p99_ms')?.a), formatMs(m('client_p99_ms')?.b), formatMs(m('client_p99_ms')?.change),
      formatCost(m('cost_per_invocation_usd')?.a), formatCost(m('cost_per_invocation_usd')?.b), pctCell(m('cost_per_invocation_usd')?.changePct),
    ];
  });
  return csvText([[...COMPARE_CSV_COLUMNS], ...rows]);
}
