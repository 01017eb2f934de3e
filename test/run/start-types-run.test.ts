// Every start type through the aws target, in both log formats, end to end:
// `coldbench run` (the built executable) with the aws target pointed at the
// local service standing in for Lambda, and invocations.csv parsed back and
// checked cell by cell — start_type, cold, init_ms, restore_ms, billed_ms
// against the billing rule, qualifier, and cost_usd recomputed here from the
// row's billed_ms and memory at the prices of src/cost/pricing.json.
//
// Billing rules checked (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html,
// https://aws.amazon.com/lambda/pricing/, https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html):
//   warm:    Billed Duration = ceil(Duration)
//   cold:    Billed Duration = ceil(Duration + Init Duration) (on demand, since August 2025)
//   suppressed init: Billed Duration = ceil(Duration), the init's re-run inside Duration (docs/local-service.md)
//   restore: Billed Duration = ceil(Duration) + Billed Restore Duration

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand, ListAliasesCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import type { FunctionDefinition } from '../../src/stub/store/load';
import { DUMMY_AWS_ENV, ROOT, csvHeader, num, readCsv, runCli, separateServiceForSuite, tempDir, writeScenario, type CsvRecord } from './helpers';

const FUNCTIONS = path.join(ROOT, 'test', 'fixtures', 'functions');

interface Prices {
  readonly regions: Record<string, { gbSecondUsd: Record<string, number>; requestUsd: number }>;
  readonly snapStart: { regions: Record<string, { restoreGbUsd: number }> };
}
const PRICES = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'cost', 'pricing.json'), 'utf8')) as Prices;
const US_EAST_1 = PRICES.regions['us-east-1']!;

/** A row's cost at the on-demand price of its architecture, plus SnapStart's restore charge per GB for a Python restore. */
function expectedCost(row: CsvRecord, restoreCharged: boolean): number {
  const gb = num(row.memory_mb) / 1024;
  const rate = US_EAST_1.gbSecondUsd[row.architecture ?? '']!;
  expect(rate).toBeGreaterThan(0);
  const restore = restoreCharged ? gb * PRICES.snapStart.regions['us-east-1']!.restoreGbUsd : 0;
  return (num(row.billed_ms) / 1000) * gb * rate + US_EAST_1.requestUsd + restore;
}

function expectCost(row: CsvRecord, restoreCharged = false): void {
  const want = expectedCost(row, restoreCharged);
  expect(Math.abs(num(row.cost_usd) - want) / want, `cost_usd ${row.cost_usd} vs ${want}`).toBeLessThan(1e-9);
}

/** Duration and Init Duration are written with 2 decimals, Billed Duration from the exact values: at most 1 ms apart. */
function expectBilled(row: CsvRecord, exact: number): void {
  expect(Number.isInteger(num(row.billed_ms))).toBe(true);
  expect(Math.abs(num(row.billed_ms) - exact)).toBeLessThanOrEqual(1);
}

const FORMATS = ['Text', 'JSON'] as const;
type Format = (typeof FORMATS)[number];

const tmp = tempDir('coldbench-starts-');
const definitions: FunctionDefinition[] = FORMATS.flatMap((format): FunctionDefinition[] => {
  const f = format.toLowerCase();
  const logging = { logFormat: format } as const;
  return [
    // Text on x86_64, JSON on arm64: both architectures' prices are checked.
    { name: `node-${f}`, codeDir: path.join(FUNCTIONS, 'pc-probe'), memoryMb: 256, architecture: format === 'Text' ? 'x86_64' : 'arm64', logging },
    // Inits that fail once (a marker file made by the failing one): Node in Text, Python in JSON.
    format === 'Text'
      ? { name: `once-${f}`, codeDir: path.join(FUNCTIONS, 'engine-init-once'), environment: { MARKER: path.join(tmp, `once-${f}.marker`) }, logging }
      : { name: `once-${f}`, codeDir: path.join(FUNCTIONS, 'py-init-once'), environment: { MARKER: path.join(tmp, `once-${f}.marker`) }, logging },
    { name: `snap-${f}`, codeDir: path.join(FUNCTIONS, 'py-snapstart'), environment: { INIT_SLEEP: '0' }, architecture: format === 'Text' ? 'x86_64' : 'arm64', logging },
  ];
});

describe('start types through the aws target (local service as Lambda), invocations.csv cell by cell', () => {
  const lambda = separateServiceForSuite(definitions);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function run(name: string, fn: string, phases: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}): Promise<CsvRecord[]> {
    const file = writeScenario(tmp, {
      name,
      target: { kind: 'aws', function: fn, region: 'us-east-1', endpoint: lambda.endpoint },
      phases,
      ...extra,
    }, `${name}.json`);
    const out = path.join(tmp, name);
    const res = await runCli(['run', file, '--out', out, '--quiet'], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const csv = path.join(out, 'invocations.csv');
    expect(csvHeader(csv)).toEqual([...INVOCATION_COLUMNS]);
    return readCsv(csv);
  }

  describe.each(FORMATS)('LogFormat %s', (format: Format) => {
    const f = format.toLowerCase();
    const arch = format === 'Text' ? 'x86_64' : 'arm64';

    it('cold (Init Duration → init_ms, billed = ceil(duration + init)) and warm (billed = ceil(duration))', async () => {
      const rows = await run(`node-${f}`, `node-${f}`, [
        { name: 'cold', pattern: 'cold', count: 2 },
        { name: 'warm', pattern: 'sequential', count: 3 },
      ]);
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(row).toMatchObject({ target: 'aws', function: `node-${f}`, qualifier: '$LATEST', memory_mb: '256', architecture: arch, status: 'ok', error_type: '', restore_ms: '' });
        expect(num(row.duration_ms)).toBeGreaterThan(0);
        expectCost(row);
      }
      const cold = rows.filter((r) => r.phase === 'cold');
      for (const row of cold) {
        expect(row).toMatchObject({ cold: 'true', start_type: 'cold' });
        expect(num(row.init_ms)).toBeGreaterThan(0);
        expectBilled(row, Math.ceil(num(row.duration_ms) + num(row.init_ms)));
      }
      const warm = rows.filter((r) => r.phase === 'warm');
      expect(warm).toHaveLength(3);
      for (const row of warm) {
        expect(row).toMatchObject({ cold: 'false', start_type: 'warm', init_ms: '' });
        expectBilled(row, Math.ceil(num(row.duration_ms)));
      }
    }, 90_000);

    it('a suppressed init (the init fails, Lambda re-runs it inside the invocation): cold, init_ms from INIT_REPORT', async () => {
      const rows = await run(`once-${f}`, `once-${f}`, [{ name: 'cold', pattern: 'cold', count: 2 }, { name: 'warm', pattern: 'sequential', count: 1 }]);
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row).toMatchObject({ function: `once-${f}`, qualifier: '$LATEST', status: 'ok', error_type: '', restore_ms: '' });
        expectCost(row);
      }
      const [suppressed, cold, warm] = rows as [CsvRecord, CsvRecord, CsvRecord];
      // The first init failed (and made the marker); the re-run inside the invocation succeeded.
      expect(suppressed).toMatchObject({ phase: 'cold', cold: 'true', start_type: 'cold' });
      expect(num(suppressed.init_ms)).toBeGreaterThan(0);
      // Its REPORT has no Init Duration: the re-run is inside Duration, and Billed Duration is Duration rounded up.
      expectBilled(suppressed, Math.ceil(num(suppressed.duration_ms)));
      // The next forced cold start finds the marker: an ordinary init, in the REPORT.
      expect(cold).toMatchObject({ phase: 'cold', cold: 'true', start_type: 'cold' });
      expectBilled(cold, Math.ceil(num(cold.duration_ms) + num(cold.init_ms)));
      expect(warm).toMatchObject({ phase: 'warm', cold: 'false', start_type: 'warm', init_ms: '' });
    }, 90_000);

    it('SnapStart: forced cold starts are restores of versions the run publishes; warm phases invoke the newest; none is left', async () => {
      const fn = `snap-${f}`;
      const before = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
      const rows = await run(fn, fn, [
        { name: 'cold', pattern: 'cold', count: 2 },
        { name: 'warm', pattern: 'sequential', count: 2 },
      ]);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row).toMatchObject({ function: fn, memory_mb: '256', architecture: arch, status: 'ok', error_type: '' });
        expect(row.qualifier).toMatch(/^\d+$/);
        // Python pays SnapStart's restore charge on each restore.
        expectCost(row, row.start_type === 'restore');
      }
      const [r1, r2, w1, w2] = rows as [CsvRecord, CsvRecord, CsvRecord, CsvRecord];
      for (const row of [r1, r2]) {
        expect(row).toMatchObject({ phase: 'cold', cold: 'true', start_type: 'restore', init_ms: '' });
        expect(num(row.restore_ms)).toBeGreaterThan(0);
        // Billed Duration = ceil(Duration) + Billed Restore Duration (not a column): more than the duration, at most the restore more.
        expect(num(row.billed_ms)).toBeGreaterThan(Math.ceil(num(row.duration_ms)));
        expect(num(row.billed_ms)).toBeLessThanOrEqual(Math.ceil(num(row.duration_ms)) + Math.ceil(num(row.restore_ms)) + 1);
      }
      // Each forced restore is a version of its own.
      expect(r1.qualifier).not.toBe(r2.qualifier);
      for (const row of [w1, w2]) {
        expect(row).toMatchObject({ phase: 'warm', cold: 'false', start_type: 'warm', init_ms: '', restore_ms: '', qualifier: r2.qualifier });
        expectBilled(row, Math.ceil(num(row.duration_ms)));
      }
      // Nothing the run created is left, and $LATEST is as it was.
      const versions = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
      expect((versions.Versions ?? []).map((v) => v.Version)).toEqual(['$LATEST']);
      const aliases = await lambda.client.send(new ListAliasesCommand({ FunctionName: fn }));
      expect(aliases.Aliases ?? []).toEqual([]);
      const after = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
      expect(after.Environment?.Variables).toEqual(before.Environment?.Variables);
      expect(after.MemorySize).toBe(before.MemorySize);
    }, 120_000);
  });
});
