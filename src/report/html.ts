// report.html: one self-contained page (inline CSS and SVG, no script, no
// network): the run's facts, the summary table, percentile curves with each
// start type apart per phase × memory, and cost against latency per phase.

import type { GroupStats, RunTotals } from '../measure/histograms';
import { formatCost, formatMs } from './format';
import type { SummaryRow } from './summary';
import { chartSvg, escapeHtml, type Point, type Series, type Tick } from './svg';

export interface ReportContext {
  readonly runId: string;
  readonly scenario: string;
  readonly targetKind?: string;
  readonly function?: string;
  readonly region?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly status?: string;
  /** run.json's extra sections (estimate, recommendation, cost notes …) as [name, JSON text]. */
  readonly sections?: readonly (readonly [string, string])[];
}

const COLORS: Record<string, string> = { cold: '#d62728', restore: '#ff7f0e', warm: '#1f77b4', unknown: '#7f7f7f', all: '#2ca02c' };

/** Percentile levels drawn, on the usual HDR axis log10(1 / (1 − p)). */
const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999];
const AXIS_TICKS: readonly Tick[] = [
  { value: 0, label: '0%' },
  { value: 1, label: '90%' },
  { value: 2, label: '99%' },
  { value: 3, label: '99.9%' },
  { value: 4, label: '99.99%' },
  { value: 5, label: '99.999%' },
];

const percentileX = (p: number): number => Math.log10(1 / (1 - p / 100));

function percentileSeries(g: GroupStats, xMax: number): Series {
  const points: Point[] = [];
  for (const p of CURVE_PERCENTILES) {
    const x = percentileX(p);
    if (x > xMax + 1e-9) break;
    const us = g.client.percentileUs(p);
    if (us !== undefined) points.push({ x, y: us / 1000, label: `p${p}` });
  }
  return { name: g.startType, color: COLORS[g.startType] ?? '#000', points };
}

function percentileCharts(groups: readonly GroupStats[]): string[] {
  const bySet = new Map<string, GroupStats[]>();
  for (const g of groups) {
    if (g.startType === 'all') continue;
    const key = `${g.phase}\u0000${g.memoryMb ?? ''}`;
    const list = bySet.get(key) ?? [];
    list.push(g);
    bySet.set(key, list);
  }
  const out: string[] = [];
  for (const list of bySet.values()) {
    // The axis reaches only as far as the samples can tell: 100 samples say nothing about p99.9.
    const n = Math.max(...list.map((g) => g.client.count));
    const xMax = Math.min(5, Math.max(1, Math.ceil(Math.log10(Math.max(n, 1)))));
    const { phase, memoryMb } = list[0];
    out.push(
      chartSvg({
        title: `${phase} · ${memoryMb ?? 'default'} MB · client latency by percentile`,
        xLabel: 'percentile',
        yLabel: 'client latency (ms)',
        xTicks: AXIS_TICKS.filter((t) => t.value <= xMax),
        series: list.map((g) => percentileSeries(g, xMax)),
        lines: true,
      }),
    );
  }
  return out;
}

/** One chart per phase: each memory setting a point, p50 latency against cost per million. */
function costCharts(rows: readonly SummaryRow[]): string[] {
  const phases = [...new Set(rows.map((r) => r.phase))];
  const out: string[] = [];
  for (const phase of phases) {
    const series: Series[] = [];
    for (const type of ['cold', 'restore', 'warm', 'unknown'] as const) {
      const points: Point[] = rows
        .filter((r) => r.phase === phase && r.start_type === type)
        .filter((r) => r.client_p50_ms !== undefined && r.cost_per_million_usd !== undefined)
        .map((r) => ({ x: r.client_p50_ms ?? 0, y: r.cost_per_million_usd ?? 0, label: `${r.memory_mb ?? 'default'} MB` }));
      if (points.length > 0) series.push({ name: `${type} p50`, color: COLORS[type], points });
    }
    if (series.length === 0) continue;
    out.push(
      chartSvg({
        title: `${phase} · cost against latency per memory setting`,
        xLabel: 'client p50 (ms)',
        yLabel: 'USD per million invocations',
        series,
        lines: false,
      }),
    );
  }
  return out;
}

const TABLE_COLUMNS: readonly [string, (r: SummaryRow) => string][] = [
  ['phase', (r) => r.phase],
  ['memory MB', (r) => (r.memory_mb === undefined ? 'default' : String(r.memory_mb))],
  ['start', (r) => r.start_type],
  ['count', (r) => String(r.count)],
  ['errors', (r) => String(r.errors)],
  ['p50 ms', (r) => formatMs(r.client_p50_ms)],
  ['p90 ms', (r) => formatMs(r.client_p90_ms)],
  ['p99 ms', (r) => formatMs(r.client_p99_ms)],
  ['max ms', (r) => formatMs(r.client_max_ms)],
  ['init p50 ms', (r) => formatMs(r.init_p50_ms)],
  ['duration p50 ms', (r) => formatMs(r.duration_p50_ms)],
  ['billed mean ms', (r) => formatMs(r.billed_mean_ms)],
  ['USD per million', (r) => formatCost(r.cost_per_million_usd)],
  ['total USD', (r) => formatCost(r.total_cost_usd)],
];

function summaryTable(rows: readonly SummaryRow[]): string {
  const head = TABLE_COLUMNS.map(([h]) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr class="${r.start_type}">${TABLE_COLUMNS.map(([, f]) => `<td>${escapeHtml(f(r))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function facts(ctx: ReportContext, totals: RunTotals): string {
  const items: [string, string | undefined][] = [
    ['run', ctx.runId],
    ['target', ctx.targetKind],
    ['function', ctx.function],
    ['region', ctx.region],
    ['started', ctx.startedAt],
    ['ended', ctx.endedAt],
    ['status', ctx.status],
    ['invocations', `${totals.invocations} (cold ${totals.cold}, ${totals.restore > 0 ? `restore ${totals.restore}, ` : ''}warm ${totals.warm}, unknown ${totals.unknown})`],
    ['errors', String(totals.errors)],
    ['total cost (USD)', totals.costUsd === undefined ? undefined : formatCost(totals.costUsd)],
  ];
  return `<dl>${items
    .filter((i): i is [string, string] => i[1] !== undefined && i[1] !== '')
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('')}</dl>`;
}

function sections(ctx: ReportContext): string[] {
  if (!ctx.sections || ctx.sections.length === 0) return [];
  return [
    '<h2>Run notes (run.json)</h2>',
    ...ctx.sections.map(([name, json]) => `<details><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(json)}</pre></details>`),
  ];
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{color:#666}dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}
td:first-child,td:nth-child(3){text-align:left}
tr.all td{font-weight:600}
.chart{margin:8px 16px 8px 0;border:1px solid #eee}
.chart text{font-size:11px;fill:#333}.chart .t{font-size:13px;font-weight:600}
.chart .yl{text-anchor:end;dominant-baseline:middle}.chart .xl{text-anchor:middle}
.chart .g{stroke:#eee}.chart .frame{fill:none;stroke:#999}
.note{color:#666}
pre{background:#f8f8f8;padding:8px;overflow:auto}
`;

export function reportHtml(
  ctx: ReportContext,
  groups: readonly GroupStats[],
  rows: readonly SummaryRow[],
  totals: RunTotals,
): string {
  const curves = percentileCharts(groups);
  const costs = costCharts(rows);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>coldbench · ${escapeHtml(ctx.scenario)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>coldbench · ${escapeHtml(ctx.scenario)}</h1>`,
    facts(ctx, totals),
    '<h2>Summary</h2>',
    summaryTable(rows),
    '<p class="note">Latency is client-side, per attempt, failed attempts included. Percentiles are nearest-rank from HDR histograms (3 significant digits). Start type from the platform\'s report, text REPORT line or JSON platform.report: Init Duration (or a suppressed init\'s INIT_REPORT) = cold, Restore Duration = restore (SnapStart), neither = warm, no report = unknown.</p>',
    '<h2>Latency by percentile, each start type apart</h2>',
    curves.length > 0 ? curves.join('\n') : '<p class="note">No latency recorded.</p>',
    '<h2>Cost against latency</h2>',
    costs.length > 0 ? costs.join('\n') : '<p class="note">No cost recorded.</p>',
    ...sections(ctx),
    '</body></html>',
    '',
  ].join('\n');
}
