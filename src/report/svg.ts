// Tiny inline-SVG charts for report.html: no library, no script, no network.
// Every piece of text goes through escapeHtml.

/**
 * Escapes text for HTML content and attributes. Colons become an entity too,
 * so no user-supplied text (a phase named after a URL) reads as a link or a
 * network reference in the page source.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"':]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly label?: string;
}

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly Point[];
}

export interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Given x ticks (e.g. percentiles on a log axis); otherwise evenly spaced numbers. */
  readonly xTicks?: readonly Tick[];
  /** Draw lines between points (curves) or only markers (scatter). */
  readonly lines: boolean;
}

const W = 640;
const H = 320;
const M = { left: 64, right: 130, top: 30, bottom: 46 };

const num = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Axis ticks at 1, 2 or 5 × 10^k covering [0, max]. */
export function niceTicks(max: number, count = 5): Tick[] {
  if (!(max > 0)) return [{ value: 0, label: '0' }, { value: 1, label: '1' }];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: Tick[] = [];
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push({ value: v, label: v.toFixed(decimals) });
  if (ticks[ticks.length - 1].value < max) {
    const v = ticks[ticks.length - 1].value + step;
    ticks.push({ value: v, label: v.toFixed(decimals) });
  }
  return ticks;
}

export function chartSvg(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const xTicks = spec.xTicks ?? niceTicks(Math.max(0, ...all.map((p) => p.x)));
  const yTicks = niceTicks(Math.max(0, ...all.map((p) => p.y)));
  const xMin = spec.xTicks ? xTicks[0].value : 0;
  const xMax = Math.max(xTicks[xTicks.length - 1].value, xMin + 1e-12);
  const yMax = Math.max(yTicks[yTicks.length - 1].value, 1e-12);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const sx = (x: number): number => M.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number): number => M.top + plotH - (y / yMax) * plotH;

  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  parts.push(`<text x="${M.left}" y="18" class="t">${escapeHtml(spec.title)}</text>`);
  for (const t of yTicks) {
    const y = num(sy(t.value));
    parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y}" y2="${y}" class="g"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" class="yl">${escapeHtml(t.label)}</text>`);
  }
  for (const t of xTicks) {
    const x = num(sx(t.value));
    parts.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${M.top + plotH}" class="g"/>`);
    parts.push(`<text x="${x}" y="${M.top + plotH + 16}" class="xl">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${H - 8}" class="xl">${escapeHtml(spec.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" class="xl">${escapeHtml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const pts = s.points.map((p) => `${num(sx(p.x))},${num(sy(p.y))}`);
    if (spec.lines && pts.length > 1) {
      parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="2"/>`);
    }
    for (const p of s.points) {
      const tip = `${s.name}${p.label ? ` ${p.label}` : ''}: ${p.y}`;
      parts.push(
        `<circle cx="${num(sx(p.x))}" cy="${num(sy(p.y))}" r="${spec.lines ? 2.5 : 4}" fill="${escapeHtml(s.color)}"><title>${escapeHtml(tip)}</title></circle>`,
      );
      if (!spec.lines && p.label) {
        parts.push(`<text x="${num(sx(p.x) + 6)}" y="${num(sy(p.y) - 6)}" class="pl">${escapeHtml(p.label)}</text>`);
      }
    }
    const ly = M.top + 14 + i * 18;
    parts.push(`<rect x="${W - M.right + 12}" y="${ly - 9}" width="12" height="12" fill="${escapeHtml(s.color)}"/>`);
    parts.push(`<text x="${W - M.right + 30}" y="${ly + 1}" class="lg">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
