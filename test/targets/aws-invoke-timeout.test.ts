// Nothing hangs (issue 16): against an endpoint that accepts the connection
// and never answers an Invoke (a frozen process with its socket open), each
// invocation ends as a `timeout` row once the client's invocation timeout
// passes: by default the function's timeout plus a margin.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsTarget, CLIENT_TIMEOUT, INVOCATION_TIMEOUT_MARGIN_MS, invocationTimeoutMs } from '../../src/targets/aws';
import { Journal } from '../../src/targets/journal';
import * as path from 'node:path';
import { DUMMY_AWS_ENV, hasStackTrace, readCsv, runCli, tempDir, writeScenario } from '../run/helpers';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
let server: http.Server;
let endpoint: string;
let invokes = 0;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  // A raw HTTP server: GetFunctionConfiguration is answered (Timeout 2 s), Invoke never is.
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    req.resume();
    if (req.method === 'POST' && url.includes('/invocations')) {
      invokes++;
      held.push(res);
      return;
    }
    if (url.includes('/configuration')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ FunctionName: 'frozen', Version: '1', Runtime: 'nodejs20.x', MemorySize: 128, Timeout: 2, PackageType: 'Zip' }));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' });
    res.end(JSON.stringify({ Type: 'User', Message: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((r) => server.close(r));
});

describe('aws target: the client-side invocation timeout', () => {
  it('defaults to the function timeout plus a margin, read in open()', async () => {
    expect(invocationTimeoutMs(2)).toBe(2000 + INVOCATION_TIMEOUT_MARGIN_MS);
    const target = new AwsTarget({ function: 'frozen', qualifier: '1', region: 'us-east-1', endpoint, credentials, journal: Journal.inMemory() });
    try {
      await target.open();
      expect(target.invocationTimeoutMs).toBe(2000 + INVOCATION_TIMEOUT_MARGIN_MS);
    } finally {
      await target.close();
    }
  });

  it('ends an invocation that is never answered as a timeout row, and the next one too', async () => {
    const target = new AwsTarget({ function: 'frozen', qualifier: '1', region: 'us-east-1', endpoint, credentials, journal: Journal.inMemory(), invocationTimeoutMs: 400 });
    try {
      await target.open();
      for (let i = 1; i <= 2; i++) {
        const started = performance.now();
        const attempt = await target.invoke(Buffer.from('{}'), started);
        const took = performance.now() - started;
        expect(invokes).toBe(i);
        expect(attempt).toMatchObject({ status: 'timeout', errorType: CLIENT_TIMEOUT, report: undefined });
        expect(attempt.errorMessage).toMatch(/no answer within 400 ms/);
        expect(took).toBeGreaterThanOrEqual(390);
        expect(took).toBeLessThan(3000);
      }
    } finally {
      await target.close();
    }
  });

  it('takes the scenario\'s invocationTimeout: a run against a frozen endpoint ends, every row a client timeout', async () => {
    const dir = tempDir('coldbench-frozen-');
    const scenario = writeScenario(dir, {
      name: 'frozen',
      target: { kind: 'aws', function: 'frozen', qualifier: '1', region: 'us-east-1', endpoint, invocationTimeout: '300ms' },
      phases: [{ name: 'seq', pattern: 'sequential', count: 3 }],
    });
    const before = invokes;
    const out = path.join(dir, 'out');
    const result = await runCli(['run', scenario, '--out', out, '--yes'], { env: DUMMY_AWS_ENV, timeoutMs: 20_000 });
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(invokes - before).toBe(3);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows.map((r) => [r.status, r.error_type])).toEqual(Array.from({ length: 3 }, () => ['timeout', CLIENT_TIMEOUT]));
    expect(rows.every((r) => /no answer within 300 ms/.test(r.error_message ?? ''))).toBe(true);
    // Every invocation failed: the run says so with its exit code, it does not hang.
    expect(result.code).toBe(1);
  });
});
