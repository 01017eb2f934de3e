// A SnapStart function through the aws target: its forced cold starts are
// restores of versions the run publishes, each journalled before it is made.
// A run killed with SIGKILL mid-way (no chance to clean up) leaves versions
// behind, and `coldbench restore <dir>` removes every one of them, and puts
// $LATEST back, from the journal alone; a run that ends normally leaves none.
// What is there is read with ListVersionsByFunction and ListAliases before
// and after.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  GetFunctionConfigurationCommand, ListAliasesCommand, ListVersionsByFunctionCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal, JOURNAL_FILE } from '../../src/targets/journal';
import { DUMMY_AWS_ENV, ROOT, num, readCsv, runCli, separateServiceForSuite, startCli, tempDir, waitFor, writeScenario } from './helpers';

const SNAP = path.join(ROOT, 'test', 'fixtures', 'functions', 'py-snapstart');

async function versions(client: LambdaClient, fn: string): Promise<string[]> {
  const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
  return (out.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

async function aliases(client: LambdaClient, fn: string): Promise<string[]> {
  const out = await client.send(new ListAliasesCommand({ FunctionName: fn }));
  return (out.Aliases ?? []).map((a) => a.Name ?? '');
}

describe('SnapStart through the aws target: restores measured, every version removed (local service as Lambda)', () => {
  const lambda = separateServiceForSuite([
    { name: 'snap', codeDir: SNAP, environment: { INIT_SLEEP: '0.3' }, logging: { logFormat: 'JSON' } },
  ]);
  const dir = tempDir('coldbench-snaprestore-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scenario = (name: string, count: number): string => writeScenario(dir, {
    name,
    target: { kind: 'aws', function: 'snap', region: 'us-east-1', endpoint: lambda.endpoint },
    memory: [512],
    phases: [{ name: 'restores', pattern: 'cold', count }, { name: 'warm', pattern: 'sequential', count: 1 }],
  }, `${name}.json`);

  it('a normal run: restore rows on versions of its own, and nothing left at the end', async () => {
    const client = lambda.client;
    const before = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snap' }));
    expect(await versions(client, 'snap')).toEqual([]);
    expect(await aliases(client, 'snap')).toEqual([]);
    const out = path.join(dir, 'normal');
    const res = await runCli(['run', scenario('normal', 3), '--out', out, '--quiet'], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows.map((r) => [r.phase, r.start_type, r.cold])).toEqual([
      ['restores', 'restore', 'true'], ['restores', 'restore', 'true'], ['restores', 'restore', 'true'], ['warm', 'warm', 'false'],
    ]);
    for (const r of rows.slice(0, 3)) {
      expect(num(r.restore_ms)).toBeGreaterThan(0);
      expect(r.init_ms).toBe('');
      expect(r.memory_mb).toBe('512');
    }
    // Three restores on three versions; the warm invocation on the newest.
    expect(new Set(rows.slice(0, 3).map((r) => r.qualifier)).size).toBe(3);
    expect(rows[3]?.qualifier).toBe(rows[2]?.qualifier);
    // Every version published is in the journal, and every one removed.
    const journal = readJournal(path.join(out, JOURNAL_FILE));
    const published = journal.filter((e) => e.type === 'published').map((e) => (e.type === 'published' ? e.version : ''));
    expect(published).toEqual(expect.arrayContaining(rows.slice(0, 3).map((r) => r.qualifier)));
    expect(journal.filter((e) => e.type === 'removed')).toHaveLength(journal.filter((e) => e.type === 'created').length);
    expect(await versions(client, 'snap')).toEqual([]);
    expect(await aliases(client, 'snap')).toEqual([]);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snap' }));
    expect(config.MemorySize).toBe(before.MemorySize);
    expect(config.Environment?.Variables).toEqual({ INIT_SLEEP: '0.3' });
  }, 90_000);

  it('killed with SIGKILL mid-run: versions are left; `coldbench restore` removes every one and puts $LATEST back', async () => {
    const client = lambda.client;
    const before = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snap' }));
    expect(await versions(client, 'snap')).toEqual([]);
    const out = path.join(dir, 'killed');
    const running = startCli(['run', scenario('killed', 20), '--out', out, '--quiet'], { env: DUMMY_AWS_ENV, timeoutMs: 60_000 });
    const journalFile = path.join(out, JOURNAL_FILE);
    // Mid-run: at least two versions published (the second replaced the first), the run still going.
    await waitFor(() => fs.existsSync(journalFile) && readJournal(journalFile).filter((e) => e.type === 'published').length >= 2, 40_000, 'two published versions');
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal).toBe('SIGKILL');

    const left = await versions(client, 'snap');
    expect(left.length).toBeGreaterThan(0);
    const changed = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snap' }));
    expect(changed.MemorySize).toBe(512);

    const res = await runCli(['restore', out], { env: DUMMY_AWS_ENV, timeoutMs: 30_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    // One line per version deleted (a version whose number the killed run never learnt is named by its marker).
    expect((res.stdout.match(/^deleted .*version/gm) ?? []).length).toBeGreaterThanOrEqual(left.length);
    expect(await versions(client, 'snap')).toEqual([]);
    expect(await aliases(client, 'snap')).toEqual([]);
    const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snap' }));
    expect(after.MemorySize).toBe(before.MemorySize);
    expect(after.Environment?.Variables).toEqual(before.Environment?.Variables);
    // A second restore has nothing left to do.
    const again = await runCli(['restore', out], { env: DUMMY_AWS_ENV, timeoutMs: 30_000 });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to undo/);
  }, 90_000);
});
