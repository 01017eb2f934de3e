// End to end: a `load` phase (autocannon, 4 connections, a fixed amount)
// against a local Function URL right after a configuration change, through
// the real orchestrator, result writer and log join. The rows marked cold
// must be exactly the requests the service ran on new environments.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionUrlConfigCommand, GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../src/stub';
import { loadPlan } from '../../src/plan/load';
import { runPlan } from '../../src/run/run';
import { clientFor } from '../stub/service-helpers';
import { num, readCsv, tempDir, writeScenario } from '../run/helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');
const GROUP = '/aws/lambda/url-echo';

let service: LocalLambda;
let lambda: LambdaClient;
let endpoint: string;
let url: string;
let dir: string;

beforeAll(async () => {
  service = new LocalLambda({ functions: [{ name: 'url-echo', codeDir: path.join(FIXTURES, 'url-echo') }], onWarning: () => undefined });
  endpoint = await service.start();
  lambda = clientFor(endpoint);
  url = (await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', AuthType: 'NONE' }))).FunctionUrl as string;
  dir = tempDir('coldbench-http-');
  // One warm environment of the old configuration, which the change must not reuse.
  expect((await fetch(url)).status).toBe(200);
});

afterAll(async () => {
  lambda?.destroy();
  await service?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The first request each environment (log stream) ran: the ones that paid its init. */
function firstRequestPerStream(streams: readonly string[]): string[] {
  return streams.map((s) => {
    const start = service.logs.events(GROUP, s).find((e) => e.message.startsWith('START RequestId: '));
    return (start?.message.split(' ')[2]) as string;
  });
}

describe('http target: load against a Function URL, joined with REPORT lines', () => {
  it('marks cold exactly the requests that ran on new environments, with init_ms, and the rest warm', async () => {
    const before = new Set(service.logs.streams(GROUP).map((s) => s.logStreamName));
    const file = writeScenario(dir, {
      name: 'http-e2e',
      target: { kind: 'http', url: `${url}?sleep=25`, method: 'GET', function: 'url-echo', endpoint },
      // 256 MB differs from the function's 128: a configuration change, so the first requests are cold.
      memory: [256],
      phases: [{ name: 'load', pattern: 'load', connections: 4, amount: 60 }],
    });
    const out = path.join(dir, 'out');
    const outcome = await runPlan({ plan: await loadPlan(file), outDir: out, quiet: true, log: () => undefined });
    expect(outcome.message).toBeUndefined();
    expect(outcome.kind).toBe('done');

    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.status === 'ok' && r.target === 'http' && r.memory_mb === '256')).toBe(true);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(60);

    const created = service.logs.streams(GROUP).map((s) => s.logStreamName).filter((s) => !before.has(s));
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.length).toBeLessThanOrEqual(4);
    const cold = rows.filter((r) => r.cold === 'true');
    expect(cold.length).toBe(created.length);
    expect(new Set(cold.map((r) => r.request_id))).toEqual(new Set(firstRequestPerStream(created)));
    for (const r of cold) expect(num(r.init_ms)).toBeGreaterThan(0);
    const warm = rows.filter((r) => r.cold !== 'true');
    expect(warm.every((r) => r.cold === 'false' && r.init_ms === '')).toBe(true);
    // Joined rows carry the REPORT line's numbers and a cost from its billed duration.
    for (const r of rows) {
      expect(num(r.duration_ms)).toBeGreaterThan(0);
      expect(num(r.billed_ms)).toBeGreaterThanOrEqual(Math.ceil(num(r.duration_ms)));
      expect(num(r.max_memory_mb)).toBeGreaterThan(0);
      expect(num(r.cost_usd)).toBeGreaterThan(0);
    }
    // Cold requests include the init: slower than warm ones (a ratio, not a time).
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    expect(median(cold.map((r) => num(r.client_ms)))).toBeGreaterThan(median(warm.map((r) => num(r.client_ms))));

    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { http: { logJoin: { rowsWithReport: number; rowsWithoutReport: number }; billing: { estimated: boolean } } };
    expect(run.http.logJoin.rowsWithReport).toBe(60);
    expect(run.http.logJoin.rowsWithoutReport).toBe(0);
    expect(run.http.billing.estimated).toBe(false);

    const summary = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8');
    expect(summary).toMatch(/,cold,/);
    expect(summary).toMatch(/,warm,/);

    // The memory change was put back.
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'url-echo' }));
    expect(config.MemorySize).toBe(128);
  });

  it('without `function` the same load measures latency only: start type unknown, cost estimated from client time', async () => {
    const file = writeScenario(dir, {
      name: 'http-nofn',
      target: { kind: 'http', url, method: 'GET' },
      memory: [512],
      phases: [{ name: 'load', pattern: 'load', connections: 2, amount: 10 }],
    }, 'nofn.json');
    const out = path.join(dir, 'out-nofn');
    const outcome = await runPlan({ plan: await loadPlan(file), outDir: out, quiet: true, log: () => undefined });
    expect(outcome.kind).toBe('done');
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.cold).toBe('');
      expect(r.init_ms).toBe('');
      expect(r.billed_ms).toBe('');
      expect(r.memory_mb).toBe('512');
      expect(num(r.cost_usd)).toBeGreaterThan(0);
      expect(r.request_id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { http: { billing: { estimated: boolean; estimatedRows: number }; logJoin: unknown } };
    expect(run.http.billing).toMatchObject({ estimated: true, estimatedRows: 10 });
    expect(run.http.logJoin).toBeNull();
    expect(fs.readFileSync(path.join(out, 'summary.csv'), 'utf8')).toMatch(/,unknown,/);
  });
});
