// Provisioned concurrency, end to end through the aws target: a raw HTTP
// server speaks Lambda's REST API for a qualifier with two provisioned
// environments (the local service does not serve them yet). Its Invoke
// answers carry REPORT lines as Lambda prints them: the first a spill-over
// cold start (Init Duration), the rest on provisioned environments (no Init
// Duration). invocations.csv prices each at its own rate, cell by cell, and
// run.json records the configuration and the standing charge in the
// projection. Prices: us-east-1 x86_64, https://aws.amazon.com/lambda/pricing/.

import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUMMY_AWS_ENV, num, readCsv, runCli, tempDir, writeScenario } from './helpers';

const ON_DEMAND = 0.0000166667;
const PROVISIONED_DURATION = 0.0000097222;
const PROVISIONED_CONCURRENCY = 0.0000041667;
const REQUEST = 0.0000002;

function report(id: string, billedMs: number, initMs?: number): string {
  return `START RequestId: ${id} Version: 3\nEND RequestId: ${id}\n`
    + `REPORT RequestId: ${id}\tDuration: ${(billedMs - (initMs ?? 0) - 0.5).toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB\t`
    + (initMs !== undefined ? `Init Duration: ${initMs.toFixed(2)} ms\t` : '') + '\n';
}

describe('provisioned concurrency on the invoked qualifier', () => {
  let server: http.Server;
  let endpoint: string;
  let dir: string;
  let invocations = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}, errorType?: string): void => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-RequestId': headers['x-amzn-RequestId'] ?? 'ctl', ...headers, ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
        res.end(JSON.stringify(body));
      };
      req.resume();
      req.on('end', () => {
        const q = url.searchParams.get('Qualifier');
        if (url.pathname === '/2015-03-31/functions/pc/configuration' && q === 'live') {
          return send(200, { FunctionName: 'pc', Runtime: 'nodejs22.x', MemorySize: 512, Version: '3', Architectures: ['x86_64'], EphemeralStorage: { Size: 512 }, LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/pc' } });
        }
        if (url.pathname === '/2019-09-30/functions/pc/provisioned-concurrency' && q === 'live') {
          return send(200, { RequestedProvisionedConcurrentExecutions: 2, AllocatedProvisionedConcurrentExecutions: 2, AvailableProvisionedConcurrentExecutions: 2, Status: 'READY' });
        }
        if (url.pathname === '/2015-03-31/functions/pc/invocations' && q === 'live') {
          invocations++;
          const id = `00000000-0000-4000-8000-00000000000${invocations}`;
          const log = invocations === 1 ? report(id, 212, 180.25) : report(id, 20 + invocations);
          return send(200, { ok: true }, { 'x-amzn-RequestId': id, 'X-Amz-Log-Result': Buffer.from(log).toString('base64'), 'X-Amz-Executed-Version': '3' });
        }
        return send(404, { message: `not served: ${req.method} ${url.pathname}` }, {}, 'UnknownOperationException');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = tempDir('coldbench-pc-');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prices the spill-over on demand and the rest at the provisioned rate; the standing charge goes to the projection', async () => {
    const file = writeScenario(dir, {
      name: 'pc',
      target: { kind: 'aws', function: 'pc', qualifier: 'live', region: 'us-east-1', endpoint },
      phases: [{ name: 'warm', pattern: 'sequential', count: 4 }],
      projection: { monthlyInvocations: 1000000, freeTier: true },
    });
    const out = path.join(dir, 'pc');
    const res = await runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows.map((r) => [r.qualifier, r.cold, r.billed_ms])).toEqual([['live', 'true', '212'], ['live', 'false', '22'], ['live', 'false', '23'], ['live', 'false', '24']]);
    // Spill-over: 0.212 s × 0.5 GB × on-demand; the others: billed × 0.5 GB × the provisioned duration rate.
    expect(num(rows[0]!.cost_usd)).toBeCloseTo(0.212 * 0.5 * ON_DEMAND + REQUEST, 12);
    for (const row of rows.slice(1)) expect(num(row.cost_usd)).toBeCloseTo((num(row.billed_ms) / 1000) * 0.5 * PROVISIONED_DURATION + REQUEST, 12);

    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as {
      function: Record<string, unknown>;
      cost: { billing: string; pricing: Record<string, unknown>; projection: { settings: { month: { provisioned: Record<string, number>; freeTierApplied: boolean } }[] } };
    };
    expect(run.function).toMatchObject({ qualifier: 'live', version: '3', provisionedConcurrency: { requested: 2, allocated: 2, status: 'READY' } });
    expect(run.cost.billing).toMatch(/provisioned duration rate/);
    expect(run.cost.pricing.provisionedConcurrency).toMatchObject({ concurrencyGbSecondUsd: PROVISIONED_CONCURRENCY, durationGbSecondUsd: PROVISIONED_DURATION });
    const month = run.cost.projection.settings[0]!.month;
    // 2 environments × 0.5 GB × 730 h = 2628000 GB-s at the standing rate; 3 of 4 billed invocations on provisioned environments.
    expect(month.provisioned.concurrencyGbSeconds).toBe(2628000);
    expect(month.provisioned.concurrencyUsd).toBeCloseTo(2628000 * PROVISIONED_CONCURRENCY, 9);
    expect(month.provisioned.invocationShare).toBeCloseTo(0.75, 12);
    expect(month.freeTierApplied).toBe(false);
  });
});
