// Turns the run's summary accumulators into the per-memory statistics the
// recommendation judges. A memory setting's warm (or cold) starts are pooled
// over every phase run at that memory by adding their histograms, so the
// percentiles are true percentiles of the pool, not averages of per-phase ones.

import { MicrosDistribution, type GroupStats } from '../measure/histograms';
import type { ColdStats, MemoryStats, WarmStats } from './recommend';

interface Pool {
  readonly client: MicrosDistribution;
  count: number;
  errors: number;
  costSumUsd: number;
  costCount: number;
}

/** Per-memory stats in ascending memory order; groups without a memory value (no sweep) are left out. */
export function memoryStatsFromGroups(groups: Iterable<GroupStats>): MemoryStats[] {
  const pools = new Map<number, { warm?: Pool; cold?: Pool }>();
  for (const g of groups) {
    if (g.memoryMb === undefined || (g.startType !== 'warm' && g.startType !== 'cold')) continue;
    let entry = pools.get(g.memoryMb);
    if (!entry) pools.set(g.memoryMb, (entry = {}));
    const pool = (entry[g.startType] ??= { client: new MicrosDistribution(), count: 0, errors: 0, costSumUsd: 0, costCount: 0 });
    pool.client.add(g.client);
    pool.count += g.count;
    pool.errors += g.errors;
    pool.costSumUsd += g.costSumUsd;
    pool.costCount += g.costCount;
  }
  return [...pools.entries()]
    .sort(([a], [b]) => a - b)
    .map(([memoryMb, e]): MemoryStats => ({
      memoryMb,
      ...(e.warm ? { warm: warmStats(e.warm) } : {}),
      ...(e.cold ? { cold: coldStats(e.cold) } : {}),
    }));
}

/** NaN when the pool has no latency: the recommendation leaves such a setting out. */
function percentileMs(pool: Pool, p: number): number {
  return (pool.client.percentileUs(p) ?? Number.NaN) / 1000;
}

function costPer(pool: Pool): number {
  return pool.costCount > 0 ? pool.costSumUsd / pool.costCount : Number.NaN;
}

function warmStats(pool: Pool): WarmStats {
  return { count: pool.count, errors: pool.errors, p50Ms: percentileMs(pool, 50), p99Ms: percentileMs(pool, 99), costPerInvocationUsd: costPer(pool) };
}

function coldStats(pool: Pool): ColdStats {
  return { count: pool.count, errors: pool.errors, p50Ms: percentileMs(pool, 50), costPerInvocationUsd: costPer(pool) };
}
