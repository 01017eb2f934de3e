// The `cost` section of run.json: where the prices came from, how billed
// durations were obtained, the run's total and, when the scenario asks for
// it, a monthly projection at each memory setting from the measured mean
// billed duration.

import type { GroupStats } from '../measure/histograms';
import type { Plan } from '../plan/types';
import { ESTIMATED_BILLING_NOTE, type PricedPlan } from './model';
import { featurePricingNotes, pricingNotes, pricingProvenance, provisionedPrices, snapStartPrices } from './pricing';
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

export const PROVISIONED_BILLING_NOTE =
  'The invoked qualifier has provisioned concurrency: an invocation whose report shows no init ran on a provisioned environment and is priced at the provisioned duration rate; one with an init (Init Duration, or a suppressed init) spilled over to a new on-demand environment and is priced on demand. Warm invocations on such spill-over environments show no init either and are priced at the provisioned rate, which understates them. The standing charge for the configured concurrency is not in any row: it is in the monthly projection.';

export const SNAPSTART_BILLING_NOTE =
  'SnapStart: a restore is billed its Billed Restore Duration as duration (already inside Billed Duration) plus the restore charge per GB of memory restored; the snapshot cache is not in any row: it is in the monthly projection.';

interface BilledByMemory {
  sumUs: number;
  count: number;
  /** Billed invocations of each start type, for the shares the projection needs. */
  readonly byStart: Map<string, number>;
}

/** Reads the `all` groups for totals, so each invocation counts once, and the per-start-type groups for the projection's shares. */
export function runCostSection(plan: Plan & PricedPlan, groups: Iterable<GroupStats>, options: { readonly estimatedBilling: boolean }): RunCostSection {
  let total = 0;
  let priced = 0;
  const billed = new Map<number, BilledByMemory>();
  const byMemory = (memoryMb: number): BilledByMemory => {
    let b = billed.get(memoryMb);
    if (!b) {
      b = { sumUs: 0, count: 0, byStart: new Map() };
      billed.set(memoryMb, b);
    }
    return b;
  };
  for (const g of groups) {
    if (g.startType !== 'all') {
      if (g.memoryMb !== undefined && g.billedCount > 0) {
        const b = byMemory(g.memoryMb);
        b.byStart.set(g.startType, (b.byStart.get(g.startType) ?? 0) + g.billedCount);
      }
      continue;
    }
    total += g.costSumUsd;
    priced += g.costCount;
    if (g.memoryMb !== undefined && g.billedCount > 0) {
      const b = byMemory(g.memoryMb);
      b.sumUs += g.billedSumUs;
      b.count += g.billedCount;
    }
  }
  for (const [memoryMb, b] of billed) if (b.count === 0) billed.delete(memoryMb);
  const per = priced > 0 ? total / priced : null;
  const projection = plan.projection;
  const fp = plan.functionPricing;
  const pc = fp !== undefined && fp.provisionedConcurrency > 0 ? fp.provisionedConcurrency : 0;
  const snap = fp?.snapStartCharged === true;
  const billingNotes = [
    options.estimatedBilling ? `${REPORT_BILLING_NOTE} ${ESTIMATED_BILLING_NOTE}` : REPORT_BILLING_NOTE,
    ...(pc > 0 ? [PROVISIONED_BILLING_NOTE] : []),
    ...(snap ? [SNAPSTART_BILLING_NOTE] : []),
  ];
  return {
    pricing: {
      ...pricingProvenance(plan.region, plan.architecture),
      ...(pc > 0 ? { provisionedConcurrency: provisionedPrices(plan.region, plan.architecture) } : {}),
      ...(snap ? { snapStart: snapStartPrices(plan.region) } : {}),
    },
    billing: billingNotes.join(' '),
    estimated: options.estimatedBilling,
    notes: [
      ...pricingNotes(plan.region, plan.architecture, plan.ephemeralStorageMb),
      ...featurePricingNotes(plan.region, { provisioned: pc > 0, snapStart: snap }),
      ...(fp?.notes ?? []),
    ],
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
                  // Shares as measured: provisioned = warm (no init, no restore) of all billed; restores of all billed.
                  ...(pc > 0 ? { provisioned: { concurrency: pc, invocationShare: (b.byStart.get('warm') ?? 0) / b.count } } : {}),
                  ...(snap ? { snapStart: { restoreShare: (b.byStart.get('restore') ?? 0) / b.count } } : {}),
                }),
              };
            }),
          },
        }
      : {}),
  };
}
