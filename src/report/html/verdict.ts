// The page's first section: the recommendation per phase and start type with
// what it rests on, then the headline cold and warm figures of every memory
// setting, each p50 with its 95% interval when summary.csv has one.

import { formatMs, formatSignificant } from '../format';

/** Costs shown to 4 significant digits: summary.csv keeps them all. */
const usd = (v: number | undefined): string => formatSignificant(v, 4);
const ms1 = (v: number): string => (Math.round(v * 10) / 10).toFixed(1);
import type { SummaryRow } from '../summary';
import { escapeHtml } from '../svg';
import { intervalOf, type Interval } from './intervals';
import { memoryLabel, sortMemories } from './palette';
import type { Pick, Verdict, VerdictEntry } from './verdict-read';

const ciText = (iv: Interval | undefined): string => (iv ? `[${formatMs(iv.low)}–${formatMs(iv.high)}]` : '');

function pickLine(p: Pick): string {
  const figures = [
    p.p50Ms !== undefined ? `p50 ${ms1(p.p50Ms)} ms` : undefined,
    p.p99Ms !== undefined ? `p99 ${ms1(p.p99Ms)} ms` : undefined,
    p.costPerInvocationUsd !== undefined ? `${usd(p.costPerInvocationUsd * 1e6)} USD per million` : undefined,
    ...p.notes,
  ].filter((s): s is string => s !== undefined);
  return `<li><b>${escapeHtml(p.strategy)}</b>: <span class="mem">${escapeHtml(memoryLabel(p.memoryMb))}</span>${figures.length > 0 ? ` <span class="fig-s">${escapeHtml(figures.join(' · '))}</span>` : ''}</li>`;
}

/**
 * What the intervals say about the recommended setting against the others of
 * its phase and start type: settings whose p50 interval overlaps it are not
 * told apart from it by this run.
 */
function overlapNote(entry: VerdictEntry, rows: readonly SummaryRow[]): string | undefined {
  if (entry.phase === undefined) return undefined;
  const pick = entry.picks.find((p) => p.strategy === 'balanced') ?? entry.picks[0];
  const mine = rows.filter((r) => r.phase === entry.phase && r.start_type === entry.start);
  const chosen = mine.find((r) => r.memory_mb === pick.memoryMb);
  const civ = chosen ? intervalOf(chosen, 'p50') : undefined;
  if (!civ) return undefined;
  const same: string[] = [];
  const apart: string[] = [];
  for (const r of mine) {
    if (r === chosen) continue;
    const iv = intervalOf(r, 'p50');
    if (!iv) continue;
    (iv.low <= civ.high && civ.low <= iv.high ? same : apart).push(memoryLabel(r.memory_mb));
  }
  if (same.length === 0 && apart.length === 0) return undefined;
  return [
    same.length > 0 ? `p50 intervals overlap ${pick.memoryMb} MB's for ${same.join(', ')}: not told apart by this run` : '',
    apart.length > 0 ? `apart from ${apart.join(', ')}` : '',
  ].filter((s) => s !== '').join('; ') + '.';
}

function verdictCards(verdict: Verdict | undefined, rows: readonly SummaryRow[]): string {
  if (!verdict || verdict.entries.length === 0) {
    const memories = new Set(rows.map((r) => r.memory_mb));
    return `<p class="verdict-none">No memory recommendation: ${memories.size > 1 ? 'run.json holds none for this run' : 'the run measured one memory setting, so there was nothing to choose between'}.</p>`;
  }
  const cards = verdict.entries.map((e) => {
    const head = `${e.phase ?? 'all phases'} · ${e.start}`;
    const overlap = overlapNote(e, rows);
    const notes = [...e.notes, ...(overlap ? [overlap] : [])];
    return [
      '<div class="card">',
      `<h3>${escapeHtml(head)}</h3>`,
      `<ul>${e.picks.map(pickLine).join('')}</ul>`,
      notes.length > 0 ? `<p class="why">${notes.map(escapeHtml).join('<br>')}</p>` : '',
      '</div>',
    ].join('');
  });
  const notes = verdict.notes.length > 0 ? `<details class="basis"><summary>How it was decided</summary><p>${verdict.notes.map(escapeHtml).join('<br>')}</p></details>` : '';
  return `<div class="cards">${cards.join('\n')}</div>${notes}`;
}

function headlineTable(rows: readonly SummaryRow[]): string {
  const phases = [...new Set(rows.map((r) => r.phase))];
  const body: string[] = [];
  for (const phase of phases) {
    const mine = rows.filter((r) => r.phase === phase);
    for (const m of sortMemories(mine.map((r) => r.memory_mb))) {
      const of = (t: string): SummaryRow | undefined => mine.find((r) => r.memory_mb === m && r.start_type === t);
      const cold = of('cold') ?? of('restore');
      const warm = of('warm');
      const all = of('all');
      const cells = [
        phase,
        memoryLabel(m),
        cold ? String(cold.count) : '0',
        formatMs(cold?.client_p50_ms),
        ciText(cold ? intervalOf(cold, 'p50') : undefined),
        warm ? String(warm.count) : '0',
        formatMs(warm?.client_p50_ms),
        ciText(warm ? intervalOf(warm, 'p50') : undefined),
        formatMs(warm?.client_p99_ms),
        usd(cold?.cost_per_million_usd),
        usd(warm?.cost_per_million_usd),
        String(all?.errors ?? 0),
      ];
      body.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    }
  }
  const head = ['phase', 'memory', 'cold n', 'cold p50 ms', '95% CI', 'warm n', 'warm p50 ms', '95% CI', 'warm p99 ms', 'cold USD per million', 'warm USD per million', 'errors'];
  return `<table class="data headline"><caption>Headline figures per memory setting (cold includes SnapStart restores)</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

export function verdictSection(verdict: Verdict | undefined, rows: readonly SummaryRow[]): string {
  const anyCi = rows.some((r) => intervalOf(r, 'p50'));
  return [
    verdictCards(verdict, rows),
    headlineTable(rows),
    anyCi
      ? '<p class="note">Brackets: 95% confidence interval of the p50 from order statistics; an empty bracket means too few samples for one.</p>'
      : '<p class="note">summary.csv has no confidence intervals for this result, so differences between settings cannot be judged against noise here.</p>',
  ].join('\n');
}
