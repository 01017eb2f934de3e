// SVG written at build time for report.html: scales, ticks and a plot frame
// (grid, axes, labels). No library, no script, no network. Every piece of
// text goes through escapeHtml; every coordinate is rounded to 0.1 px so the
// page is the same byte for byte however it was built.

/**
 * Escapes text for HTML content and attributes. Colons become an entity too,
 * so no user-supplied text (a phase named after a URL) reads as a link or a
 * network reference in the page source.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"':]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** A coordinate as written: 0.1 px. */
export const px = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Axis ticks at 1, 2 or 5 × 10^k covering [0, max]. */
export function niceTicks(max: number, count = 5): Tick[] {
  if (!(max > 0)) return [{ value: 0, label: '0' }, { value: 1, label: '1' }];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: Tick[] = [];
  for (let i = 0; ; i++) {
    const v = i * step;
    ticks.push({ value: v, label: v.toFixed(decimals) });
    if (v >= max - step * 1e-9) break;
  }
  return ticks;
}

/** Axis ticks at 1, 2 or 5 × 10^k covering [min, max], starting at a multiple of the step at or below min. */
export function rangeTicks(min: number, max: number, count = 5): Tick[] {
  const span = max - min;
  if (!(span > 0)) return [{ value: min, label: String(min) }, { value: min + 1, label: String(min + 1) }];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const first = Math.floor(min / step + 1e-9);
  const ticks: Tick[] = [];
  for (let i = first; ; i++) {
    const v = i * step;
    ticks.push({ value: v, label: v.toFixed(decimals) });
    if (v >= max - step * 1e-9) break;
  }
  return ticks;
}

/** Ticks at 1, 2, 5 × 10^k spanning [min, max] (both > 0), for a log axis. */
export function logTicks(min: number, max: number): Tick[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const ticks: Tick[] = [];
  for (let k = lo; k <= hi; k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      const label = k >= 0 ? String(m * 10 ** k) : v.toFixed(-k);
      ticks.push({ value: v, label });
    }
  }
  // Trim to one tick either side of the data.
  const first = Math.max(0, ticks.findIndex((t) => t.value > min * (1 + 1e-9)) - 1);
  let last = ticks.findIndex((t) => t.value >= max * (1 - 1e-9));
  if (last < 0) last = ticks.length - 1;
  return ticks.slice(first, last + 1);
}

export type Scale = (v: number) => number;

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  return (v) => r0 + ((Math.log10(Math.max(v, d0 * 1e-3)) - l0) / span) * (r1 - r0);
}

export interface Box {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const DEFAULT_BOX: Box = { width: 600, height: 300, left: 62, right: 20, top: 30, bottom: 46 };

export interface FrameSpec {
  readonly box: Box;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly x: Scale;
  readonly y: Scale;
  /** A second y axis on the right (e.g. cost). */
  readonly y2?: { readonly label: string; readonly ticks: readonly Tick[]; readonly scale: Scale };
}

/** The plot area's bounds in pixels. */
export function plotArea(box: Box): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: box.left, x1: box.width - box.right, y0: box.height - box.bottom, y1: box.top };
}

/** Opens an <svg> with its title, grid, axes and labels; the caller adds the marks and closes it with `</svg>`. */
export function openFrame(f: FrameSpec): string[] {
  const { box } = f;
  const a = plotArea(box);
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${box.width} ${box.height}" width="${box.width}" height="${box.height}" role="img" aria-label="${escapeHtml(f.title)}">`,
  );
  parts.push(`<title>${escapeHtml(f.title)}</title>`);
  parts.push(`<text x="${a.x0}" y="18" class="t">${escapeHtml(f.title)}</text>`);
  for (const t of f.yTicks) {
    const y = px(f.y(t.value));
    parts.push(`<line x1="${a.x0}" x2="${a.x1}" y1="${y}" y2="${y}" class="g"/><text x="${a.x0 - 6}" y="${y}" class="yl">${escapeHtml(t.label)}</text>`);
  }
  for (const t of f.xTicks) {
    const x = px(f.x(t.value));
    parts.push(`<line x1="${x}" x2="${x}" y1="${a.y1}" y2="${a.y0}" class="g"/><text x="${x}" y="${a.y0 + 16}" class="xl">${escapeHtml(t.label)}</text>`);
  }
  if (f.y2) {
    for (const t of f.y2.ticks) {
      const y = px(f.y2.scale(t.value));
      parts.push(`<line x1="${a.x1}" x2="${a.x1 + 4}" y1="${y}" y2="${y}" class="ax2"/><text x="${a.x1 + 7}" y="${y}" class="yr">${escapeHtml(t.label)}</text>`);
    }
    parts.push(`<text transform="translate(${box.width - 10} ${px((a.y0 + a.y1) / 2)}) rotate(90)" class="xl ax2l">${escapeHtml(f.y2.label)}</text>`);
  }
  parts.push(`<rect x="${a.x0}" y="${a.y1}" width="${a.x1 - a.x0}" height="${a.y0 - a.y1}" class="frame"/>`);
  parts.push(`<text x="${px((a.x0 + a.x1) / 2)}" y="${box.height - 8}" class="xl">${escapeHtml(f.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${px((a.y0 + a.y1) / 2)}) rotate(-90)" class="xl">${escapeHtml(f.yLabel)}</text>`);
  return parts;
}
