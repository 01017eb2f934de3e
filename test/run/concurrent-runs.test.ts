// Issue 16, "Runs never corrupt each other": two `coldbench run`s at once on
// the same real function (the aws target pointed at a local service, different
// --out). Before leases the function was left changed (MemorySize 128 instead
// of 192, COLDBENCH_NONCE in its environment) while both exited 0. Now exactly
// one runs, the other is refused (exit 2) naming the run that holds the lease,
// and the function ends exactly as it was.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLease } from '../../src/targets/lease';
import { readJournal } from '../../src/targets/journal';
import { DUMMY_AWS_ENV, FIXTURE_FUNCTIONS, hasStackTrace, runCli, separateServiceForSuite, startCli, tempDir, waitFor, writeScenario } from './helpers';

const ORIGINAL = { memory: 192, env: { MODE: 'prod', TOKEN: 'kept' }, description: 'orders API, hands off' };

describe('two runs at once on the same function', () => {
  const service = separateServiceForSuite([{
    name: 'shared', codeDir: path.join(FIXTURE_FUNCTIONS, 'sleepy'),
    memoryMb: ORIGINAL.memory, environment: ORIGINAL.env, description: ORIGINAL.description,
  }]);
  const dir = tempDir('coldbench-concurrent-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = async (): Promise<{ memory?: number; env?: Record<string, string>; description?: string }> => {
    const c = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'shared' }));
    return { memory: c.MemorySize, env: c.Environment?.Variables, description: c.Description };
  };
  const scenario = (name: string, count: number): string => writeScenario(dir, {
    name,
    target: { kind: 'aws', function: 'shared', region: 'us-east-1', endpoint: service.endpoint },
    memory: [128, 256],
    phases: [{ name: 'cold', pattern: 'cold', count }],
  }, `${name}.json`);

  it('exactly one runs, the other is refused naming the holder; the function ends exactly as it was — three times in a row', async () => {
    const file = scenario('race', 8);
    for (let round = 0; round < 3; round++) {
      const outs = [path.join(dir, `r${round}-a`), path.join(dir, `r${round}-b`)];
      const results = await Promise.all(outs.map((out) => runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV, timeoutMs: 90_000 })));
      const codes = results.map((r) => r.code).sort();
      expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 2]);
      const refused = results.find((r) => r.code === 2);
      const ran = results.findIndex((r) => r.code === 0);
      expect(refused?.stderr).toMatch(/^coldbench: shared is being changed by another coldbench run \d{8}T\d{6}Z-[0-9a-f]{6} \(host \S+, pid \d+, started \d{4}-\d\d-\d\dT[\d:]+Z\); nothing was changed/m);
      expect(hasStackTrace(refused?.stderr ?? '')).toBe(false);
      expect(await config()).toEqual(ORIGINAL);
      // The run that ran journalled the real original, and restored it; a restore has nothing left to undo.
      const journal = readJournal(path.join(outs[ran] as string, 'journal.jsonl'));
      const original = journal.find((e) => e.type === 'original');
      expect(original?.type === 'original' && original.state).toEqual({ memoryMb: 192, environment: ORIGINAL.env, description: ORIGINAL.description });
      const again = await runCli(['restore', outs[ran] as string], { env: DUMMY_AWS_ENV });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/nothing to undo/);
    }
  }, 300_000);

  it('a run killed outright leaves its lease; restore releases it; the next run starts with no notice and ends the function as it was', async () => {
    const out = path.join(dir, 'killed');
    const journalFile = path.join(out, 'journal.jsonl');
    const run = startCli(['run', scenario('long', 200), '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    await waitFor(() => fs.existsSync(journalFile) && readJournal(journalFile).filter((e) => e.type === 'change').length >= 2, 30_000, 'changes in the journal');
    run.child.kill('SIGKILL');
    await run.done;
    const left = await config();
    expect(parseLease(left.description ?? '')?.pid).toBe(run.child.pid);

    const first = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/restored shared .*memory 192 MB.*lease released/);
    expect(await config()).toEqual(ORIGINAL);
    const second = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing to undo/);

    const next = await runCli(['run', scenario('after', 2), '--out', path.join(dir, 'after'), '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(next.code).toBe(0);
    expect(next.stderr).not.toMatch(/lease/);
    expect(await config()).toEqual(ORIGINAL);
  }, 120_000);

  it('a run killed outright on this host and never restored: the next run takes its lease over, keeps the real original and puts it back', async () => {
    const out = path.join(dir, 'killed-again');
    const journalFile = path.join(out, 'journal.jsonl');
    const run = startCli(['run', scenario('long2', 200), '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    // Past the first setting: the function is at 256 MB with a nonce when the run dies.
    await waitFor(() => fs.existsSync(journalFile) && readJournal(journalFile).some((e) => e.type === 'change' && e.change.memoryMb === 256), 60_000, 'the second memory setting');
    run.child.kill('SIGKILL');
    await run.done;
    expect((await config()).env?.COLDBENCH_NONCE).toBeDefined();

    const taker = path.join(dir, 'taker');
    const next = await runCli(['run', scenario('taker', 2), '--out', taker, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/taking over the lease on shared from run \S+ .*process \d+ on this host is gone; its original memory \(192 MB\)/);
    expect(await config()).toEqual(ORIGINAL);
    const original = readJournal(path.join(taker, 'journal.jsonl')).find((e) => e.type === 'original');
    expect(original?.type === 'original' && original.state).toEqual({ memoryMb: 192, environment: ORIGINAL.env, description: ORIGINAL.description });
    // The dead run's own restore now finds the function already as it was.
    const late = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(late.code).toBe(0);
    expect(await config()).toEqual(ORIGINAL);
  }, 120_000);
});
