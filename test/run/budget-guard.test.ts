import { describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { BudgetGuard } from '../../src/run/budget-guard';

function row(cost: number | undefined): InvocationRow {
  return {
    run_id: 'r', scenario: 's', phase: 'p', target: 'local', function: 'f', qualifier: '$LATEST', memory_mb: 128,
    architecture: 'x86_64', seq: 1, started_at: new Date(0), client_ms: 1, cold: false, init_ms: undefined,
    duration_ms: 1, billed_ms: 1, max_memory_mb: 10, status: 'ok', error_type: undefined, request_id: 'x', cost_usd: cost,
  };
}

describe('BudgetGuard', () => {
  it('stops once, when the attempts reach maxInvocations', () => {
    let stops = 0;
    const guard = new BudgetGuard({ maxInvocations: 3 }, () => stops++);
    guard.write(row(0));
    guard.write(row(0));
    expect(guard.exceeded).toBeUndefined();
    guard.write(row(0));
    expect(guard.exceeded).toMatch(/3 invocation attempts reached budget\.maxInvocations \(3\)/);
    guard.write(row(0));
    expect(stops).toBe(1);
  });

  it('stops when the cost measured so far passes the limit; unknown costs count as nothing', () => {
    let stops = 0;
    const guard = new BudgetGuard({ maxCostUsd: 0.001 }, () => stops++);
    guard.write(row(0.0006));
    guard.write(row(undefined));
    guard.write(row(0.0004));
    expect(guard.exceeded).toBeUndefined();
    guard.write(row(0.0000001));
    expect(guard.exceeded).toMatch(/passed the limit of 0\.001 USD/);
    expect(stops).toBe(1);
  });

  it('without limits never stops', () => {
    const guard = new BudgetGuard({}, () => { throw new Error('stopped'); });
    for (let i = 0; i < 1000; i++) guard.write(row(1));
    expect(guard.exceeded).toBeUndefined();
  });
});
