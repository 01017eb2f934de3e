// Turns one attempt into the row every sink receives.

import { estimatedBilledMs, invocationCostUsd } from '../cost/model';
import type { InvocationRow } from '../measure/row';
import type { Plan } from '../plan/types';
import type { Attempt } from '../targets/types';

export interface RowContext {
  readonly runId: string;
  readonly plan: Plan;
  readonly phase: string;
  readonly functionName: string;
  readonly qualifier: string | undefined;
  /** The function's memory as configured, for attempts without a REPORT line. */
  readonly configuredMemoryMb: number | undefined;
  readonly seq: number;
  readonly startedAt: Date;
}

export function buildRow(ctx: RowContext, attempt: Attempt): InvocationRow {
  const report = attempt.report;
  const memoryMb = report?.memorySizeMb ?? ctx.configuredMemoryMb;
  let cost: number | undefined;
  if (report !== undefined && memoryMb !== undefined) {
    cost = invocationCostUsd({
      billedMs: report.billedMs,
      memoryMb,
      architecture: ctx.plan.architecture,
      region: ctx.plan.region,
      ephemeralStorageMb: ctx.plan.ephemeralStorageMb,
    });
  } else if (attempt.status === 'throttled') {
    // Lambda charges nothing for a throttled request.
    cost = 0;
  } else if (attempt.billing === 'estimated' && memoryMb !== undefined) {
    cost = invocationCostUsd({
      billedMs: estimatedBilledMs(attempt.clientMs),
      memoryMb,
      architecture: ctx.plan.architecture,
      region: ctx.plan.region,
      ephemeralStorageMb: ctx.plan.ephemeralStorageMb,
    });
  }
  return {
    run_id: ctx.runId,
    scenario: ctx.plan.name,
    phase: ctx.phase,
    target: ctx.plan.targetKind,
    function: ctx.functionName,
    qualifier: ctx.qualifier,
    memory_mb: memoryMb,
    architecture: ctx.plan.architecture,
    seq: ctx.seq,
    started_at: ctx.startedAt,
    client_ms: attempt.clientMs,
    cold: report === undefined ? undefined : report.initMs !== undefined,
    init_ms: report?.initMs,
    duration_ms: report?.durationMs,
    billed_ms: report?.billedMs,
    max_memory_mb: report?.maxMemoryUsedMb,
    status: attempt.status,
    error_type: attempt.errorType,
    request_id: attempt.requestId,
    cost_usd: cost,
  };
}
