// A memory sweep ends with a recommendation per phase (cheapest, fastest,
// balanced; warm and cold apart), judged on the per-group histograms the
// result writer already keeps, read before run.json is written.

import { recommendMemory, type MemoryRecommendation } from '../cost/recommend';
import { missingSettings, phaseStatsFromGroups } from '../cost/sweep-stats';
import type { GroupStats } from '../measure/histograms';
import type { Plan } from '../plan/types';

/**
 * undefined unless the plan sweeps two or more memory settings, and unless
 * the sweep ran to its end (`complete`): a verdict only from what was
 * measured, never from the one or two settings an interrupted run reached.
 */
export function sweepRecommendation(plan: Plan, groups: Iterable<GroupStats>, complete: boolean): MemoryRecommendation | undefined {
  const swept = plan.settings.filter((s) => s.memoryMb !== null);
  if (swept.length < 2 || !complete) return undefined;
  const stats = phaseStatsFromGroups(groups);
  if (stats.length === 0) return undefined;
  const phases = swept[0]!.phases.map((p) => p.name);
  return recommendMemory(stats, plan.balancedWeight, missingSettings(phases, swept.map((s) => s.memoryMb!), stats));
}
