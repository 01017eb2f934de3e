// Latency over the run's time, one chart per phase: each invocation a dot at
// its start (seconds since the run began) and its client latency, coloured by
// memory setting; cold starts (and SnapStart restores) drawn as rings, failed
// invocations as crosses. An open-model phase (rate, ramp) that outruns its
// environments shows its queueing here as latency that climbs with time.

import { formatMs } from '../format';
import { DEFAULT_BOX, escapeHtml, linearScale, logScale, logTicks, openFrame, rangeTicks, plotArea, px } from '../svg';
import { figureHtml, type LegendItem } from './figure';
import { memoryColours, memoryLabel, sortMemories } from './palette';
import type { TimePoint, TimeSeries } from './samples';

/** Time slices in each phase's table. */
const SLICES = 6;

const secs = (ms: number): string => (Math.round(ms) / 1000).toFixed(3);

export function timelineCharts(series: readonly TimeSeries[], originMs: number): string[] {
  const colourOf = memoryColours(series.map((s) => s.memoryMb));
  const phases = [...new Set(series.map((s) => s.phase))];
  const out: string[] = [];
  for (const phase of phases) {
    const mine = series.filter((s) => s.phase === phase);
    const all = mine.flatMap((s) => [...s.points, ...s.coldPoints]);
    const timed = all.filter((p) => Number.isFinite(p.clientMs));
    if (timed.length === 0) continue;
    const t0 = Math.min(...all.map((p) => p.atMs)) - originMs;
    const t1 = Math.max(...all.map((p) => p.atMs)) - originMs;
    const xTicks = rangeTicks(t0 / 1000, Math.max(t1, t0 + 1) / 1000);
    const lat = timed.map((p) => Math.max(p.clientMs, 0.01));
    const yTicks = logTicks(Math.min(...lat), Math.max(...lat, Math.min(...lat) * 2));
    const a = plotArea(DEFAULT_BOX);
    const x = linearScale(xTicks[0].value, xTicks[xTicks.length - 1].value, a.x0, a.x1);
    const y = logScale(yTicks[0].value, yTicks[yTicks.length - 1].value, a.y0, a.y1);
    const title = `${phase} · client latency over the run's time`;
    const parts = openFrame({ box: DEFAULT_BOX, title, xLabel: 'seconds since the run started', yLabel: 'client latency (ms, log scale)', xTicks, yTicks, x, y });
    const legend: LegendItem[] = [];
    const order = sortMemories(mine.map((s) => s.memoryMb));
    const sortedSeries = [...mine].sort((p, q) => order.indexOf(p.memoryMb) - order.indexOf(q.memoryMb));
    let anyCold = false;
    let anyFailed = false;
    let thinned = false;
    for (const s of sortedSeries) {
      const colour = colourOf(s.memoryMb);
      const dot = (p: TimePoint, r: number, cls: string, extra: string): string => {
        const cx = px(x((p.atMs - originMs) / 1000));
        const cy = px(y(Math.max(p.clientMs, 0.01)));
        const tip = `${memoryLabel(s.memoryMb)} ${p.startType}${p.failed ? ' failed' : ''} at ${secs(p.atMs - originMs)} s: ${formatMs(p.clientMs)} ms`;
        if (p.failed) {
          anyFailed = true;
          return `<path class="mark fail" d="M${Number(cx) - 4} ${Number(cy) - 4}l8 8m0 -8l-8 8" stroke="#B00020" stroke-width="2"><title>${escapeHtml(tip)}</title></path>`;
        }
        return `<circle class="mark ${cls}" cx="${cx}" cy="${cy}" r="${r}" ${extra}><title>${escapeHtml(tip)}</title></circle>`;
      };
      for (const p of s.points) if (Number.isFinite(p.clientMs)) parts.push(dot(p, 2.2, 'w', `fill="${colour}" fill-opacity="0.7"`));
      for (const p of s.coldPoints) {
        if (!Number.isFinite(p.clientMs)) continue;
        anyCold = true;
        parts.push(dot(p, 4.5, 'c', `fill="none" stroke="${colour}" stroke-width="2"`));
      }
      if (s.stride > 1 || s.coldStride > 1) thinned = true;
      legend.push({ label: memoryLabel(s.memoryMb), colour, mark: 'dot' });
    }
    parts.push('</svg>');
    if (anyCold) legend.push({ label: 'cold start (ring)', colour: '#555555', mark: 'ring' });
    if (anyFailed) legend.push({ label: 'failed (cross)', colour: '#B00020', mark: 'dot' });

    // The table: each memory setting's rows in time slices of the phase.
    const rows: string[][] = [];
    for (const s of sortedSeries) {
      const pts = [...s.points, ...s.coldPoints];
      if (pts.length === 0) continue;
      // Each memory setting sliced over its own span: settings run one after another (or in rounds).
      const s0 = Math.min(...pts.map((p) => p.atMs)) - originMs;
      const s1 = Math.max(...pts.map((p) => p.atMs)) - originMs;
      const width = Math.max(1, (s1 - s0) / SLICES);
      for (let i = 0; i < SLICES; i++) {
        const from = s0 + i * width;
        const to = i === SLICES - 1 ? s1 + 1 : from + width;
        const slice = pts.filter((p) => p.atMs - originMs >= from && p.atMs - originMs < to);
        if (slice.length === 0) continue;
        const ms = slice.map((p) => p.clientMs).filter(Number.isFinite).sort((p, q) => p - q);
        const p50 = ms.length > 0 ? ms[Math.max(0, Math.ceil(ms.length / 2) - 1)] : Number.NaN;
        rows.push([
          memoryLabel(s.memoryMb),
          secs(from),
          secs(Math.min(to, s1)),
          String(slice.length),
          String(slice.filter((p) => p.startType === 'cold' || p.startType === 'restore').length),
          String(slice.filter((p) => p.failed).length),
          formatMs(p50),
          formatMs(ms[ms.length - 1]),
        ]);
      }
    }
    const note = thinned ? 'A long run is thinned for drawing: every k-th invocation is drawn (cold starts apart), and the table counts the drawn ones.' : undefined;
    out.push(figureHtml(parts.join('\n'), legend, {
      caption: title,
      head: ['memory', 'from s', 'to s', 'invocations', 'cold', 'failed', 'p50 ms', 'max ms'],
      rows,
    }, note));
  }
  return out;
}
