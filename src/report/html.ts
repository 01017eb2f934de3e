// report.html: one self-contained page (inline CSS and SVG written at build
// time, no script, no network), the verdict first: the recommendation and
// the headline figures; then duration and cost against memory, latency
// distributions on shared axes, latency over the run's time, idle gaps,
// errors, and every number of summary.csv. Each chart has its numbers in a
// table beside it. The page holds no build time: built again from the same
// result folder (`coldbench report`), it is the same byte for byte.

import type { GroupStats, RunTotals } from '../measure/histograms';
import { formatCost, formatMs } from './format';
import { distributionCharts } from './html/distribution-chart';
import { errorsSection } from './html/errors';
import { idleGapCharts, idleGapPhases } from './html/idle-gaps';
import { memoryChart } from './html/memory-chart';
import { ReportSamples } from './html/samples';
import { STYLE } from './html/style';
import { timelineCharts } from './html/timeline-chart';
import { verdictSection } from './html/verdict';
import { readVerdict, recommendedFor } from './html/verdict-read';
import type { SummaryRow } from './summary';
import { escapeHtml } from './svg';

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
  /** run.json as parsed (the recommendation, the scenario's phases); the same object whether written by the run or read back. */
  readonly run?: Readonly<Record<string, unknown>>;
  /** The rows' samples (time points, idle gaps, errors), fed the rows in file order. */
  readonly samples?: ReportSamples;
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
  const head = TABLE_COLUMNS.map(([h]) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr class="${r.start_type}">${TABLE_COLUMNS.map(([, f]) => `<td>${escapeHtml(f(r))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="data summary"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
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
  return `<dl class="facts">${items
    .filter((i): i is [string, string] => i[1] !== undefined && i[1] !== '')
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('')}</dl>`;
}

function sections(ctx: ReportContext): string[] {
  if (!ctx.sections || ctx.sections.length === 0) return [];
  return [
    '<h2 id="notes">Run notes (run.json)</h2>',
    ...ctx.sections.map(([name, json]) => `<details><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(json)}</pre></details>`),
  ];
}

const START_ORDER = ['cold', 'restore', 'warm', 'unknown'] as const;

function memoryCharts(rows: readonly SummaryRow[], ctx: ReportContext): string[] {
  const verdict = readVerdict(ctx.run?.recommendation);
  const out: string[] = [];
  for (const phase of [...new Set(rows.map((r) => r.phase))]) {
    for (const start of START_ORDER) {
      const mine = rows.filter((r) => r.phase === phase && r.start_type === start && r.client_p50_ms !== undefined);
      if (mine.length === 0) continue;
      out.push(memoryChart(phase, start, mine, recommendedFor(verdict, phase, start)));
    }
  }
  return out;
}

/** The run's start as ms since the epoch: run.json's started_at, else the first invocation. */
function originMs(ctx: ReportContext, samples: ReportSamples): number {
  const t = ctx.startedAt === undefined ? Number.NaN : Date.parse(ctx.startedAt);
  return Number.isFinite(t) ? t : (samples.earliestMs ?? 0);
}

function block(id: string, title: string, intro: string, items: readonly string[], empty: string): string[] {
  return [
    `<section id="${id}"><h2>${escapeHtml(title)}</h2>`,
    intro ? `<p class="intro">${escapeHtml(intro)}</p>` : '',
    items.length > 0 ? items.join('\n') : `<p class="note">${escapeHtml(empty)}</p>`,
    '</section>',
  ];
}

export function reportHtml(
  ctx: ReportContext,
  groups: readonly GroupStats[],
  rows: readonly SummaryRow[],
  totals: RunTotals,
): string {
  const samples = ctx.samples ?? new ReportSamples();
  const verdict = readVerdict(ctx.run?.recommendation);
  const gapPhases = idleGapPhases(ctx.run?.scenario_source);
  const gapCharts = idleGapCharts(samples.timeSeries(), gapPhases);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>coldbench · ${escapeHtml(ctx.scenario)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>coldbench · ${escapeHtml(ctx.scenario)}</h1>`,
    facts(ctx, totals),
    '</header>',
    `<section id="verdict"><h2>Verdict</h2>`,
    verdictSection(verdict, rows),
    '</section>',
    ...block('memory', 'Duration and cost against memory',
      'Client p50 per memory setting with its 95% interval (left axis) and the cost per million invocations (bars, right axis), cold and warm apart, per phase.',
      memoryCharts(rows, ctx), 'No latency recorded.'),
    ...block('distributions', 'Latency distributions',
      'One chart per phase, every memory setting overlaid; cold dashed, warm solid, restore and unknown dotted. All these charts share their axes.',
      distributionCharts(groups), 'No latency recorded.'),
    ...block('time', "Latency over the run's time",
      'Each invocation at its start; rings are cold starts. A rate or ramp phase that outruns its environments shows its queueing as latency rising with time.',
      timelineCharts(samples.timeSeries(), originMs(ctx, samples)), 'No invocation recorded.'),
    ...(gapCharts.length > 0 ? block('gaps', 'Idle gaps: which came back cold', '', gapCharts, '') : []),
    '<section id="errors"><h2>Errors</h2>',
    errorsSection(samples),
    '</section>',
    '<section id="summary"><h2>All figures (summary.csv)</h2>',
    summaryTable(rows),
    '<p class="note">Latency is client-side, per attempt, failed attempts included. Percentiles are nearest-rank from HDR histograms (3 significant digits). Start type from the platform\'s report, text REPORT line or JSON platform.report: Init Duration (or a suppressed init\'s INIT_REPORT) = cold, Restore Duration = restore (SnapStart), neither = warm, no report = unknown.</p>',
    '</section>',
    ...sections(ctx),
    '</body></html>',
    '',
  ].join('\n');
}
