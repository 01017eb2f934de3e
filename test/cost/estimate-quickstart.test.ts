// The estimate before the run is one a user can budget with: on the
// quickstart it uses the function's configured memory (function.json, else
// 128 MB) and the scenario's expectedDuration, so it lands within a small
// factor of what the run then measures, and `--max-cost 0.01` lets it run.
// (It was 650× the actual cost when it assumed 1,000 ms at 10,240 MB.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/cost/budget';
import { estimatePlan } from '../../src/cost/estimate';
import { loadPlan } from '../../src/plan/load';
import { runPlan } from '../../src/run/run';
import { ROOT, tempDir, writeScenario } from '../run/helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('an estimate you can budget with', () => {
  it('the quickstart: estimated within a sane factor of its measured cost, and --max-cost 0.01 does not refuse it', async () => {
    const plan = await loadPlan(path.join(ROOT, 'scenarios', 'quickstart.yaml'));
    expect(plan.expectedDurationMs).toBe(50);
    const estimate = estimatePlan(plan);
    expect(estimate.assumed.unknownMemoryMb).toEqual({ low: 128, high: 128 });
    expect(estimate.assumed.billedMs.high).toBe(50);
    expect(checkBudget(estimate, plan.budget, 0.01)).toBeUndefined();

    const dir = tempDir();
    dirs.push(dir);
    const outcome = await runPlan({ plan, outDir: path.join(dir, 'out'), quiet: true, log: () => undefined });
    expect(outcome.kind).toBe('done');
    const actual = outcome.summary?.totalCostUsd ?? Number.NaN;
    expect(actual).toBeGreaterThan(0);
    // The high end covers the run, and is not more than 10× it.
    expect(estimate.costUsd.high).toBeGreaterThanOrEqual(actual);
    expect(estimate.costUsd.high / actual).toBeLessThan(10);
  });

  it('without expectedDuration the local function’s memory still bounds it: 1 s at 128 MB, not at 10,240 MB', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const plan = await loadPlan(writeScenario(dir, {
      target: { kind: 'local', code: path.join(ROOT, 'scenarios', 'functions', 'hello') },
      phases: [{ name: 'warm', pattern: 'sequential', count: 10 }],
    }));
    const estimate = estimatePlan(plan);
    expect(estimate.assumed.unknownMemoryMb).toEqual({ low: 128, high: 128 });
    expect(estimate.assumed.billedMs).toEqual({ low: 1, high: 1000 });
    // us-east-1 x86_64: $0.0000166667 per GB-second and $0.20 per million requests
    // (https://aws.amazon.com/lambda/pricing/).
    expect(estimate.costUsd.high).toBeCloseTo(10 * (0.125 * 1 * 0.0000166667 + 0.2e-6), 10);
  });

  it('expectedDuration is a duration like the others: a bare unit-less string or zero is refused, naming the field', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const base = { target: { kind: 'local', code: path.join(ROOT, 'scenarios', 'functions', 'hello') }, phases: [{ name: 'w', pattern: 'sequential', count: 1 }] };
    await expect(loadPlan(writeScenario(dir, { ...base, expectedDuration: '0ms' }, 'zero.json'))).rejects.toThrow(/expectedDuration: must be longer than zero/);
    await expect(loadPlan(writeScenario(dir, { ...base, expectedDuration: '20 minutes' }, 'long.json'))).rejects.toThrow(/expectedDuration/);
    const plan = await loadPlan(writeScenario(dir, { ...base, expectedDuration: '2s' }, 'ok.json'));
    expect(plan.expectedDurationMs).toBe(2000);
  });
});
