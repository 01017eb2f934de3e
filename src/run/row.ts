// Turns one attempt into the row every sink receives.

import { estimatedBilledMs, planInvocationCostUsd } from '../cost/model';
import { clipErrorMessage, coldOf, type InvocationRow } from '../measure/row';
import type { Plan } from '../plan/types';
import type { Attempt } from '../targets/types';

/** What every row of one phase shares; built once per phase, not per row. */
export interface RowContext {
  readonly runId: string;
  readonly plan: Plan;
  readonly phase: string;
  readonly functionName: string;
  readonly qualifier: string | undefined;
  /** Epoch ms (fractional) the run started at: offset_ms is measured from it. Absent: no offset_ms. */
  readonly runStartMs?: number;
}

/**
 * `configuredMemoryMb`: the function's memory as configured, for attempts
 * without a REPORT line. `startedAtMs`: the same instant as `startedAt` in
 * fractional epoch ms (a Date keeps whole ms only), for offset_ms.
 */
export function buildRow(ctx: RowContext, seq: number, startedAt: Date, configuredMemoryMb: number | undefined, attempt: Attempt, startedAtMs = startedAt.getTime()): InvocationRow {
  const report = attempt.report;
  const memoryMb = report?.memorySizeMb ?? configuredMemoryMb;
  const startType = report?.startType ?? 'unknown';
  return {
    run_id: ctx.runId,
    scenario: ctx.plan.name,
    phase: ctx.phase,
    target: ctx.plan.target.kind,
    function: ctx.functionName,
    // The version a SnapStart target published and invoked, else the target's qualifier.
    qualifier: attempt.qualifier ?? ctx.qualifier,
    memory_mb: memoryMb,
    architecture: ctx.plan.architecture,
    seq,
    started_at: startedAt,
    client_ms: attempt.clientMs,
    cold: coldOf(startType),
    init_ms: report?.initMs,
    duration_ms: report?.durationMs,
    billed_ms: report?.billedMs,
    max_memory_mb: report?.maxMemoryUsedMb,
    status: attempt.status,
    error_type: attempt.errorType,
    request_id: attempt.requestId,
    ttfb_ms: attempt.ttfbMs,
    cost_usd: costOf(ctx.plan, attempt, memoryMb),
    start_type: startType,
    restore_ms: report?.restoreMs,
    billed_restore_ms: report?.billedRestoreMs,
    error_message: attempt.status === 'ok' ? undefined : clipErrorMessage(attempt.errorMessage),
    offset_ms: ctx.runStartMs === undefined ? undefined : Math.max(0, startedAtMs - ctx.runStartMs),
    host_wait_ms: attempt.hostWaitMs,
    cpu_throttled_ms: attempt.cpuThrottledMs,
  };
}

/**
 * The plan the run executes carries the function's own pricing (provisioned
 * concurrency, SnapStart; cost/model.ts withFunctionPricing), and its
 * architecture and ephemeral storage are the function's.
 */
function costOf(plan: Plan, attempt: Attempt, memoryMb: number | undefined): number | undefined {
  const report = attempt.report;
  // Lambda charges nothing for a throttled request (and a throttle has no REPORT line).
  if (report === undefined && attempt.status === 'throttled') return 0;
  const billedMs = report !== undefined ? report.billedMs
    : attempt.billing === 'estimated' ? estimatedBilledMs(attempt.clientMs)
    : undefined;
  if (billedMs === undefined || memoryMb === undefined) return undefined;
  if (report === undefined) return planInvocationCostUsd(plan, billedMs, memoryMb);
  // A SnapStart restore's Billed Restore Duration, read through a view of its own so this holds before and after the report carries it.
  const restoreBilledMs = (report as { readonly billedRestoreMs?: number | undefined }).billedRestoreMs;
  return planInvocationCostUsd(plan, billedMs, memoryMb, {
    initRan: report.initMs !== undefined,
    ...(restoreBilledMs !== undefined ? { restoreBilledMs } : {}),
  });
}
