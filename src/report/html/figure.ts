// A chart and its numbers side by side: the SVG, a legend, and a plain
// table holding the same figures (read by screen readers, copied into a
// spreadsheet).

import { escapeHtml } from '../svg';

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  /** How the item is drawn: a line (solid or dashed), a dot, a ring (a cold start) or a band. */
  readonly mark: 'line' | 'dashed' | 'dotted' | 'dot' | 'ring' | 'band' | 'bar';
  /** Fill opacity of a band or bar swatch, as drawn in the chart. */
  readonly opacity?: number;
}

export interface DataTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function legendHtml(items: readonly LegendItem[]): string {
  if (items.length === 0) return '';
  const li = items.map((i) => {
    const c = escapeHtml(i.colour);
    const swatch =
      i.mark === 'line' || i.mark === 'dashed' || i.mark === 'dotted'
        ? `<svg width="22" height="10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" stroke="${c}" stroke-width="2"${i.mark === 'dashed' ? ' stroke-dasharray="6 3"' : i.mark === 'dotted' ? ' stroke-dasharray="2 3"' : ''}/></svg>`
        : i.mark === 'ring'
          ? `<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" fill="none" stroke="${c}" stroke-width="2"/></svg>`
          : i.mark === 'band' || i.mark === 'bar'
            ? `<svg width="14" height="12" aria-hidden="true"><rect x="1" y="1" width="12" height="10" fill="${c}" fill-opacity="${i.opacity ?? (i.mark === 'band' ? 0.25 : 0.45)}"/></svg>`
            : `<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" fill="${c}"/></svg>`;
    return `<li>${swatch}${escapeHtml(i.label)}</li>`;
  });
  return `<ul class="legend">${li.join('')}</ul>`;
}

export function tableHtml(t: DataTable): string {
  const head = t.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="data"><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One chart with its legend and, beside it, its numbers. */
export function figureHtml(svg: string, legend: readonly LegendItem[], table: DataTable, note?: string): string {
  return [
    '<figure class="fig">',
    `<div class="plot">${svg}${legendHtml(legend)}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</div>`,
    `<div class="numbers">${tableHtml(table)}</div>`,
    '</figure>',
  ].join('\n');
}
