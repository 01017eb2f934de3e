// The last check before `run` invokes anything: the estimate against the
// scenario's budget and the --max-cost flag. The cost limit is checked
// against the HIGH end of the estimated range, because a budget is a promise
// not to overspend and nothing is known of the function's duration yet.
// The refusal is data; report/cost-text.ts words it for the terminal.

import type { Budget } from '../plan/types';
import type { Estimate } from './estimate';

/** Where a cost limit came from: the scenario's budget.maxCostUsd or the --max-cost flag. */
export type CostLimitSource = 'scenario' | 'flag';

export type BudgetRefusal =
  | { readonly kind: 'invocations'; readonly invocations: number; readonly maxInvocations: number }
  | {
      readonly kind: 'cost';
      /** The high end of the estimated cost range. */
      readonly costUsd: number;
      readonly invocations: number;
      /** The billed duration per invocation assumed for that high end. */
      readonly billedMs: number;
      readonly limitUsd: number;
      readonly limitFrom: CostLimitSource;
    };

/** undefined when the run may go ahead, else why it may not (run exits 3). */
export function checkBudget(est: Estimate, budget: Budget, maxCostFlagUsd?: number): BudgetRefusal | undefined {
  if (budget.maxInvocations !== undefined && est.totalInvocations > budget.maxInvocations) {
    return { kind: 'invocations', invocations: est.totalInvocations, maxInvocations: budget.maxInvocations };
  }
  const limits: { usd: number; from: CostLimitSource }[] = [];
  if (budget.maxCostUsd !== undefined) limits.push({ usd: budget.maxCostUsd, from: 'scenario' });
  if (maxCostFlagUsd !== undefined) limits.push({ usd: maxCostFlagUsd, from: 'flag' });
  for (const limit of limits) {
    if (est.costUsd.high > limit.usd) {
      return {
        kind: 'cost',
        costUsd: est.costUsd.high,
        invocations: est.totalInvocations,
        billedMs: est.assumed.billedMs.high,
        limitUsd: limit.usd,
        limitFrom: limit.from,
      };
    }
  }
  return undefined;
}
