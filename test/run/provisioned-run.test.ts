// `coldbench run` on an alias with provisioned concurrency, the aws target
// pointed at the local service standing in for Lambda: every invocation is
// measured; those on the provisioned environments are warm (no Init
// Duration), the spill-over beyond them cold. And the `cold` pattern on such
// a qualifier is refused before anything runs, with the reason. In both log
// formats, each row's cost_usd is recomputed here from its billed_ms and
// memory: the provisioned duration rate for the warm rows, on demand for the
// spill-over (prices read from src/cost/pricing.json;
// https://aws.amazon.com/lambda/pricing/, Provisioned Concurrency Pricing).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, GetProvisionedConcurrencyConfigCommand, PublishVersionCommand, PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { DUMMY_AWS_ENV, ROOT, hasStackTrace, num, readCsv, runCli, separateServiceForSuite, tempDir, writeScenario, type CsvRecord } from './helpers';
import { INVOCATION_COLUMNS } from '../../src/measure/row';

const PROBE = path.join(__dirname, '..', 'fixtures', 'functions', 'pc-probe');

interface Prices {
  readonly regions: Record<string, { gbSecondUsd: Record<string, number>; requestUsd: number }>;
  readonly provisionedConcurrency: { regions: Record<string, { durationGbSecondUsd: Record<string, number> }> };
}
const PRICES = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'cost', 'pricing.json'), 'utf8')) as Prices;

/** billed seconds × GB × the rate (provisioned or on demand) of the row's architecture, plus the request. */
function expectCost(row: CsvRecord, pricing: 'provisioned' | 'on-demand'): void {
  const arch = row.architecture ?? '';
  const rate = pricing === 'provisioned'
    ? PRICES.provisionedConcurrency.regions['us-east-1']!.durationGbSecondUsd[arch]!
    : PRICES.regions['us-east-1']!.gbSecondUsd[arch]!;
  expect(rate).toBeGreaterThan(0);
  const want = (num(row.billed_ms) / 1000) * (num(row.memory_mb) / 1024) * rate + PRICES.regions['us-east-1']!.requestUsd;
  expect(Math.abs(num(row.cost_usd) - want) / want, `cost_usd ${row.cost_usd} vs ${want} (${pricing})`).toBeLessThan(1e-9);
}

describe('coldbench run on a provisioned alias (aws target, local service as Lambda)', () => {
  const lambda = separateServiceForSuite([
    { name: 'pc-probe', codeDir: PROBE, memoryMb: 256 },
    { name: 'pc-probe-json', codeDir: PROBE, memoryMb: 512, architecture: 'arm64', logging: { logFormat: 'JSON' } },
  ]);
  const dir = tempDir('coldbench-pc-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    { fn: 'pc-probe', format: 'Text', memory: '256', arch: 'x86_64' },
    { fn: 'pc-probe-json', format: 'JSON', memory: '512', arch: 'arm64' },
  ])('three at once on an alias with 2 provisioned ($format logs): two warm rows at the provisioned price, one cold spill-over row on demand, cell by cell', async ({ fn, memory, arch }) => {
    const client = lambda.client;
    const { Version } = await client.send(new PublishVersionCommand({ FunctionName: fn }));
    await client.send(new CreateAliasCommand({ FunctionName: fn, Name: 'live', FunctionVersion: Version }));
    await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: fn, Qualifier: 'live', ProvisionedConcurrentExecutions: 2 }));
    const until = Date.now() + 20_000;
    while ((await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: fn, Qualifier: 'live' }))).Status !== 'READY') {
      if (Date.now() > until) throw new Error('provisioned concurrency never became READY');
      await new Promise((r) => setTimeout(r, 50));
    }
    const file = writeScenario(dir, {
      name: 'pc',
      target: { kind: 'aws', function: fn, region: 'us-east-1', endpoint: lambda.endpoint, qualifier: 'live' },
      // Each holds its environment 600 ms: all three are in flight together.
      payload: { ms: 600 },
      phases: [{ name: 'burst', pattern: 'concurrent', concurrency: 3, count: 3 }],
    }, `${fn}.json`);
    const out = path.join(dir, `out-${fn}`);
    const res = await runCli(['run', file, '--out', out, '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(Object.keys(rows[0] ?? {}).slice(0, INVOCATION_COLUMNS.length)).toEqual([...INVOCATION_COLUMNS]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ scenario: 'pc', phase: 'burst', target: 'aws', function: fn, qualifier: 'live', memory_mb: memory, architecture: arch, status: 'ok', error_type: '' });
      expect(num(row.duration_ms)).toBeGreaterThanOrEqual(600);
    }
    const warm = rows.filter((r) => r.cold === 'false');
    const cold = rows.filter((r) => r.cold === 'true');
    expect(warm).toHaveLength(2);
    expect(cold).toHaveLength(1);
    for (const row of warm) {
      // A provisioned environment: no init, billed as the whole milliseconds of its duration.
      expect(row.init_ms).toBe('');
      // (Duration is written with 2 decimals, Billed Duration from the exact value: at most 1 ms apart, never less.)
      expect(num(row.billed_ms)).toBeGreaterThanOrEqual(num(row.duration_ms));
      expect(num(row.billed_ms) - num(row.duration_ms)).toBeLessThan(1.01);
      expect(Number.isInteger(num(row.billed_ms))).toBe(true);
      expect(row.start_type).toBe('warm');
      expectCost(row, 'provisioned');
    }
    const spill = cold[0] as Record<string, string>;
    expect(num(spill.init_ms)).toBeGreaterThan(0);
    // On demand, Billed Duration includes the init (Lambda, Aug 2025); the CSV rounds each to 2 decimals.
    expect(Math.abs(num(spill.billed_ms) - Math.ceil(num(spill.duration_ms) + num(spill.init_ms)))).toBeLessThanOrEqual(1);
    expect(spill.start_type).toBe('cold');
    expectCost(spill, 'on-demand');
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(3);
  }, 60_000);

  it('refuses the cold pattern on that qualifier before invoking anything: exit 2, naming the field and saying why', async () => {
    const file = writeScenario(dir, {
      name: 'pc-cold',
      target: { kind: 'aws', function: 'pc-probe', region: 'us-east-1', endpoint: lambda.endpoint, qualifier: 'live' },
      phases: [{ pattern: 'cold', count: 2 }],
    }, 'cold.json');
    const out = path.join(dir, 'cold-out');
    const res = await runCli(['run', file, '--out', out, '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.code).toBe(2);
    expect(hasStackTrace(res.stderr)).toBe(false);
    expect(res.stderr).toMatch(/cold\.json:\d+: target\.qualifier: /);
    expect(res.stderr).toMatch(/provisioned concurrency/);
    expect(res.stderr).toMatch(/`concurrent` phase/);
    expect(fs.existsSync(path.join(out, 'invocations.csv'))).toBe(false);
  });
});
