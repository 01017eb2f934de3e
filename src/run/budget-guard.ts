// The estimate is checked against the budget before anything runs, but
// retries of throttled invocations and real durations can go past it. This
// guard watches every row and stops the run (no more slots) the moment the
// attempts or the cost measured so far pass a limit.

import type { InvocationRow } from '../measure/row';
import type { Budget } from '../plan/types';
import type { RowSink } from './execute';

export class BudgetGuard implements RowSink {
  private attempts = 0;
  private costUsd = 0;
  private reason: string | undefined;

  constructor(private readonly limits: Budget, private readonly stop: () => void) {}

  /** Why the run was stopped, if it was. */
  get exceeded(): string | undefined {
    return this.reason;
  }

  write(row: InvocationRow): void {
    this.attempts++;
    this.costUsd += row.cost_usd ?? 0;
    if (this.reason !== undefined) return;
    const { maxInvocations, maxCostUsd } = this.limits;
    if (maxInvocations !== undefined && this.attempts >= maxInvocations) {
      this.reason = `stopped: ${this.attempts} invocation attempts reached budget.maxInvocations (${maxInvocations})`;
    } else if (maxCostUsd !== undefined && this.costUsd > maxCostUsd) {
      this.reason = `stopped: the cost so far (${this.costUsd.toPrecision(3)} USD) passed the limit of ${maxCostUsd} USD`;
    }
    if (this.reason !== undefined) this.stop();
  }
}
