// Before anything runs: how many invocations a plan makes, about how long it
// takes and what it may cost. Nothing is known of the function yet, so every
// number rests on a stated assumption, and the assumptions travel with the
// estimate (printed by `estimate` through report/cost-text.ts, stored in
// run.json by `run`).

import { MEMORY_MAX_MB, MEMORY_MIN_MB } from '../lambda/limits';
import type { Plan } from '../plan/types';
import type { TargetKind } from '../patterns/types';
import { planInvocationCostUsd } from './model';
import { pricingNotes, regionPrices } from './pricing';
import { projectMonthly, type MonthlyProjection } from './projection';

export interface EstimateAssumptions {
  /** Client latency assumed per invocation, for the wall time. */
  readonly latencyMs: number;
  /** Billed duration per invocation assumed for the low and the high end of the cost range (init included, as Lambda bills it). */
  readonly billedMs: { readonly low: number; readonly high: number };
  /** Memory assumed where the plan leaves the function's memory as it is. */
  readonly unknownMemoryMb: { readonly low: number; readonly high: number };
  /** Time to force one cold start (configuration change and waiting for it). */
  readonly coldForcingMs: number;
  /** Time to switch to a memory setting before its phases. */
  readonly memoryChangeMs: number;
}

const FORCING_MS: Record<TargetKind, number> = { aws: 3000, local: 300, http: 0 };

export function defaultAssumptions(targetKind: TargetKind): EstimateAssumptions {
  return {
    latencyMs: 100,
    billedMs: { low: 1, high: 1000 },
    unknownMemoryMb: { low: MEMORY_MIN_MB, high: MEMORY_MAX_MB },
    coldForcingMs: FORCING_MS[targetKind],
    memoryChangeMs: FORCING_MS[targetKind],
  };
}

export interface CostRange {
  readonly low: number;
  readonly high: number;
}

export interface PhaseEstimate {
  readonly name: string;
  readonly index: number;
  readonly pattern: string;
  readonly invocations: number;
  /** Invocations forced onto a fresh environment. */
  readonly forcedColdStarts: number;
  readonly wallMs: number;
}

export interface SettingEstimate {
  /** null: the function's memory is left as it is (unknown before the run). */
  readonly memoryMb: number | null;
  readonly phases: readonly PhaseEstimate[];
  readonly invocations: number;
  readonly wallMs: number;
  readonly costUsd: CostRange;
}

export interface Estimate {
  readonly scenario: string;
  readonly targetKind: TargetKind;
  readonly architecture: Plan['architecture'];
  readonly region: string;
  readonly settings: readonly SettingEstimate[];
  readonly totalInvocations: number;
  readonly totalForcedColdStarts: number;
  readonly wallMs: number;
  readonly costUsd: CostRange;
  readonly assumed: EstimateAssumptions;
  /** The assumptions in words, for the terminal and run.json. */
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
  /** When the scenario asks for a monthly projection: its cost at each memory setting, at both ends of the assumed billed duration. */
  readonly projection?: EstimateProjection;
}

export interface EstimateProjection {
  readonly monthlyInvocations: number;
  readonly freeTier: boolean;
  readonly settings: readonly { readonly memoryMb: number | null; readonly low: MonthlyProjection; readonly high: MonthlyProjection }[];
}

/**
 * The assumptions for this plan: the defaults, narrowed by what is known
 * before the run — the duration bound the scenario states (`expectedDuration`)
 * and, for a local function, the memory its folder configures — then the caller's overrides.
 */
export function planAssumptions(plan: Plan, overrides: Partial<EstimateAssumptions> = {}): EstimateAssumptions {
  const base = defaultAssumptions(plan.target.kind);
  const expected = plan.expectedDurationMs;
  const knownMemory = plan.target.kind === 'local' ? plan.target.memoryMb : undefined;
  return {
    ...base,
    ...(expected !== undefined
      ? { billedMs: { low: Math.min(base.billedMs.low, expected), high: expected }, latencyMs: Math.max(base.latencyMs, expected) }
      : {}),
    ...(knownMemory !== undefined ? { unknownMemoryMb: { low: knownMemory, high: knownMemory } } : {}),
    ...overrides,
  };
}

export function estimatePlan(plan: Plan, overrides: Partial<EstimateAssumptions> = {}): Estimate {
  const a = planAssumptions(plan, overrides);
  const settings = plan.settings.map((setting): SettingEstimate => {
    const phases = setting.phases.map((ph): PhaseEstimate => {
      const invocations = ph.schedule.invocations;
      const forcedColdStarts = ph.forcesFreshEnvironments ? invocations : 0;
      return {
        name: ph.name,
        index: ph.index,
        pattern: ph.pattern,
        invocations,
        forcedColdStarts,
        wallMs: ph.schedule.estimateWallMs(a.latencyMs) + forcedColdStarts * a.coldForcingMs,
      };
    });
    const invocations = sum(phases.map((p) => p.invocations));
    const low = planInvocationCostUsd(plan, a.billedMs.low, setting.memoryMb ?? a.unknownMemoryMb.low);
    const high = planInvocationCostUsd(plan, a.billedMs.high, setting.memoryMb ?? a.unknownMemoryMb.high);
    return {
      memoryMb: setting.memoryMb,
      phases,
      invocations,
      wallMs: sum(phases.map((p) => p.wallMs)) + (setting.memoryMb !== null ? a.memoryChangeMs : 0),
      costUsd: { low: invocations * low, high: invocations * high },
    };
  });
  return {
    scenario: plan.name,
    targetKind: plan.target.kind,
    architecture: plan.architecture,
    region: plan.region,
    settings,
    totalInvocations: sum(settings.map((s) => s.invocations)),
    totalForcedColdStarts: sum(settings.flatMap((s) => s.phases.map((p) => p.forcedColdStarts))),
    wallMs: sum(settings.map((s) => s.wallMs)),
    costUsd: { low: sum(settings.map((s) => s.costUsd.low)), high: sum(settings.map((s) => s.costUsd.high)) },
    assumed: a,
    assumptions: describe(plan, a),
    notes: pricingNotes(plan.region, plan.architecture, plan.ephemeralStorageMb),
    ...(plan.projection ? { projection: projectEstimate(plan, plan.projection, a) } : {}),
  };
}

function projectEstimate(plan: Plan, projection: NonNullable<Plan['projection']>, a: EstimateAssumptions): EstimateProjection {
  const at = (billedMs: number, memoryMb: number) =>
    projectMonthly({
      monthlyInvocations: projection.monthlyInvocations,
      billedMsPerInvocation: billedMs,
      memoryMb,
      architecture: plan.architecture,
      region: plan.region,
      ephemeralStorageMb: plan.ephemeralStorageMb,
      freeTier: projection.freeTier,
    });
  return {
    monthlyInvocations: projection.monthlyInvocations,
    freeTier: projection.freeTier,
    settings: plan.settings.map((s) => ({
      memoryMb: s.memoryMb,
      low: at(a.billedMs.low, s.memoryMb ?? a.unknownMemoryMb.low),
      high: at(a.billedMs.high, s.memoryMb ?? a.unknownMemoryMb.high),
    })),
  };
}

function describe(plan: Plan, a: EstimateAssumptions): string[] {
  const pricedAs = regionPrices(plan.region, plan.architecture).pricedAs;
  const lines = [
    `cost range: ${a.billedMs.low} ms to ${a.billedMs.high} ms billed per invocation (init included, as Lambda bills it${plan.expectedDurationMs !== undefined ? '; the high end is the scenario\'s expectedDuration' : '; state expectedDuration in the scenario to narrow it'}), at first-tier ${pricedAs} ${plan.architecture} prices plus the request charge${plan.ephemeralStorageMb > 512 ? ` and ${plan.ephemeralStorageMb} MB ephemeral storage` : ''}`,
    `wall time: ${a.latencyMs} ms per invocation${a.coldForcingMs > 0 ? `, ${a.coldForcingMs} ms to force each cold start` : ''}${a.memoryChangeMs > 0 ? `, ${a.memoryChangeMs} ms per memory change` : ''}`,
    'invocations: as scheduled (open-model patterns: rate × duration); retries of throttled calls come on top',
  ];
  if (plan.settings.some((s) => s.memoryMb === null)) {
    lines.push(a.unknownMemoryMb.low === a.unknownMemoryMb.high
      ? `memory left as it is: the function's ${a.unknownMemoryMb.low} MB (${plan.target.kind === 'local' ? 'its folder\'s function.json, else the local service\'s default' : 'its configuration, read before the run'})`
      : `memory left as it is: assumed ${a.unknownMemoryMb.low} MB for the low end, ${a.unknownMemoryMb.high} MB for the high end (unknown before the run)`);
  }
  if (plan.target.kind === 'local') lines.push('local target: no AWS charge is incurred; the cost is what the same calls would cost on Lambda');
  return lines;
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}
