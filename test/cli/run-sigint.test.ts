// Ctrl-C in the middle of a memory sweep on the aws target (pointed at a
// separately started local service): exit 130, the rows so far in a valid
// CSV, the function as it was, and nothing left for `coldbench restore`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import { readJournal } from '../../src/targets/journal';
import {
  csvHeader, DUMMY_AWS_ENV, FIXTURE_FUNCTIONS, hasStackTrace, readCsv, runCli, startCli, separateServiceForSuite, tempDir, waitFor, writeScenario,
} from '../run/helpers';

const ORIGINAL = { memoryMb: 192, environment: { KEEP: 'me' }, description: 'do not touch' };

describe('coldbench run, interrupted', () => {
  const service = separateServiceForSuite([{ name: 'sleepy', codeDir: path.join(FIXTURE_FUNCTIONS, 'sleepy'), ...ORIGINAL }]);
  const dir = tempDir('coldbench-sigint-');

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGINT mid-sweep: exit 130, valid CSV so far, function restored; restore then has nothing to undo', async () => {
    const file = writeScenario(dir, {
      name: 'sigint-sweep',
      target: { kind: 'aws', function: 'sleepy', region: 'us-east-1', endpoint: service.endpoint },
      memory: [128, 256, 512],
      payload: { sleepMs: 10 },
      phases: [
        { name: 'cold', pattern: 'cold', count: 3 },
        { name: 'warm', pattern: 'sequential', count: 300 },
      ],
    });
    const out = path.join(dir, 'out');
    const csv = path.join(out, 'invocations.csv');
    const run = startCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    // Rows reach the file in batches: wait until some are there, well before the sweep can end.
    await waitFor(() => fs.existsSync(csv) && fs.readFileSync(csv, 'utf8').split('\r\n').length > 8, 30_000, 'rows in invocations.csv');
    run.child.kill('SIGINT');
    const res = await run.done;

    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(/interrupted after \d+ invocations/);
    expect(hasStackTrace(res.stderr)).toBe(false);

    expect(csvHeader(csv)).toEqual([...INVOCATION_COLUMNS]);
    const rows = readCsv(csv); // strict: a torn record would fail the parse
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(3 * 303);
    expect(rows.every((r) => r.status === 'ok' && r.request_id !== '')).toBe(true);
    expect(fs.readFileSync(csv, 'utf8').endsWith('\r\n')).toBe(true);
    const runJson = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(runJson)).toMatch(/interrupted/);

    const config = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'sleepy' }));
    expect(config.MemorySize).toBe(ORIGINAL.memoryMb);
    expect(config.Environment?.Variables).toEqual(ORIGINAL.environment);
    expect(config.Description).toBe(ORIGINAL.description);
    expect(readJournal(path.join(out, 'journal.jsonl')).at(-1)?.type).toBe('restored');

    const restore = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/nothing to undo/);
  });

  it.skipIf(!fs.existsSync('/proc/self/environ'))('SIGTERM on the local target: exit 130, and the embedded service leaves no execution environment running', async () => {
    // A private copy of the function, so its environments can be told from any other test's.
    const code = path.join(dir, 'private-sleepy');
    fs.cpSync(path.join(FIXTURE_FUNCTIONS, 'sleepy'), code, { recursive: true });
    const file = writeScenario(dir, {
      name: 'sigterm-local',
      target: { kind: 'local', function: 'sleepy', code },
      payload: { sleepMs: 20 },
      phases: [{ name: 'burst', pattern: 'concurrent', concurrency: 3, count: 2000 }],
    }, 'local.json');
    const out = path.join(dir, 'local-out');
    const csv = path.join(out, 'invocations.csv');
    const run = startCli(['run', file, '--out', out, '--quiet']);
    await waitFor(() => fs.existsSync(csv) && fs.readFileSync(csv, 'utf8').split('\r\n').length > 5, 30_000, 'rows in invocations.csv');
    expect(environmentsOf(code).length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    const res = await run.done;
    expect(res.code).toBe(130);
    expect(readCsv(csv).length).toBeLessThan(2000);
    expect(environmentsOf(code)).toEqual([]);
  });
});

/** Pids of processes whose environment says they run the function in `codeDir` (Linux /proc). */
function environmentsOf(codeDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (env.split('\0').includes(`LAMBDA_TASK_ROOT=${codeDir}`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}
