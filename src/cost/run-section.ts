// The `cost` section of run.json: where the prices came from, how billed
// durations were obtained, the run's total and, when the scenario asks for
// it, a monthly projection at each memory setting from the measured mean
// billed duration.

import type { GroupStats } from '../measure/histograms';
import type { Plan } from '../plan/types';
import { ESTIMATED_BILLING_NOTE } from './model';
import { pricingNotes, pricingProvenance } from './pricing';
import { projectMonthly, type MonthlyProjection } from './projection';

export const REPORT_BILLING_NOTE =
  'Billed duration is the REPORT line\'s Billed Duration, which for on-demand functions already includes the init phase (since August 2025); Init Duration is never added on top. Costs use first-tier prices.';

export interface RunCostSection {
  readonly pricing: Readonly<Record<string, unknown>>;
  readonly billing: string;
  /** True when some rows were priced from client time because no REPORT line existed. */
  readonly estimated: boolean;
  readonly notes: readonly string[];
  readonly invocationsPriced: number;
  readonly totalUsd: number;
  readonly costPerInvocationUsd: number | null;
  readonly costPerMillionUsd: number | null;
  readonly projection?: {
    readonly monthlyInvocations: number;
    readonly freeTier: boolean;
    readonly settings: readonly { readonly memoryMb: number; readonly billedMeanMs: number; readonly month: MonthlyProjection }[];
  };
}

/** Reads only the `all` groups, so each invocation counts once. */
export function runCostSection(plan: Plan, groups: Iterable<GroupStats>, options: { readonly estimatedBilling: boolean }): RunCostSection {
  let total = 0;
  let priced = 0;
  const billed = new Map<number, { sumUs: number; count: number }>();
  for (const g of groups) {
    if (g.startType !== 'all') continue;
    total += g.costSumUsd;
    priced += g.costCount;
    if (g.memoryMb !== undefined && g.billedCount > 0) {
      const b = billed.get(g.memoryMb) ?? { sumUs: 0, count: 0 };
      b.sumUs += g.billedSumUs;
      b.count += g.billedCount;
      billed.set(g.memoryMb, b);
    }
  }
  const per = priced > 0 ? total / priced : null;
  const projection = plan.projection;
  return {
    pricing: pricingProvenance(plan.region, plan.architecture),
    billing: options.estimatedBilling ? `${REPORT_BILLING_NOTE} ${ESTIMATED_BILLING_NOTE}` : REPORT_BILLING_NOTE,
    estimated: options.estimatedBilling,
    notes: pricingNotes(plan.region, plan.architecture, plan.ephemeralStorageMb),
    invocationsPriced: priced,
    totalUsd: total,
    costPerInvocationUsd: per,
    costPerMillionUsd: per === null ? null : per * 1e6,
    ...(projection && billed.size > 0
      ? {
          projection: {
            monthlyInvocations: projection.monthlyInvocations,
            freeTier: projection.freeTier,
            settings: [...billed.entries()].sort(([a], [b]) => a - b).map(([memoryMb, b]) => {
              const billedMeanMs = b.sumUs / b.count / 1000;
              return {
                memoryMb,
                billedMeanMs,
                month: projectMonthly({
                  monthlyInvocations: projection.monthlyInvocations,
                  billedMsPerInvocation: billedMeanMs,
                  memoryMb,
                  architecture: plan.architecture,
                  region: plan.region,
                  ephemeralStorageMb: plan.ephemeralStorageMb,
                  freeTier: projection.freeTier,
                }),
              };
            }),
          },
        }
      : {}),
  };
}
