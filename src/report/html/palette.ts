// Colours of report.html: one per memory setting (the Okabe–Ito palette,
// told apart by colour-blind readers), one per start type.

import type { SummaryStartType } from '../../measure/histograms';

const MEMORY_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

/** Memory settings in ascending order (default last) mapped to colours, stable across every chart of a page. */
export function memoryColours(memories: readonly (number | undefined)[]): (m: number | undefined) => string {
  const sorted = sortMemories(memories);
  return (m) => MEMORY_COLOURS[Math.max(0, sorted.indexOf(m)) % MEMORY_COLOURS.length];
}

export function sortMemories(memories: readonly (number | undefined)[]): (number | undefined)[] {
  return [...new Set(memories)].sort((a, b) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY));
}

export const memoryLabel = (m: number | undefined): string => (m === undefined ? 'default' : `${m} MB`);

export const START_COLOURS: Record<SummaryStartType, string> = {
  cold: '#C0392B',
  restore: '#E67E22',
  warm: '#1F6FB2',
  unknown: '#7F7F7F',
  all: '#2CA02C',
};
