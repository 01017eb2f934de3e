// The estimate is checked against the budget before anything runs, but
// retries of throttled invocations and real durations can go past it. The
// run asks the guard before each attempt, so attempts never pass
// maxInvocations (in flight ones included), and the first attempt after the
// measured cost passed maxCostUsd is not made; the run stops there. A run that
// ends exactly at its limit was not stopped by it.

import type { InvocationRow } from '../measure/row';
import type { Budget } from '../plan/types';
import type { RowSink } from './execute';

export class BudgetGuard implements RowSink {
  private attempts = 0;
  private costUsd = 0;
  private reason: string | undefined;

  constructor(private readonly limits: Budget) {}

  /** Why an attempt was refused, if one was. */
  get exceeded(): string | undefined {
    return this.reason;
  }

  write(row: InvocationRow): void {
    this.costUsd += row.cost_usd ?? 0;
  }

  /** May one more attempt be made? Remembers why not. */
  admit(): boolean {
    if (this.reason !== undefined) return false;
    const { maxInvocations, maxCostUsd } = this.limits;
    if (maxInvocations !== undefined && this.attempts >= maxInvocations) {
      this.reason = `stopped: ${this.attempts} invocation attempts reached budget.maxInvocations (${maxInvocations})`;
    } else if (maxCostUsd !== undefined && this.costUsd > maxCostUsd) {
      this.reason = `stopped: the cost so far (${this.costUsd.toPrecision(3)} USD) passed the limit of ${maxCostUsd} USD`;
    }
    if (this.reason !== undefined) return false;
    this.attempts++;
    return true;
  }
}
