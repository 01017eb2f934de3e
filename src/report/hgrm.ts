// histograms/*.hgrm: HdrHistogram's percentile-distribution text (the format
// HdrHistogram's plotter and tools read), client latency in milliseconds,
// one file per summary row.

import type { GroupStats } from '../measure/histograms';

/** Recorded values are µs; the files speak ms like every other output. */
const MICROS_PER_MS = 1000;
const TICKS_PER_HALF_DISTANCE = 5;

export function hgrmText(g: GroupStats): string {
  return g.client.histogram.outputPercentileDistribution(TICKS_PER_HALF_DISTANCE, MICROS_PER_MS);
}

/** A name safe on every file system: letters, digits, `.`, `_`, `-`; never hidden, never too long. */
export function safeFilePart(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 80);
  return cleaned === '' ? '_' : cleaned;
}

/**
 * File names for groups in order: `<phase>-<memory>-<start_type>.hgrm`
 * (`default` memory when the run left it as it was). Two phases whose names
 * clean up alike get `~2`, `~3` … rather than overwriting each other.
 */
export function hgrmFileNames(groups: readonly GroupStats[]): string[] {
  const used = new Set<string>();
  return groups.map((g) => {
    const base = `${safeFilePart(g.phase)}-${g.memoryMb ?? 'default'}-${g.startType}`;
    let name = `${base}.hgrm`;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}~${i}.hgrm`;
    used.add(name.toLowerCase());
    return name;
  });
}
