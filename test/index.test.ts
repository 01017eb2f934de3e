// The package's `main` as a user gets it: dist/index.js, built, required by
// path. It must start the local service and run a plan with nothing else.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './cli/cli-capture';
import { csvHeader, readCsv, ROOT, tempDir, writeScenario } from './run/helpers';

type Api = typeof import('../src/index');

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'functions');
const dirs: string[] = [];
let api: Api;

beforeAll(() => {
  ensureBuilt('index.js');
  const main = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
  api = createRequire(__filename)(path.join(ROOT, main)) as Api;
}, 120_000);

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('package main (dist/index.js)', () => {
  it('is the file package.json names, and exports the programmatic API', () => {
    expect(typeof api.loadPlan).toBe('function');
    expect(typeof api.estimatePlan).toBe('function');
    expect(typeof api.runPlan).toBe('function');
    expect(typeof api.LocalLambda).toBe('function');
  });

  it('starts LocalLambda on a folder of functions and invokes one with the AWS SDK', async () => {
    const service = new api.LocalLambda({ functionsDir: FIXTURES, onWarning: () => {} });
    const endpoint = await service.start();
    try {
      expect(service.functionNames()).toContain('api-hello');
      const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const res = await client.send(new InvokeCommand({ FunctionName: 'api-hello', Payload: Buffer.from('{"from":"index"}') }));
      client.destroy();
      expect(res.StatusCode).toBe(200);
      expect(res.FunctionError).toBeUndefined();
      const body = JSON.parse(Buffer.from(res.Payload ?? new Uint8Array()).toString('utf8')) as { code: string; event: unknown };
      expect(body.code).toBe('api-hello-v1');
      expect(body.event).toEqual({ from: 'index' });
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('loads a scenario into a plan, estimates it and runs it into a result folder', async () => {
    const dir = tempDir('coldbench-index-');
    dirs.push(dir);
    const file = writeScenario(dir, {
      name: 'index-api',
      target: { kind: 'local', function: 'api-hello', code: path.join(FIXTURES, 'api-hello') },
      payload: { n: 1 },
      phases: [{ name: 'cold', pattern: 'cold', count: 1 }, { name: 'warm', pattern: 'sequential', count: 3 }],
    });
    const plan = await api.loadPlan(file);
    expect(api.estimatePlan(plan).totalInvocations).toBe(4);
    const outDir = path.join(dir, 'out');
    const outcome = await api.runPlan({ plan, outDir, quiet: true, log: () => {} });
    expect(outcome.kind).toBe('done');
    expect(csvHeader(path.join(outDir, 'invocations.csv'))).toEqual([...api.INVOCATION_COLUMNS]);
    const rows = readCsv(path.join(outDir, 'invocations.csv'));
    expect(rows.map((r) => [r.phase, r.status, r.cold])).toEqual([
      ['cold', 'ok', 'true'], ['warm', 'ok', 'false'], ['warm', 'ok', 'false'], ['warm', 'ok', 'false'],
    ]);
  }, 60_000);
});
