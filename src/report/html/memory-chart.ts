// Duration and cost against memory, the chart a memory decision is made on:
// for one phase and start type, the client p50 of each memory setting with
// its 95% interval (left axis) and the cost per million invocations as bars
// (right axis), the recommended setting outlined.

import { formatMs, formatSignificant } from '../format';
import type { SummaryRow } from '../summary';
import { DEFAULT_BOX, escapeHtml, linearScale, niceTicks, openFrame, plotArea, px, type Box } from '../svg';
import { figureHtml, type LegendItem } from './figure';
import { intervalOf } from './intervals';
import { memoryLabel, START_COLOURS } from './palette';
import type { Pick } from './verdict-read';

const BOX: Box = { ...DEFAULT_BOX, right: 74 };
const COST_COLOUR = '#8E8E8E';

/** Rows of one phase and start type, one per memory setting, in ascending memory. */
export function memoryChart(
  phase: string,
  start: 'cold' | 'restore' | 'warm' | 'unknown',
  rows: readonly SummaryRow[],
  recommended: { readonly pick: Pick; readonly pooled: boolean } | undefined,
): string {
  const sorted = [...rows].sort((a, b) => (a.memory_mb ?? Infinity) - (b.memory_mb ?? Infinity));
  const a = plotArea(BOX);
  const band = (a.x1 - a.x0) / Math.max(1, sorted.length);
  const cx = (i: number): number => a.x0 + band * (i + 0.5);
  const iv = sorted.map((r) => intervalOf(r, 'p50'));
  const yMax = Math.max(0, ...sorted.map((r, i) => Math.max(r.client_p50_ms ?? 0, iv[i]?.high ?? 0)));
  const yTicks = niceTicks(yMax);
  const y = linearScale(0, yTicks[yTicks.length - 1].value, a.y0, a.y1);
  const costs = sorted.map((r) => r.cost_per_million_usd);
  const cMax = Math.max(0, ...costs.map((c) => c ?? 0));
  const cTicks = niceTicks(cMax);
  const c = linearScale(0, cTicks[cTicks.length - 1].value, a.y0, a.y1);
  const hasCost = costs.some((v) => v !== undefined);
  const title = `${phase} · ${start} · p50 and cost against memory`;
  const parts = openFrame({
    box: BOX,
    title,
    xLabel: 'memory setting',
    yLabel: `${start} client p50 (ms)`,
    xTicks: [],
    yTicks,
    x: (v) => v,
    y,
    ...(hasCost ? { y2: { label: 'USD per million invocations', ticks: cTicks, scale: c } } : {}),
  });
  // The recommended setting's outline goes under the marks.
  const recIndex = recommended ? sorted.findIndex((r) => r.memory_mb === recommended.pick.memoryMb) : -1;
  if (recommended && recIndex >= 0) {
    const x = cx(recIndex);
    parts.push(
      `<rect class="mark rec" x="${px(x - band / 2 + 3)}" y="${a.y1 + 3}" width="${px(band - 6)}" height="${a.y0 - a.y1 - 6}" fill="#2E7D32" fill-opacity="0.06" stroke="#2E7D32" stroke-width="2" stroke-dasharray="6 3"/>`,
      `<text x="${px(x)}" y="${a.y1 + 17}" class="xl rec-label">${escapeHtml(`recommended (${recommended.pick.strategy}${recommended.pooled ? ', all phases' : ''})`)}</text>`,
    );
  }
  sorted.forEach((r, i) => {
    parts.push(`<text x="${px(cx(i))}" y="${a.y0 + 16}" class="xl">${escapeHtml(memoryLabel(r.memory_mb))}</text>`);
    const cost = r.cost_per_million_usd;
    if (cost !== undefined) {
      const top = c(cost);
      parts.push(
        `<rect class="mark cost" x="${px(cx(i) - band * 0.3)}" y="${px(top)}" width="${px(band * 0.6)}" height="${px(Math.max(0.5, a.y0 - top))}" fill="${COST_COLOUR}" fill-opacity="0.35"><title>${escapeHtml(`${memoryLabel(r.memory_mb)}: ${formatSignificant(cost, 4)} USD per million`)}</title></rect>`,
      );
    }
  });
  const colour = START_COLOURS[start];
  const line = sorted
    .map((r, i) => (r.client_p50_ms === undefined ? undefined : `${px(cx(i))},${px(y(r.client_p50_ms))}`))
    .filter((p): p is string => p !== undefined);
  if (line.length > 1) parts.push(`<polyline class="mark" points="${line.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
  sorted.forEach((r, i) => {
    const x = cx(i);
    const ci = iv[i];
    if (ci) {
      const [lo, hi] = [px(y(ci.low)), px(y(ci.high))];
      parts.push(
        `<path class="mark ci" d="M${px(x)} ${lo}V${hi}M${px(x - 5)} ${lo}H${px(x + 5)}M${px(x - 5)} ${hi}H${px(x + 5)}" stroke="${colour}" stroke-width="1.5" fill="none"/>`,
      );
    }
    if (r.client_p50_ms !== undefined) {
      const tip = `${memoryLabel(r.memory_mb)}: p50 ${formatMs(r.client_p50_ms)} ms${ci ? ` (95% CI ${formatMs(ci.low)}–${formatMs(ci.high)})` : ''}, n=${r.count}`;
      parts.push(`<circle class="mark" cx="${px(x)}" cy="${px(y(r.client_p50_ms))}" r="4" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`);
    }
  });
  parts.push('</svg>');

  const legend: LegendItem[] = [
    { label: `${start} p50${iv.some((v) => v) ? ' with 95% CI' : ''}`, colour, mark: 'line' },
    ...(hasCost ? [{ label: 'cost per million invocations', colour: COST_COLOUR, mark: 'bar' as const }] : []),
    ...(recIndex >= 0 ? [{ label: 'recommended setting', colour: '#2E7D32', mark: 'dashed' as const }] : []),
  ];
  const rowsOut = sorted.map((r, i) => [
    memoryLabel(r.memory_mb),
    String(r.count),
    formatMs(r.client_p50_ms),
    formatMs(iv[i]?.low),
    formatMs(iv[i]?.high),
    formatMs(r.client_p99_ms),
    formatSignificant(r.cost_per_million_usd, 4),
    i === recIndex ? 'yes' : '',
  ]);
  const note = iv.every((v) => v === undefined)
    ? 'No 95% interval in summary.csv for these groups (too few samples, or a result written before intervals existed): the p50 is drawn alone.'
    : undefined;
  return figureHtml(parts.join('\n'), legend, {
    caption: title,
    head: ['memory', 'n', 'p50 ms', '95% CI low', '95% CI high', 'p99 ms', 'USD per million', 'recommended'],
    rows: rowsOut,
  }, note);
}
