// For each idle-gaps phase, which gaps came back cold: a grid with one row
// per memory setting and one cell per invocation (the warm-up, then one per
// gap), coloured by start type. The gaps are named as the scenario gave them
// (run.json's scenario_source) and measured: the idle time from the end of
// the invocation before to the start of this one.

import { formatMs } from '../format';
import { escapeHtml, px } from '../svg';
import { figureHtml, type LegendItem } from './figure';
import { memoryLabel, sortMemories, START_COLOURS } from './palette';
import type { TimeSeries } from './samples';

const cellOpacity = (t: string): number => (t === 'warm' ? 0.75 : 0.95);

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The idle-gaps phases of the scenario, each with its gaps as written. */
export function idleGapPhases(scenarioSource: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isObject(scenarioSource) || !Array.isArray(scenarioSource.phases)) return out;
  for (const p of scenarioSource.phases) {
    if (!isObject(p) || p.pattern !== 'idle-gaps' || typeof p.name !== 'string') continue;
    const gaps = Array.isArray(p.gaps) ? p.gaps.map((g) => (typeof g === 'number' ? `${g} ms` : String(g))) : [];
    out.set(p.name, gaps);
  }
  return out;
}

export function idleGapCharts(series: readonly TimeSeries[], phases: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [phase, gaps] of phases) {
    const mine = series.filter((s) => s.phase === phase);
    if (mine.length === 0) continue;
    const order = sortMemories(mine.map((s) => s.memoryMb));
    const sorted = [...mine].sort((p, q) => order.indexOf(p.memoryMb) - order.indexOf(q.memoryMb));
    const cols = Math.max(...sorted.map((s) => s.first.length));
    const cell = Math.max(36, Math.min(90, Math.floor(520 / Math.max(1, cols))));
    const left = 86;
    const top = 52;
    const rowH = 34;
    const width = left + cols * cell + 16;
    const height = top + sorted.length * rowH + 30;
    const title = `${phase} · which gaps came back cold`;
    const parts: string[] = [
      `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
      `<title>${escapeHtml(title)}</title>`,
      `<text x="8" y="18" class="t">${escapeHtml(title)}</text>`,
    ];
    for (let i = 0; i < cols; i++) {
      const label = i === 0 ? 'warm-up' : (gaps[i - 1] ?? `gap ${i}`);
      parts.push(`<text x="${px(left + cell * (i + 0.5))}" y="${top - 8}" class="xl">${escapeHtml(label)}</text>`);
    }
    const rows: string[][] = [];
    sorted.forEach((s, r) => {
      const y = top + r * rowH;
      parts.push(`<text x="${left - 8}" y="${px(y + rowH / 2 - 2)}" class="yl">${escapeHtml(memoryLabel(s.memoryMb))}</text>`);
      s.first.forEach((p, i) => {
        const prev = i > 0 ? s.first[i - 1] : undefined;
        const idleMs = prev && Number.isFinite(prev.clientMs) ? p.atMs - prev.atMs - prev.clientMs : undefined;
        const colour = START_COLOURS[p.startType];
        const label = i === 0 ? 'warm-up' : (gaps[i - 1] ?? `gap ${i}`);
        const tip = `${memoryLabel(s.memoryMb)} · ${label}: ${p.startType}${p.failed ? ' (failed)' : ''}, ${formatMs(p.clientMs)} ms${idleMs !== undefined ? `, idle ${(idleMs / 1000).toFixed(3)} s before` : ''}`;
        parts.push(
          `<rect class="mark" x="${px(left + i * cell + 2)}" y="${y + 2}" width="${cell - 4}" height="${rowH - 8}" rx="3" fill="${colour}" fill-opacity="${cellOpacity(p.startType)}"${p.failed ? ' stroke="#B00020" stroke-width="2.5"' : ''}><title>${escapeHtml(tip)}</title></rect>`,
          `<text x="${px(left + cell * (i + 0.5))}" y="${px(y + rowH / 2 - 2)}" class="cell">${escapeHtml(p.failed ? `${p.startType} ✗` : p.startType)}</text>`,
        );
        rows.push([
          memoryLabel(s.memoryMb),
          String(i),
          label,
          idleMs === undefined ? '' : (idleMs / 1000).toFixed(3),
          p.startType,
          p.failed ? 'failed' : 'ok',
          formatMs(p.clientMs),
        ]);
      });
    });
    parts.push(`<text x="8" y="${height - 8}" class="note-s">each cell one invocation, left to right in the order run; ✗ failed</text>`);
    parts.push('</svg>');
    const present = [...new Set(sorted.flatMap((s) => s.first.map((p) => p.startType)))];
    const legend: LegendItem[] = present.map((t) => ({ label: t, colour: START_COLOURS[t], mark: 'band', opacity: cellOpacity(t) }));
    out.push(figureHtml(parts.join('\n'), legend, {
      caption: title,
      head: ['memory', '#', 'gap (scenario)', 'measured idle s', 'start', 'status', 'client ms'],
      rows,
    }));
  }
  return out;
}
