import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/cost/budget';
import { estimatePlan } from '../../src/cost/estimate';
import { loadPlan } from '../../src/plan/load';
import { formatBudgetRefusal } from '../../src/report/cost-text';
import { coldbench, ensureBuilt } from './cli-capture';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'cost', name);

describe('coldbench estimate', () => {
  beforeAll(() => ensureBuilt(path.join('cli', 'commands', 'estimate.js')), 120_000);

  it('prints per-phase and total invocations, wall time and the cost range with its assumption, and exits 0', async () => {
    const { code, out, err } = await coldbench('estimate', fixture('sweep.yaml'));
    expect(err).toBe('');
    expect(code).toBe(0);
    // 2 memory settings × (10 cold + 100 sequential + 5/s × 10 s)
    expect(out).toMatch(/128 MB\s+cold\s+cold\s+10\s+10/);
    expect(out).toMatch(/1024 MB\s+steady\s+rate\s+50\s+0/);
    expect(out).toContain('Total invocations: 320 (20 forced cold starts)');
    expect(out).toMatch(/Expected wall time: ~\d/);
    // arm64 us-east-1, per setting 160 invocations:
    // low  160 × (0.001 × 0.125 × 0.0000133334 + 0.0000002) + 160 × (0.001 × 1 × 0.0000133334 + 0.0000002) = 0.00006640003
    // high 160 × (1 × 0.125 × 0.0000133334 + 0.0000002)     + 160 × (1 × 1 × 0.0000133334 + 0.0000002)     = 0.002464012
    expect(out).toContain('Estimated cost: $0.00006640 – $0.002464');
    expect(out).toContain('1 ms to 1000 ms billed per invocation');
    // 1e7 a month, free tier: 128 MB 1.25e6 GB-s − 4e5 = 8.5e5 × 0.0000133334 = 11.33339, + 9e6 × 0.0000002 = 1.8
    expect(out).toContain('128 MB: $1.80 – $13.13 per month');
    // 1024 MB: 1e7 GB-s − 4e5 = 9.6e6 × 0.0000133334 = 128.00064, + 1.8
    expect(out).toContain('1024 MB: $1.80 – $129.80 per month');
  });

  it('notes the fallback when the region has no known prices', async () => {
    const { code, out } = await coldbench('estimate', fixture('unknown-region.yaml'));
    expect(code).toBe(0);
    expect(out).toContain('no prices known for region "xx-nowhere-1": priced as us-east-1');
    expect(out).toContain('assumed 128 MB for the low end, 10240 MB for the high end');
  });

  it('exits 2 with one line naming the file, line and field for a bad scenario', async () => {
    const { code, out, err } = await coldbench('estimate', fixture('bad.yaml'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('bad.yaml:6');
    expect(err).toContain('phases[0].pattern');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a scenario file that does not exist', async () => {
    const { code, err } = await coldbench('estimate', fixture('missing.yaml'));
    expect(code).toBe(2);
    expect(err).toContain('missing.yaml');
  });
});

describe('budget check on a loaded plan', () => {
  it('refuses a scenario whose estimate passes its budget', async () => {
    const est = estimatePlan(await loadPlan(fixture('over-budget.yaml')));
    const refusal = checkBudget(est, (await loadPlan(fixture('over-budget.yaml'))).budget);
    expect(refusal && formatBudgetRefusal(refusal)).toContain('budget.maxInvocations (999)');
  });

  it('refuses on cost alone, from the scenario or from --max-cost', async () => {
    const plan = await loadPlan(fixture('sweep.yaml'));
    const est = estimatePlan(plan);
    expect(checkBudget(est, plan.budget)).toBeUndefined();
    const fromFlag = checkBudget(est, plan.budget, 0.001);
    expect(fromFlag && formatBudgetRefusal(fromFlag)).toMatch(/--max-cost \(\$0\.001000\)/);
    const fromScenario = checkBudget(est, { ...plan.budget, maxCostUsd: 0.002 });
    expect(fromScenario && formatBudgetRefusal(fromScenario)).toContain('budget.maxCostUsd');
  });
});
