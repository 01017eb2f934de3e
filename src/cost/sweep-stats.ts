// Turns the run's summary accumulators into what the recommendation judges:
// per phase, per memory setting, the warm and the cold starts, each with its
// client median, the median's 95 % interval (order statistics, read from the
// group's histogram: the same figures as summary.csv) and its cost per
// invocation. Phases are never pooled: each is its own question.

import type { GroupStats } from '../measure/histograms';
import type { Exclusion, MemoryStats, PhaseStats, SettingStats } from './recommend';

/** Per phase (in order of first appearance), memory settings ascending; groups without a memory value (no sweep) are left out. */
export function phaseStatsFromGroups(groups: Iterable<GroupStats>): PhaseStats[] {
  const byPhase = new Map<string, Map<number, { warm?: SettingStats; cold?: SettingStats }>>();
  for (const g of groups) {
    if (g.memoryMb === undefined || (g.startType !== 'warm' && g.startType !== 'cold')) continue;
    let byMemory = byPhase.get(g.phase);
    if (!byMemory) byPhase.set(g.phase, (byMemory = new Map()));
    let entry = byMemory.get(g.memoryMb);
    if (!entry) byMemory.set(g.memoryMb, (entry = {}));
    entry[g.startType] = settingStats(g);
  }
  return [...byPhase.entries()].map(([phase, byMemory]) => ({
    phase,
    memories: [...byMemory.entries()].sort(([a], [b]) => a - b).map(([memoryMb, e]): MemoryStats => ({ memoryMb, ...e })),
  }));
}

/** Planned settings a phase has no row for (a run stopped early): named, never judged. */
export function missingSettings(phases: readonly string[], memories: readonly number[], stats: readonly PhaseStats[]): Exclusion[] {
  const out: Exclusion[] = [];
  for (const phase of phases) {
    const seen = new Set(stats.find((s) => s.phase === phase)?.memories.map((m) => m.memoryMb) ?? []);
    for (const memoryMb of memories) {
      if (!seen.has(memoryMb)) out.push({ phase, memoryMb, start: 'all', reason: 'no cold or warm start measured (the run stopped before it, or no report told the start type)' });
    }
  }
  return out;
}

/** NaN where the group has no latency or no cost: the recommendation leaves such a setting out. */
function settingStats(g: GroupStats): SettingStats {
  const p50 = g.client.percentileUs(50);
  const p99 = g.client.percentileUs(99);
  const ci = g.client.percentileIntervalUs(50);
  return {
    count: g.count,
    errors: g.errors,
    p50Ms: p50 === undefined ? Number.NaN : p50 / 1000,
    p50LowMs: ci === undefined ? undefined : ci.lowUs / 1000,
    p50HighMs: ci === undefined ? undefined : ci.highUs / 1000,
    ...(p99 !== undefined ? { p99Ms: p99 / 1000 } : {}),
    costPerInvocationUsd: g.costCount > 0 ? g.costSumUsd / g.costCount : Number.NaN,
  };
}
