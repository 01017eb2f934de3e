// A memory sweep ends with a recommendation (cheapest, fastest, balanced;
// warm and cold apart). It needs the run's per-group histograms before
// run.json is written, so the run keeps its own accumulator as one more sink
// (bounded: one set of histograms per phase × memory × start type).

import { recommendMemory, type MemoryRecommendation } from '../cost/recommend';
import { memoryStatsFromGroups } from '../cost/sweep-stats';
import { SummaryAccumulator } from '../measure/histograms';
import type { InvocationRow } from '../measure/row';
import type { Plan } from '../plan/types';
import type { RowSink } from './execute';

export class RecommendationSink implements RowSink {
  private readonly acc = new SummaryAccumulator();

  write(row: InvocationRow): void {
    this.acc.add(row);
  }

  /** undefined unless the plan sweeps two or more memory settings. */
  recommend(plan: Plan): MemoryRecommendation | undefined {
    const swept = plan.settings.filter((s) => s.memoryMb !== null);
    if (swept.length < 2) return undefined;
    const stats = memoryStatsFromGroups(this.acc.groups());
    return stats.length === 0 ? undefined : recommendMemory(stats, plan.balancedWeight);
  }
}
