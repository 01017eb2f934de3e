// A run prices and labels with the function's own settings, read before the
// run: an arm64 function behind the aws target is arm64 in every row and in
// run.json's `function` section, and every row's cost is the arm64 price of
// its own billed duration; a scenario that says another architecture is bad
// input (exit 2, file:line: field) before any invocation. The local target's
// architecture is the scenario's, since the scenario sets its function.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, num, runCli, hasStackTrace, separateServiceForSuite, tempDir, writeScenario, DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS } from './helpers';

// us-east-1 arm64, from src/cost/pricing.json (https://aws.amazon.com/lambda/pricing/).
const ARM_GB_SECOND = 0.0000133334;
const REQUEST = 0.0000002;

describe('a run measures the function as it is', () => {
  const service = separateServiceForSuite([
    { name: 'armed', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), architecture: 'arm64', memoryMb: 256 },
  ]);
  let dir: string;
  beforeAll(() => {
    dir = tempDir('coldbench-facts-');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('aws target: rows and run.json say arm64, and each row costs the arm64 price of its billed duration', async () => {
    const file = writeScenario(dir, {
      name: 'armed',
      target: { kind: 'aws', function: 'armed', region: 'us-east-1', endpoint: service.endpoint },
      phases: [{ name: 'warm', pattern: 'sequential', count: 4 }],
    });
    const out = path.join(dir, 'armed');
    const res = await runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.architecture).toBe('arm64');
      expect(row.memory_mb).toBe('256');
      const expected = (num(row.billed_ms) / 1000) * 0.25 * ARM_GB_SECOND + REQUEST;
      expect(num(row.cost_usd)).toBeCloseTo(expected, 12);
    }
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(run.target?.architecture).toBe('arm64');
    expect(run.function).toMatchObject({
      name: 'armed', qualifier: '$LATEST', architecture: 'arm64', memoryMb: 256, ephemeralStorageMb: 512,
      logFormat: 'Text', logGroup: '/aws/lambda/armed', snapStart: { applyOn: 'None', active: false },
      provisionedConcurrency: null, managedInstances: false,
    });
    expect(String(run.function?.runtime)).toMatch(/^nodejs/);
    expect((run.cost?.pricing as Record<string, unknown>).architecture).toBe('arm64');
  });

  it('aws target: a scenario architecture that disagrees with the function is bad input, naming file, line and field', async () => {
    const file = path.join(dir, 'wrong-arch.yaml');
    fs.writeFileSync(file, [
      'name: wrong-arch',
      'target:',
      '  kind: aws',
      '  function: armed',
      '  region: us-east-1',
      `  endpoint: ${service.endpoint}`,
      'architecture: x86_64',
      'phases:',
      '  - { name: warm, pattern: sequential, count: 2 }',
      '',
    ].join('\n'));
    const out = path.join(dir, 'wrong-arch');
    const res = await runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/wrong-arch\.yaml:7: architecture: the scenario says x86_64 but function "armed" runs on arm64/);
    expect(hasStackTrace(res.stderr)).toBe(false);
    // Refused before any invocation: no result files.
    expect(fs.existsSync(path.join(out, 'invocations.csv'))).toBe(false);
  });

  it('aws target: a scenario that names the function\'s own architecture runs', async () => {
    const file = writeScenario(dir, {
      name: 'right-arch',
      architecture: 'arm64',
      target: { kind: 'aws', function: 'armed', region: 'us-east-1', endpoint: service.endpoint },
      phases: [{ name: 'warm', pattern: 'sequential', count: 1 }],
    }, 'right.json');
    const res = await runCli(['run', file, '--out', path.join(dir, 'right'), '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.code).toBe(0);
  });

  it('local target: the scenario\'s architecture sets the function, and run.json records it', async () => {
    const file = writeScenario(dir, {
      name: 'local-arm',
      architecture: 'arm64',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      phases: [{ name: 'warm', pattern: 'sequential', count: 2 }],
    }, 'local.json');
    const out = path.join(dir, 'local-arm');
    const res = await runCli(['run', file, '--out', out, '--quiet']);
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows.map((r) => r.architecture)).toEqual(['arm64', 'arm64']);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(run.function).toMatchObject({ name: 'hello', architecture: 'arm64', qualifier: '$LATEST' });
  });
});
