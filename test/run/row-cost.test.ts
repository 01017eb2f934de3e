// A row's cost from the function's own pricing, carried on the plan the run
// executes: a SnapStart restore of a Python function pays the restore charge
// per GB of memory (its Billed Restore Duration already in Billed Duration);
// the same restore of a Java function does not; a function whose SnapStart is
// not active on the invoked qualifier never does. Prices: us-east-1,
// https://aws.amazon.com/lambda/pricing/.

import * as fs from 'node:fs';
import type { Runtime, SnapStartOptimizationStatus } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { withFunctionPricing } from '../../src/cost/model';
import { parseReportLine, type ReportLine } from '../../src/measure/report-line';
import { loadPlan } from '../../src/plan/load';
import { functionPricing } from '../../src/run/function-plan';
import { buildRow } from '../../src/run/row';
import { factsOf } from '../../src/targets/function-facts';
import { tempDir, writeScenario } from './helpers';

const RESTORE_LINE = 'REPORT RequestId: 3f6c1a2e-0000-4000-8000-000000000002\tDuration: 45.00 ms\tBilled Duration: 564 ms\tMemory Size: 1024 MB\tMax Memory Used: 210 MB\tRestore Duration: 518.37 ms\tBilled Restore Duration: 519 ms\t';

describe('costOf with the function\'s SnapStart', () => {
  const dir = tempDir('coldbench-rowcost-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const version = (runtime: Runtime, optimizationStatus: SnapStartOptimizationStatus) => factsOf({
    FunctionName: 'snap', Runtime: runtime, MemorySize: 1024, Version: '4', Architectures: ['x86_64'],
    SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: optimizationStatus },
  }, 'snap', '4', { kind: 'none' });

  it('adds the restore charge for Python, not for Java, and only on an active SnapStart qualifier', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'snap',
      target: { kind: 'aws', function: 'snap', region: 'us-east-1' },
      phases: [{ name: 'restore', pattern: 'sequential', count: 1 }],
    }));
    // The report's Billed Restore Duration, as the log reader gives it (a field of the parsed report).
    const parsed = parseReportLine(RESTORE_LINE)!;
    const restoreReport = { ...parsed, billedRestoreMs: 519 } as ReportLine;
    const attempt = { clientMs: 600, status: 'ok' as const, errorType: undefined, requestId: parsed.requestId, report: restoreReport };
    const ctx = (p: typeof plan) => ({ runId: 'r', plan: p, phase: 'restore', functionName: 'snap', qualifier: '4' });

    expect(functionPricing(version('python3.12', 'On'))).toEqual({ provisionedConcurrency: 0, snapStartCharged: true });
    expect(functionPricing(version('java21', 'On'))).toEqual({ provisionedConcurrency: 0, snapStartCharged: false });
    expect(functionPricing(version('python3.12', 'Off'))).toEqual({ provisionedConcurrency: 0, snapStartCharged: false });

    // 0.564 s × 1 GB × 0.0000166667 + 0.0000002 = 0.0000096000188; + 1 GB × 0.0001397998 restored
    const python = buildRow(ctx(withFunctionPricing(plan, functionPricing(version('python3.12', 'On')))), 1, new Date(), 1024, attempt);
    expect(python.cost_usd).toBeCloseTo(0.0000096000188 + 0.0001397998, 15);
    const java = buildRow(ctx(withFunctionPricing(plan, functionPricing(version('java21', 'On')))), 1, new Date(), 1024, attempt);
    expect(java.cost_usd).toBeCloseTo(0.0000096000188, 15);
    // The plan alone, before any function is read: the duration only.
    expect(buildRow(ctx(plan), 1, new Date(), 1024, attempt).cost_usd).toBeCloseTo(0.0000096000188, 15);
  });
});
