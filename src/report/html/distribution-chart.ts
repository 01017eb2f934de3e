// Latency distributions on shared axes: one chart per phase, every memory
// setting overlaid (colour), cold dashed and warm solid, on the HDR
// percentile axis log10(1 / (1 − p)) with labelled ticks at 50, 90, 99 and
// 99.9, and a log latency axis shared by every phase's chart so charts can
// be compared by eye. A curve stops where its samples stop telling: n
// samples say nothing beyond the percentile 100 × (1 − 1/n).

import type { GroupStats } from '../../measure/histograms';
import { formatMs } from '../format';
import { DEFAULT_BOX, escapeHtml, linearScale, logScale, logTicks, openFrame, plotArea, px, type Tick } from '../svg';
import { figureHtml, type LegendItem } from './figure';
import { memoryColours, memoryLabel, sortMemories } from './palette';

const PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9];
const X_TICKS: readonly Tick[] = [
  { value: 0, label: '0' },
  { value: percentileX(50), label: '50' },
  { value: 1, label: '90' },
  { value: 2, label: '99' },
  { value: 3, label: '99.9' },
];
const X_MAX = 3;
const TABLE_PERCENTILES = [50, 90, 99, 99.9];
const DRAWN = new Set(['cold', 'restore', 'warm', 'unknown']);
const DASH: Record<string, string> = { cold: '6 3', restore: '2 3', warm: '', unknown: '2 3' };
const LEGEND_MARK = { cold: 'dashed', restore: 'dotted', warm: 'line', unknown: 'dotted', all: 'line' } as const;

function percentileX(p: number): number {
  return Math.log10(1 / (1 - p / 100));
}

/** The highest percentile n samples can tell, on the x axis. */
const reach = (n: number): number => (n > 1 ? Math.log10(n) : 0);

interface Curve {
  readonly g: GroupStats;
  readonly points: readonly { p: number; ms: number }[];
}

function curveOf(g: GroupStats): Curve {
  const points: { p: number; ms: number }[] = [];
  const limit = reach(g.client.count) + 1e-9;
  for (const p of PERCENTILES) {
    if (percentileX(p) > limit) break;
    const us = g.client.percentileUs(p);
    if (us !== undefined) points.push({ p, ms: us / 1000 });
  }
  return { g, points };
}

/** One figure per phase, on axes shared by all of them. */
export function distributionCharts(groups: readonly GroupStats[]): string[] {
  const drawn = groups.filter((g) => DRAWN.has(g.startType) && g.client.count > 0);
  const curves = drawn.map(curveOf);
  const values = curves.flatMap((c) => c.points.map((p) => p.ms)).filter((v) => v > 0);
  if (values.length === 0) return [];
  const yMin = Math.max(0.01, Math.min(...values));
  const yMax = Math.max(...values, yMin * 2);
  const yTicks = logTicks(yMin, yMax);
  const colourOf = memoryColours(drawn.map((g) => g.memoryMb));
  const phases = [...new Set(drawn.map((g) => g.phase))];
  return phases.map((phase) => {
    const mine = curves.filter((c) => c.g.phase === phase);
    const a = plotArea(DEFAULT_BOX);
    const x = linearScale(0, X_MAX, a.x0, a.x1);
    const y = logScale(yTicks[0].value, yTicks[yTicks.length - 1].value, a.y0, a.y1);
    const title = `${phase} · client latency by percentile, every memory setting`;
    const parts = openFrame({ box: DEFAULT_BOX, title, xLabel: 'percentile', yLabel: 'client latency (ms, log scale)', xTicks: X_TICKS, yTicks, x, y });
    const legend: LegendItem[] = [];
    for (const c of mine) {
      const colour = colourOf(c.g.memoryMb);
      const name = `${memoryLabel(c.g.memoryMb)} ${c.g.startType}`;
      const pts = c.points.map((p) => `${px(x(percentileX(p.p)))},${px(y(p.ms))}`);
      const dash = DASH[c.g.startType] ? ` stroke-dasharray="${DASH[c.g.startType]}"` : '';
      if (pts.length > 1) parts.push(`<polyline class="mark" points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
      for (const p of c.points) {
        const tip = `${name}: p${p.p} ${formatMs(p.ms)} ms (n=${c.g.client.count})`;
        parts.push(`<circle class="mark" cx="${px(x(percentileX(p.p)))}" cy="${px(y(p.ms))}" r="2.5" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`);
      }
      legend.push({ label: `${name} (n=${c.g.client.count})`, colour, mark: LEGEND_MARK[c.g.startType] });
    }
    parts.push('</svg>');
    const order = sortMemories(mine.map((c) => c.g.memoryMb));
    const rows = [...mine]
      .sort((p, q) => order.indexOf(p.g.memoryMb) - order.indexOf(q.g.memoryMb) || p.g.startType.localeCompare(q.g.startType))
      .map((c) => [
        memoryLabel(c.g.memoryMb),
        c.g.startType,
        String(c.g.client.count),
        formatMs((c.g.client.percentileUs(0) ?? Number.NaN) / 1000),
        ...TABLE_PERCENTILES.map((p) => (percentileX(p) <= reach(c.g.client.count) + 1e-9 ? formatMs((c.g.client.percentileUs(p) ?? Number.NaN) / 1000) : '')),
        formatMs(c.g.client.maxUs / 1000),
      ]);
    return figureHtml(parts.join('\n'), legend, {
      caption: title,
      head: ['memory', 'start', 'n', 'min ms', ...TABLE_PERCENTILES.map((p) => `p${p} ms`), 'max ms'],
      rows,
    }, 'Empty cells: too few samples for that percentile to mean anything (n samples reach p = 100 × (1 − 1/n)).');
  });
}
