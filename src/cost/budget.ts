// The last check before `run` invokes anything: the estimate against the
// scenario's budget and the --max-cost flag. The cost limit is checked
// against the HIGH end of the estimated range, because a budget is a promise
// not to overspend and nothing is known of the function's duration yet.

import type { Budget } from '../plan/types';
import type { Estimate } from './estimate';
import { formatUsd } from './estimate';

/** undefined when the run may go ahead, else the one-line reason it may not (run exits 3). */
export function checkBudget(est: Estimate, budget: Budget, maxCostFlagUsd?: number): string | undefined {
  if (budget.maxInvocations !== undefined && est.totalInvocations > budget.maxInvocations) {
    return `refused: the scenario makes ${est.totalInvocations} invocations, more than budget.maxInvocations (${budget.maxInvocations}); nothing was invoked`;
  }
  const limits: { usd: number; from: string }[] = [];
  if (budget.maxCostUsd !== undefined) limits.push({ usd: budget.maxCostUsd, from: 'budget.maxCostUsd' });
  if (maxCostFlagUsd !== undefined) limits.push({ usd: maxCostFlagUsd, from: '--max-cost' });
  for (const limit of limits) {
    if (est.costUsd.high > limit.usd) {
      return `refused: the estimated cost may reach ${formatUsd(est.costUsd.high)} (${est.totalInvocations} invocations at up to ${est.assumed.billedMs.high} ms billed each), more than ${limit.from} (${formatUsd(limit.usd)}); nothing was invoked`;
    }
  }
  return undefined;
}
