// Versions and aliases a run creates (to force fresh SnapStart restores or
// provisioned environments) are journalled before each create call and
// deleted at the end, or by `coldbench restore` from the journal alone —
// including a version whose number the journal never learned (the process
// died between the call and its answer) — idempotently.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DeleteAliasCommand, GetFunctionConfigurationCommand, ListAliasesCommand, ListVersionsByFunctionCommand, PublishVersionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreResultDir } from '../../src/cli/commands/restore';
import { AwsTarget } from '../../src/targets/aws';
import { FunctionConfigurator, VERSION_MARKER_PREFIX } from '../../src/targets/function-config';
import { Journal, JOURNAL_FILE, readJournal, type FunctionRef } from '../../src/targets/journal';
import { DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS, separateServiceForSuite, tempDir } from '../run/helpers';

const ORIGINAL = { memoryMb: 192, environment: { KEEP: 'me' }, description: 'as the user left it' };

describe('versions and aliases created by a run', () => {
  const service = separateServiceForSuite([
    { name: 'snappy', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), ...ORIGINAL },
    { name: 'owned', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello') },
  ]);
  const saved: Record<string, string | undefined> = {};
  let dir: string;

  beforeAll(() => {
    // `coldbench restore` builds its clients from the journal and the default credential chain.
    for (const [k, v] of Object.entries(DUMMY_AWS_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    dir = tempDir('coldbench-created-');
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const versions = async (client: LambdaClient, fn: string): Promise<string[]> =>
    ((await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }))).Versions ?? []).map((v) => v.Version ?? '?');
  const aliases = async (client: LambdaClient, fn: string): Promise<string[]> =>
    ((await client.send(new ListAliasesCommand({ FunctionName: fn }))).Aliases ?? []).map((a) => a.Name ?? '?');

  it('a run-like sequence creates versions and aliases; `coldbench restore` removes every one, then has nothing left', async () => {
    const out = path.join(dir, 'run-like');
    fs.mkdirSync(out);
    const file = path.join(out, JOURNAL_FILE);
    const ref: FunctionRef = { function: 'snappy', region: 'us-east-1', endpoint: service.endpoint };
    const journal = Journal.atFile(file);
    const config = new FunctionConfigurator(service.client, ref, journal);

    // As a forced SnapStart restore would: change the configuration, publish, point an alias at it; twice.
    const created: { version: string; alias: string }[] = [];
    for (let i = 0; i < 2; i++) {
      await config.forceFreshEnvironment();
      const published = await config.publishVersion();
      created.push({ version: published.version, alias: await config.createAlias(published.version) });
    }
    expect(created.map((c) => c.version)).toEqual(['1', '2']);
    expect(await versions(service.client, 'snappy')).toEqual(['$LATEST', '1', '2']);
    expect((await aliases(service.client, 'snappy')).sort()).toEqual(created.map((c) => c.alias).sort());

    // Each create was journalled before the call: `created` comes before the version's `published` number.
    const entries = readJournal(file);
    const kinds = entries.map((e) => (e.type === 'created' ? `created ${e.resource.kind}` : e.type));
    expect(kinds).toEqual(['original', 'change', 'created version', 'published', 'created alias', 'change', 'created version', 'published', 'created alias']);
    const firstVersion = entries.find((e) => e.type === 'created' && e.resource.kind === 'version');
    const v1 = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snappy', Qualifier: '1' }));
    expect(firstVersion?.type === 'created' && firstVersion.resource.kind === 'version' && firstVersion.resource.marker).toBe(v1.Description);
    expect(v1.Description?.startsWith(VERSION_MARKER_PREFIX)).toBe(true);

    // One alias is already gone before the restore (someone deleted it): that counts as done.
    await service.client.send(new DeleteAliasCommand({ FunctionName: 'snappy', Name: created[0]!.alias }));

    const lines: string[] = [];
    const errors: string[] = [];
    expect(await restoreResultDir(out, (l) => lines.push(l), (l) => errors.push(l))).toBe(0);
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^deleted alias ${created[1]!.alias} \\(version 2\\) of snappy`)),
      expect.stringMatching(/^deleted version 2 of snappy/),
      expect.stringMatching(new RegExp(`^already gone: alias ${created[0]!.alias} \\(version 1\\) of snappy`)),
      expect.stringMatching(/^deleted version 1 of snappy/),
      expect.stringMatching(/^restored snappy .*memory 192 MB/),
    ]);
    expect(await versions(service.client, 'snappy')).toEqual(['$LATEST']);
    expect(await aliases(service.client, 'snappy')).toEqual([]);
    const latest = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'snappy' }));
    expect({ memory: latest.MemorySize, env: latest.Environment?.Variables, description: latest.Description })
      .toEqual({ memory: ORIGINAL.memoryMb, env: ORIGINAL.environment, description: ORIGINAL.description });

    const again: string[] = [];
    expect(await restoreResultDir(out, (l) => again.push(l), (l) => errors.push(l))).toBe(0);
    expect(again).toEqual([expect.stringMatching(/^nothing to undo/)]);
    expect(errors).toEqual([]);
  });

  it('finds by its Description a version whose number never reached the journal', async () => {
    const out = path.join(dir, 'died-mid-publish');
    fs.mkdirSync(out);
    const ref: FunctionRef = { function: 'snappy', region: 'us-east-1', endpoint: service.endpoint };
    const journal = Journal.atFile(path.join(out, JOURNAL_FILE));
    const config = new FunctionConfigurator(service.client, ref, journal);
    await config.forceFreshEnvironment();
    // What publishVersion() writes before the call; the process then "dies" after the call, before its answer is journalled.
    const marker = `${VERSION_MARKER_PREFIX}lost-answer`;
    journal.recordCreated(ref, { kind: 'version', marker });
    const v = await service.client.send(new PublishVersionCommand({ FunctionName: 'snappy', Description: marker }));
    expect(await versions(service.client, 'snappy')).toContain(v.Version);

    const lines: string[] = [];
    expect(await restoreResultDir(out, (l) => lines.push(l), () => undefined)).toBe(0);
    expect(lines[0]).toMatch(/^deleted the version published as "coldbench lost-answer" of snappy/);
    expect(await versions(service.client, 'snappy')).toEqual(['$LATEST']);
  });

  it('never takes a version it did not create: publishing an unchanged $LATEST returns the user\'s version, which is refused and kept', async () => {
    const users = await service.client.send(new PublishVersionCommand({ FunctionName: 'owned', Description: 'the user\'s release' }));
    const journal = Journal.inMemory();
    const config = new FunctionConfigurator(service.client, { function: 'owned', region: 'us-east-1', endpoint: service.endpoint }, journal);
    await expect(config.publishVersion()).rejects.toThrow(/returned the existing version 1 \(nothing changed since it was published\)/);
    expect(journal.pendingRemovals()).toEqual([]);
    expect(await config.restore()).toBe(false);
    expect(await versions(service.client, 'owned')).toEqual(['$LATEST', users.Version]);
  });

  it('the aws target\'s restore at the end of a run deletes what its configurator created, and puts $LATEST back', async () => {
    const out = path.join(dir, 'target-restore');
    fs.mkdirSync(out);
    const journal = Journal.atFile(path.join(out, JOURNAL_FILE));
    const target = new AwsTarget({ function: 'snappy', region: 'us-east-1', endpoint: service.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, journal });
    try {
      await target.open();
      await target.freshEnvironment();
      const { version } = await target.configurator.publishVersion();
      await target.configurator.createAlias(version);
      expect((await versions(service.client, 'snappy')).length).toBe(2);
      await target.restore();
      expect(await versions(service.client, 'snappy')).toEqual(['$LATEST']);
      expect(await aliases(service.client, 'snappy')).toEqual([]);
      expect(journal.pendingRemovals()).toEqual([]);
      expect(journal.pending()).toEqual([]);
      const lines: string[] = [];
      await restoreResultDir(out, (l) => lines.push(l), () => undefined);
      expect(lines).toEqual([expect.stringMatching(/^nothing to undo/)]);
    } finally {
      await target.close();
    }
  });
});
