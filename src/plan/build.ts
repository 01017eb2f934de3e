// A validated scenario becomes a Plan: one setting per memory value (or one
// with memoryMb null), each holding every phase bound to a fresh Schedule.

import type { Scenario } from '../scenario/types';
import type { Plan, PlannedPhase, PlannedSetting } from './types';

export function buildPlan(s: Scenario): Plan {
  const memories: readonly (number | null)[] = s.memory ?? [null];
  const settings: PlannedSetting[] = memories.map((memoryMb) => ({
    memoryMb,
    phases: s.phases.map((p): PlannedPhase => ({
      name: p.name,
      index: p.index,
      pattern: p.pattern.name,
      schedule: p.pattern.create(p.options),
    })),
  }));
  return {
    name: s.name,
    file: s.file,
    source: s.source,
    target: s.target,
    targetKind: s.targetKind,
    architecture: s.architecture,
    region: s.region,
    settings,
    payloads: s.payloads,
    budget: s.budget,
    maxErrorRate: s.maxErrorRate,
    retry: s.retry,
    storePayloads: s.storePayloads,
    ephemeralStorageMb: s.ephemeralStorageMb,
    ...(s.projection ? { projection: s.projection } : {}),
    balancedWeight: s.balancedWeight,
  };
}
