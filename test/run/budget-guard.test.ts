import { describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { BudgetGuard } from '../../src/run/budget-guard';

function row(cost: number | undefined): InvocationRow {
  return {
    run_id: 'r', scenario: 's', phase: 'p', target: 'local', function: 'f', qualifier: '$LATEST', memory_mb: 128,
    architecture: 'x86_64', seq: 1, started_at: new Date(0), client_ms: 1, cold: false, init_ms: undefined,
    duration_ms: 1, billed_ms: 1, max_memory_mb: 10, status: 'ok', error_type: undefined, request_id: 'x', cost_usd: cost,
    start_type: 'warm', restore_ms: undefined,
  };
}

describe('BudgetGuard', () => {
  it('admits exactly maxInvocations attempts, then refuses and says why', () => {
    const guard = new BudgetGuard({ maxInvocations: 3 });
    expect([guard.admit(), guard.admit(), guard.admit()]).toEqual([true, true, true]);
    // Reaching the limit is not passing it: nothing is refused yet.
    expect(guard.exceeded).toBeUndefined();
    expect(guard.admit()).toBe(false);
    expect(guard.exceeded).toMatch(/3 invocation attempts reached budget\.maxInvocations \(3\)/);
    expect(guard.admit()).toBe(false);
  });

  it('refuses the next attempt once the cost measured so far passes the limit; unknown costs count as nothing', () => {
    const guard = new BudgetGuard({ maxCostUsd: 0.001 });
    for (const cost of [0.0006, undefined, 0.0004]) {
      expect(guard.admit()).toBe(true);
      guard.write(row(cost));
    }
    expect(guard.admit()).toBe(true);
    guard.write(row(0.0000001));
    expect(guard.exceeded).toBeUndefined();
    expect(guard.admit()).toBe(false);
    expect(guard.exceeded).toMatch(/passed the limit of 0\.001 USD/);
  });

  it('without limits never refuses', () => {
    const guard = new BudgetGuard({});
    for (let i = 0; i < 1000; i++) {
      expect(guard.admit()).toBe(true);
      guard.write(row(1));
    }
    expect(guard.exceeded).toBeUndefined();
  });
});
