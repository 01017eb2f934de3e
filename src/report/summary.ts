// summary.csv: one row per phase × memory × start type, read from the
// accumulators of ../measure/histograms.ts.

import { SUMMARY_COLUMNS } from '../measure/row';
import type { GroupStats, MicrosDistribution, SummaryAccumulator, SummaryStartType } from '../measure/histograms';
import { formatCost, formatInt, formatMs } from './format';

export interface SummaryRow {
  readonly run_id: string;
  readonly scenario: string;
  readonly phase: string;
  readonly function: string;
  readonly memory_mb: number | undefined;
  readonly architecture: string;
  readonly start_type: SummaryStartType;
  readonly count: number;
  readonly errors: number;
  readonly client_p50_ms: number | undefined;
  readonly client_p90_ms: number | undefined;
  readonly client_p99_ms: number | undefined;
  readonly client_max_ms: number | undefined;
  readonly client_mean_ms: number | undefined;
  readonly init_p50_ms: number | undefined;
  readonly init_p99_ms: number | undefined;
  readonly duration_p50_ms: number | undefined;
  readonly duration_p99_ms: number | undefined;
  readonly billed_mean_ms: number | undefined;
  readonly max_memory_mb: number | undefined;
  readonly cost_per_invocation_usd: number | undefined;
  readonly cost_per_million_usd: number | undefined;
  readonly total_cost_usd: number | undefined;
  /** 95 % confidence bounds of the client percentiles (order statistics); undefined where the group is too small. */
  readonly client_p50_low_ms: number | undefined;
  readonly client_p50_high_ms: number | undefined;
  readonly client_p90_low_ms: number | undefined;
  readonly client_p90_high_ms: number | undefined;
  readonly client_p99_low_ms: number | undefined;
  readonly client_p99_high_ms: number | undefined;
}

const ms = (us: number | undefined): number | undefined => (us === undefined ? undefined : us / 1000);

function pct(d: MicrosDistribution | undefined, p: number): number | undefined {
  return d === undefined ? undefined : ms(d.percentileUs(p));
}

function interval(d: MicrosDistribution, p: number): { low: number | undefined; high: number | undefined } {
  const ci = d.percentileIntervalUs(p);
  return ci === undefined ? { low: undefined, high: undefined } : { low: ci.lowUs / 1000, high: ci.highUs / 1000 };
}

export function summaryRow(g: GroupStats): SummaryRow {
  const ci50 = interval(g.client, 50);
  const ci90 = interval(g.client, 90);
  const ci99 = interval(g.client, 99);
  const clientN = g.client.count;
  // Cost per invocation spreads the total over every attempt of the group, failed ones included: each was billed or at least requested.
  const perInvocation = g.costCount > 0 && g.count > 0 ? g.costSumUsd / g.count : undefined;
  return {
    run_id: g.runId,
    scenario: g.scenario,
    phase: g.phase,
    function: g.function,
    memory_mb: g.memoryMb,
    architecture: g.architecture,
    start_type: g.startType,
    count: g.count,
    errors: g.errors,
    client_p50_ms: pct(g.client, 50),
    client_p90_ms: pct(g.client, 90),
    client_p99_ms: pct(g.client, 99),
    client_max_ms: clientN > 0 ? g.client.maxUs / 1000 : undefined,
    client_mean_ms: clientN > 0 ? g.client.sumUs / clientN / 1000 : undefined,
    init_p50_ms: pct(g.init, 50),
    init_p99_ms: pct(g.init, 99),
    duration_p50_ms: pct(g.duration, 50),
    duration_p99_ms: pct(g.duration, 99),
    billed_mean_ms: g.billedCount > 0 ? g.billedSumUs / g.billedCount / 1000 : undefined,
    max_memory_mb: g.maxMemoryMb,
    cost_per_invocation_usd: perInvocation,
    cost_per_million_usd: perInvocation === undefined ? undefined : perInvocation * 1e6,
    total_cost_usd: g.costCount > 0 ? g.costSumUsd : undefined,
    client_p50_low_ms: ci50.low,
    client_p50_high_ms: ci50.high,
    client_p90_low_ms: ci90.low,
    client_p90_high_ms: ci90.high,
    client_p99_low_ms: ci99.low,
    client_p99_high_ms: ci99.high,
  };
}

export function summaryRows(acc: SummaryAccumulator): SummaryRow[] {
  return acc.groups().map(summaryRow);
}

export function summaryCells(r: SummaryRow): string[] {
  return [
    r.run_id, r.scenario, r.phase, r.function, formatInt(r.memory_mb), r.architecture,
    r.start_type, formatInt(r.count), formatInt(r.errors),
    formatMs(r.client_p50_ms), formatMs(r.client_p90_ms), formatMs(r.client_p99_ms),
    formatMs(r.client_max_ms), formatMs(r.client_mean_ms),
    formatMs(r.init_p50_ms), formatMs(r.init_p99_ms),
    formatMs(r.duration_p50_ms), formatMs(r.duration_p99_ms),
    formatMs(r.billed_mean_ms), formatInt(r.max_memory_mb),
    formatCost(r.cost_per_invocation_usd), formatCost(r.cost_per_million_usd), formatCost(r.total_cost_usd),
    formatMs(r.client_p50_low_ms), formatMs(r.client_p50_high_ms),
    formatMs(r.client_p90_low_ms), formatMs(r.client_p90_high_ms),
    formatMs(r.client_p99_low_ms), formatMs(r.client_p99_high_ms),
  ];
}

export function summaryHeader(): string[] {
  return [...SUMMARY_COLUMNS];
}
