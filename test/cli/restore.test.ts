// `coldbench restore`: after a run killed outright (SIGKILL: no chance to
// clean up), the journal alone puts the function back; a second restore has
// nothing to undo.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/targets/journal';
import { DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS, FIXTURE_FUNCTIONS, hasStackTrace, runCli, startCli, separateServiceForSuite, tempDir, waitFor, writeScenario } from '../run/helpers';

const ORIGINAL = { memoryMb: 320, environment: { MODE: 'prod' }, description: 'hands off' };

describe('coldbench restore', () => {
  const service = separateServiceForSuite([{ name: 'sleepy', codeDir: path.join(FIXTURE_FUNCTIONS, 'sleepy'), ...ORIGINAL }]);
  const dir = tempDir('coldbench-restore-');

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const config = async (): Promise<{ memory?: number; env?: Record<string, string>; description?: string }> => {
    const c = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'sleepy' }));
    return { memory: c.MemorySize, env: c.Environment?.Variables, description: c.Description };
  };

  it('puts back a function left changed by a killed run, once', async () => {
    const file = writeScenario(dir, {
      name: 'killed',
      target: { kind: 'aws', function: 'sleepy', region: 'us-east-1', endpoint: service.endpoint },
      memory: [128, 256],
      phases: [{ name: 'cold', pattern: 'cold', count: 200 }],
    });
    const out = path.join(dir, 'killed');
    const journal = path.join(out, 'journal.jsonl');
    const run = startCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    await waitFor(() => fs.existsSync(journal) && readJournal(journal).filter((e) => e.type === 'change').length >= 3, 30_000, 'changes in the journal');
    run.child.kill('SIGKILL');
    await run.done;

    const changed = await config();
    expect(changed).not.toEqual({ memory: ORIGINAL.memoryMb, env: ORIGINAL.environment, description: ORIGINAL.description });
    expect(changed.env?.COLDBENCH_NONCE).toBeDefined();

    const first = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^restored sleepy .*memory 320 MB/m);
    expect(await config()).toEqual({ memory: ORIGINAL.memoryMb, env: ORIGINAL.environment, description: ORIGINAL.description });

    const second = await runCli(['restore', out], { env: DUMMY_AWS_ENV });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing to undo/);
  });

  it('says there is nothing to undo for a run that changed no function (local target)', async () => {
    const file = writeScenario(dir, {
      name: 'local-only',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      phases: [{ name: 'cold', pattern: 'cold', count: 1 }],
    }, 'local.json');
    const out = path.join(dir, 'local-only');
    expect((await runCli(['run', file, '--out', out, '--quiet'])).code).toBe(0);
    const res = await runCli(['restore', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/nothing to undo/);
  });

  it('a folder that does not exist is bad input: exit 2, no stack trace', async () => {
    const res = await runCli(['restore', path.join(dir, 'nope')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/nope: no such result folder/);
    expect(hasStackTrace(res.stderr)).toBe(false);
  });
});
