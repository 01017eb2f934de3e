// The `aws` target against a separately started local Lambda service
// (endpoint override, the SDK's default credential chain from the
// environment): a memory sweep with forced cold starts leaves the function
// exactly as it was, and throttles are rows that the retry policy retries.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  GetFunctionConfigurationCommand, type LambdaClient, ListAliasesCommand, ListVersionsByFunctionCommand, PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { runPlan } from '../../src/run/run';
import { readJournal } from '../../src/targets/journal';
import {
  DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS, FIXTURE_FUNCTIONS, num, readCsv, startSeparateService, tempDir, writeScenario, type SeparateService,
} from '../run/helpers';

const ORIGINAL = { memoryMb: 192, environment: { KEEP: 'me', OTHER: 'x' }, description: 'as the user left it' };

describe('aws target pointed at a local Lambda service', () => {
  let service: SeparateService;
  let endpoint: string;
  let client: LambdaClient;
  let dir: string;
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries(DUMMY_AWS_ENV)) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    service = await startSeparateService([
      { name: 'hello', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), ...ORIGINAL },
      { name: 'sleepy', codeDir: path.join(FIXTURE_FUNCTIONS, 'sleepy') },
    ]);
    ({ endpoint, client } = service);
    dir = tempDir();
  });

  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('a sweep with cold starts measures each setting and puts memory, environment and description back', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'aws-sweep',
      target: { kind: 'aws', function: 'hello', region: 'us-east-1', endpoint },
      memory: [128, 256],
      // One setting after the other, so that the journal's changes are easy to count (interleaving: test/plan/rounds.test.ts).
      order: 'sequential',
      phases: [
        { name: 'cold', pattern: 'cold', count: 2 },
        { name: 'warm', pattern: 'sequential', count: 2 },
      ],
    }, 'sweep.json'));
    const outDir = path.join(dir, 'sweep');
    const outcome = await runPlan({ plan, outDir, quiet: true, log: () => undefined });
    expect(outcome.kind).toBe('done');

    const rows = readCsv(path.join(outDir, 'invocations.csv'));
    expect(rows.map((r) => `${r.target}/${r.memory_mb}/${r.phase}/${r.cold}`)).toEqual([
      'aws/128/cold/true', 'aws/128/cold/true', 'aws/128/warm/false', 'aws/128/warm/false',
      'aws/256/cold/true', 'aws/256/cold/true', 'aws/256/warm/false', 'aws/256/warm/false',
    ]);

    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    expect(config.MemorySize).toBe(ORIGINAL.memoryMb);
    expect(config.Environment?.Variables).toEqual(ORIGINAL.environment);
    expect(config.Description).toBe(ORIGINAL.description);
    // $LATEST was changed and put back: no version or alias of coldbench's is left.
    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'hello' }));
    expect((versions.Versions ?? []).map((v) => v.Version)).toEqual(['$LATEST']);
    const aliases = await client.send(new ListAliasesCommand({ FunctionName: 'hello' }));
    expect(aliases.Aliases ?? []).toEqual([]);

    // Every change was journalled before it was made, and the journal ends restored.
    const journal = readJournal(path.join(outDir, 'journal.jsonl'));
    expect(journal[0]).toMatchObject({ type: 'original', state: ORIGINAL });
    expect(journal.filter((e) => e.type === 'change')).toHaveLength(2 + 4);
    expect(journal.at(-1)?.type).toBe('restored');
  });

  it('throttled attempts are rows of their own and are retried by the scenario policy', async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'sleepy', ReservedConcurrentExecutions: 1 }));
    const plan = await loadPlan(writeScenario(dir, {
      name: 'aws-throttle',
      target: { kind: 'aws', function: 'sleepy', endpoint },
      payload: { sleepMs: 150 },
      phases: [{ name: 'burst', pattern: 'concurrent', concurrency: 3, count: 3 }],
      retry: { attempts: 20, backoff: '50ms' },
      maxErrorRate: 1,
    }, 'throttle.json'));
    const outDir = path.join(dir, 'throttle');
    const outcome = await runPlan({ plan, outDir, quiet: true, log: () => undefined });
    const rows = readCsv(path.join(outDir, 'invocations.csv'));
    const throttled = rows.filter((r) => r.status === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    for (const r of throttled) {
      expect(r.error_type).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
      expect(r.cold).toBe('');
      expect(num(r.cost_usd)).toBe(0);
    }
    // With retries generous enough, every invocation finally got through, one at a time.
    expect(rows.filter((r) => r.status === 'ok')).toHaveLength(3);
    expect(rows).toHaveLength(3 + throttled.length);
    expect(outcome.result.slots).toBe(3);
    expect(outcome.result.failedSlots).toBe(0);
    expect(outcome.kind).toBe('done');
    // No memory setting, no cold pattern: nothing was changed, so there is no journal.
    expect(fs.existsSync(path.join(outDir, 'journal.jsonl'))).toBe(false);
  });

  it('stops the run once retries take the attempts to budget.maxInvocations', async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'sleepy', ReservedConcurrentExecutions: 1 }));
    const plan = await loadPlan(writeScenario(dir, {
      name: 'aws-budget',
      target: { kind: 'aws', function: 'sleepy', endpoint },
      payload: { sleepMs: 300 },
      phases: [{ name: 'burst', pattern: 'concurrent', concurrency: 3, count: 3 }],
      retry: { attempts: 50, backoff: '20ms' },
      budget: { maxInvocations: 5 },
      maxErrorRate: 1,
    }, 'budget.json'));
    const outDir = path.join(dir, 'budget');
    const outcome = await runPlan({ plan, outDir, quiet: true, log: () => undefined });
    expect(outcome.kind).toBe('budget');
    expect(outcome.message).toMatch(/budget\.maxInvocations \(5\)/);
    const rows = readCsv(path.join(outDir, 'invocations.csv'));
    // Attempts already in flight when the limit is reached still finish and are recorded.
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeLessThanOrEqual(5 + 2);
    expect(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')).toContain('budgetStop');
  });

  it('a function that does not exist stops the run before any invocation, with one line naming it', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'aws-missing',
      target: { kind: 'aws', function: 'no-such-function', endpoint },
      phases: [{ name: 'x', pattern: 'sequential', count: 1 }],
    }, 'missing.json'));
    const outDir = path.join(dir, 'missing');
    const outcome = await runPlan({ plan, outDir, quiet: true, log: () => undefined });
    expect(outcome.kind).toBe('failed');
    expect(outcome.message).toMatch(/no-such-function.*ResourceNotFoundException/);
    expect(outcome.result.attempts).toBe(0);
    expect(fs.existsSync(outDir)).toBe(false);
  });
});
