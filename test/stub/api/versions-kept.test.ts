// Published versions, aliases and the settings the API makes (reserved
// concurrency, resource policies, event invoke configs) kept in the functions
// folder: a restart on the same folder serves them again (each version's own
// code and settings, the alias weights, the next version number), through the
// real AWS SDK; deletions are kept too.

import { cp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, DeleteFunctionConcurrencyCommand, GetAliasCommand,
  GetFunctionCommand, GetFunctionConcurrencyCommand, GetFunctionEventInvokeConfigCommand, GetPolicyCommand, ListAliasesCommand,
  PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand, RemovePermissionCommand,
  ListVersionsByFunctionCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
  waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, invoke, json } from '../service-helpers';
import { createActive, failure, startDeployService, waitUpdated, type DeployService } from './deploy-helpers';
import { NODE_HANDLER, makeZip } from './zips';

let s: DeployService;
beforeAll(async () => {
  s = await startDeployService();
  await createActive(s.client, { FunctionName: 'kept', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('one') }]) }, MemorySize: 256 });
});
afterAll(async () => { await s?.close(); });

// The records are written just after each call returns; a restart (the service's stop) waits for every write queued.
const versionsOf = async (name: string): Promise<string[]> =>
  ((await s.client.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? []).map((v) => v.Version ?? '');

describe('versions and aliases across a restart', () => {
  it('serves each version with its own code and settings, and each alias with its weights', async () => {
    const v1 = await s.client.send(new PublishVersionCommand({ FunctionName: 'kept', Description: 'first' }));
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'kept', ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('two') }]) }));
    await waitUpdated(s.client, 'kept');
    await s.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'kept', MemorySize: 512 }));
    await waitUpdated(s.client, 'kept');
    const v2 = await s.client.send(new PublishVersionCommand({ FunctionName: 'kept' }));
    expect([v1.Version, v2.Version]).toEqual(['1', '2']);
    await s.client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1', Description: 'canary', RoutingConfig: { AdditionalVersionWeights: { 2: 0.25 } } }));
    await s.client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'edge', FunctionVersion: '$LATEST' }));
    await s.restart();

    expect(await versionsOf('kept')).toEqual(['$LATEST', '1', '2']);
    const got1 = await s.client.send(new GetFunctionCommand({ FunctionName: 'kept', Qualifier: '1' }));
    expect(got1.Configuration).toMatchObject({ Version: '1', Description: 'first', MemorySize: 256, CodeSha256: v1.CodeSha256, LastModified: v1.LastModified });
    expect((await invoke(s.client, { FunctionName: 'kept', Qualifier: '1', Payload: json({}) })).payload).toMatchObject({ code: 'one', version: '1', memory: '256' });
    expect((await invoke(s.client, { FunctionName: 'kept', Qualifier: '2', Payload: json({}) })).payload).toMatchObject({ code: 'two', version: '2', memory: '512' });
    const live = await s.client.send(new GetAliasCommand({ FunctionName: 'kept', Name: 'live' }));
    expect(live).toMatchObject({ FunctionVersion: '1', Description: 'canary', RoutingConfig: { AdditionalVersionWeights: { 2: 0.25 } } });
    expect((await s.client.send(new ListAliasesCommand({ FunctionName: 'kept' }))).Aliases?.map((a) => a.Name).sort()).toEqual(['edge', 'live']);
    expect((await invoke(s.client, { FunctionName: 'kept', Qualifier: 'edge', Payload: json({}) })).payload).toMatchObject({ code: 'two', memory: '512' });
    // The code a version downloads is the zip it was published from.
    const code = await fetch((await s.client.send(new GetFunctionCommand({ FunctionName: 'kept', Qualifier: '1' }))).Code?.Location ?? '');
    expect(code.status).toBe(200);
    // $LATEST is still what version 2 froze: publishing it again returns 2, as it would have before the restart.
    expect((await s.client.send(new PublishVersionCommand({ FunctionName: 'kept' }))).Version).toBe('2');
  });

  it('keeps deletions, and never gives a version number twice', async () => {
    await s.client.send(new DeleteAliasCommand({ FunctionName: 'kept', Name: 'live' }));
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'kept', Qualifier: '2' }));
    await s.restart();
    expect(await versionsOf('kept')).toEqual(['$LATEST', '1']);
    expect(await failure(s.client.send(new GetAliasCommand({ FunctionName: 'kept', Name: 'live' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await s.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'kept', Description: 'again' }));
    await waitUpdated(s.client, 'kept');
    expect((await s.client.send(new PublishVersionCommand({ FunctionName: 'kept' }))).Version).toBe('3');
  });

  it('keeps reserved concurrency, resource policies and event invoke configs, each with its qualifier', async () => {
    await s.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'kept', ReservedConcurrentExecutions: 7 }));
    await s.client.send(new AddPermissionCommand({ FunctionName: 'kept', StatementId: 'fn-wide', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }));
    await s.client.send(new AddPermissionCommand({ FunctionName: 'kept', Qualifier: '3', StatementId: 'on-3', Action: 'lambda:InvokeFunction', Principal: '123456789012' }));
    await s.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'kept', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120 }));
    await s.client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'gone-soon', FunctionVersion: '3' }));
    await s.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'kept', Qualifier: 'gone-soon', MaximumRetryAttempts: 0 }));
    await s.client.send(new DeleteAliasCommand({ FunctionName: 'kept', Name: 'gone-soon' }));
    await s.restart();
    expect((await s.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'kept' }))).ReservedConcurrentExecutions).toBe(7);
    const sids = async (qualifier?: string): Promise<string[]> =>
      (JSON.parse((await s.client.send(new GetPolicyCommand({ FunctionName: 'kept', ...(qualifier !== undefined ? { Qualifier: qualifier } : {}) }))).Policy ?? '{}') as { Statement: { Sid: string }[] })
        .Statement.map((st) => st.Sid);
    expect(await sids()).toEqual(['fn-wide']);
    expect(await sids('3')).toEqual(['on-3']);
    expect(await s.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'kept' }))).toMatchObject({ MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120 });
    // The alias was deleted, and its config with it: one made again under the name starts without.
    await s.client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'gone-soon', FunctionVersion: '3' }));
    expect(await failure(s.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'kept', Qualifier: 'gone-soon' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await s.client.send(new DeleteAliasCommand({ FunctionName: 'kept', Name: 'gone-soon' }));
    await s.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'kept' }));
    await s.client.send(new RemovePermissionCommand({ FunctionName: 'kept', StatementId: 'fn-wide' }));
    await s.restart();
    expect((await s.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'kept' }))).ReservedConcurrentExecutions).toBeUndefined();
    expect(await failure(s.client.send(new GetPolicyCommand({ FunctionName: 'kept' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await sids('3')).toEqual(['on-3']);
  });

  it('a version whose code is gone is not served, with the aliases on it; leftovers of a cut publish are removed', async () => {
    const root = path.join(s.dir, '.coldbench-versions', 'kept');
    await s.client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'old', FunctionVersion: '1' }));
    await rm(path.join(root, '1'), { recursive: true, force: true });
    await writeFile(path.join(root, '9'), 'a publish cut short');
    await s.restart();
    expect(await versionsOf('kept')).toEqual(['$LATEST', '3']);
    expect(await failure(s.client.send(new GetAliasCommand({ FunctionName: 'kept', Name: 'old' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await readdir(root)).sort()).toEqual(['3', '3.zip', 'state.json']);
  });

  it('a SnapStart version is Pending again after a restart, until its snapshot is made anew; then restores', async () => {
    await cp(path.join(FIXTURES, 'py-snapstart'), path.join(s.dir, 'snap'), { recursive: true });
    await s.restart();
    const pub = await s.client.send(new PublishVersionCommand({ FunctionName: 'snap' }));
    const active = async (): Promise<void> => {
      const waited = await waitUntilPublishedVersionActive({ client: s.client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { FunctionName: 'snap', Qualifier: pub.Version ?? '' });
      expect(waited.state).toBe('SUCCESS');
    };
    await active();
    await s.restart();
    await active();
    const restored = await invoke(s.client, { FunctionName: 'snap', Qualifier: pub.Version ?? '', Payload: json({}) });
    expect(restored.functionError).toBeUndefined();
    expect(restored.report?.metrics.restoreDurationMs).toBeGreaterThan(0);
  }, 120_000);

  it('a state.json that cannot be read serves no kept version, and its code goes; the service starts all the same', async () => {
    const root = path.join(s.dir, '.coldbench-versions', 'kept');
    await writeFile(path.join(root, 'state.json'), '{"nextVersion": 4, "versions": [ broken');
    await s.restart();
    expect(await versionsOf('kept')).toEqual(['$LATEST']);
    expect(await failure(s.client.send(new GetPolicyCommand({ FunctionName: 'kept', Qualifier: '3' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(stat(root)).rejects.toThrow();
    expect((await invoke(s.client, { FunctionName: 'kept', Payload: json({}) })).payload).toMatchObject({ code: 'two' });
  });

  it('DeleteFunction removes what was kept of its versions', async () => {
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'kept' }));
    await expect(stat(path.join(s.dir, '.coldbench-versions', 'kept'))).rejects.toThrow();
    await s.restart();
    expect(await failure(s.client.send(new GetFunctionCommand({ FunctionName: 'kept' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
