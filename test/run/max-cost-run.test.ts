// `--max-cost` stops a run on the cost MEASURED so far, not only on the
// estimate: a scenario whose estimate passes (its high end assumes 1 s billed
// per invocation) but whose function runs 2.5 s at 10,240 MB costs more than
// the limit after a few invocations. The function logs in the JSON format, so
// the measured cost comes from platform.report records. The run exits 3,
// keeps the rows so far, and puts the function's memory back.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { estimatePlan } from '../../src/cost/estimate';
import { loadPlan } from '../../src/plan/load';
import { DUMMY_AWS_ENV, ROOT, num, readCsv, runCli, separateServiceForSuite, tempDir, writeScenario } from './helpers';

const PROBE = path.join(ROOT, 'test', 'fixtures', 'functions', 'pc-probe');
const COUNT = 4;

describe('--max-cost against the measured cost (aws target, JSON logs, local service as Lambda)', () => {
  const lambda = separateServiceForSuite([
    { name: 'slow-json', codeDir: PROBE, memoryMb: 128, timeoutSec: 30, logging: { logFormat: 'JSON' } },
  ]);
  const dir = tempDir('coldbench-maxcost-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an estimate under the limit, a measured cost over it: exit 3, rows so far kept, memory put back', async () => {
    const file = writeScenario(dir, {
      name: 'max-cost',
      target: { kind: 'aws', function: 'slow-json', region: 'us-east-1', endpoint: lambda.endpoint },
      memory: [10240],
      payload: { ms: 2500 },
      phases: [{ name: 'slow', pattern: 'sequential', count: COUNT }],
    });
    // The limit sits just above the estimate's high end, so `run` accepts the scenario.
    const estimate = estimatePlan(await loadPlan(file));
    expect(estimate.totalInvocations).toBe(COUNT);
    const limit = estimate.costUsd.high * 1.05;

    const out = path.join(dir, 'out');
    const res = await runCli(['run', file, '--out', out, '--quiet', '--max-cost', limit.toPrecision(6)], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    expect(res.stderr).toMatch(/stopped: the cost so far \(.+ USD\) passed the limit of .+ USD; results so far kept, functions restored/);
    expect(res.code).toBe(3);

    const rows = readCsv(path.join(out, 'invocations.csv'));
    // Stopped before the scenario's count: the first attempt after the sum passed the limit was not made.
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(COUNT);
    let sum = 0;
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ function: 'slow-json', memory_mb: '10240', status: 'ok' });
      expect(num(row.duration_ms)).toBeGreaterThanOrEqual(2500);
      expect(num(row.cost_usd)).toBeGreaterThan(0);
      // Every row but the last was made while the sum was still within the limit.
      if (i < rows.length - 1) expect(sum + num(row.cost_usd)).toBeLessThanOrEqual(Number(limit.toPrecision(6)));
      sum += num(row.cost_usd);
    }
    expect(sum).toBeGreaterThan(Number(limit.toPrecision(6)));
    const runJson = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { budgetStop?: string };
    expect(runJson.budgetStop).toMatch(/passed the limit/);

    const after = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'slow-json' }));
    expect(after.MemorySize).toBe(128);
  }, 90_000);

  it('a run at the function\'s own memory is priced at the memory it is configured with, read before the run', async () => {
    const file = writeScenario(dir, {
      name: 'own-memory',
      target: { kind: 'aws', function: 'slow-json', region: 'us-east-1', endpoint: lambda.endpoint },
      expectedDuration: '100ms',
      payload: { ms: 1 },
      phases: [{ name: 'few', pattern: 'sequential', count: 3 }],
    });
    // Unread, the estimate spans 128 to 10,240 MB; the limit sits between the two ends.
    const range = estimatePlan(await loadPlan(file));
    const atConfigured = estimatePlan(await loadPlan(file), { unknownMemoryMb: { low: 128, high: 128 } });
    const limit = Math.sqrt(atConfigured.costUsd.high * range.costUsd.high);
    expect(limit).toBeGreaterThan(atConfigured.costUsd.high);
    expect(limit).toBeLessThan(range.costUsd.high);

    const out = path.join(dir, 'own');
    const res = await runCli(['run', file, '--out', out, '--quiet', '--max-cost', limit.toPrecision(6)], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    expect(res.stderr).not.toMatch(/refused/);
    expect(res.code).toBe(0);
    expect(readCsv(path.join(out, 'invocations.csv'))).toHaveLength(3);
    const runJson = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { estimate?: { assumed?: { unknownMemoryMb?: unknown }; assumptions?: string[] } };
    expect(runJson.estimate?.assumed?.unknownMemoryMb).toEqual({ low: 128, high: 128 });
    expect(runJson.estimate?.assumptions?.join('\n')).toMatch(/the function's 128 MB \(its configuration, read before the run\)/);

    // A function that cannot be read before the run is priced over the whole range, and refused.
    const missing = writeScenario(dir, {
      name: 'own-memory-missing',
      target: { kind: 'aws', function: 'no-such-function', region: 'us-east-1', endpoint: lambda.endpoint },
      expectedDuration: '100ms',
      phases: [{ name: 'few', pattern: 'sequential', count: 3 }],
    }, 'missing.json');
    const refused = await runCli(['run', missing, '--out', path.join(dir, 'missing'), '--quiet', '--max-cost', limit.toPrecision(6)], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    expect(refused.stderr).toMatch(/refused/);
    expect(refused.code).toBe(3);
  }, 90_000);
});
