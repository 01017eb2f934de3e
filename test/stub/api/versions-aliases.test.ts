import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, GetAliasCommand, GetFunctionConfigurationCommand,
  InvalidParameterValueException, InvokeCommand, ListAliasesCommand, ListVersionsByFunctionCommand,
  PublishVersionCommand, ResourceConflictException, ResourceNotFoundException, UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const FN = 'api-hello';
const arn = (q: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${FN}:${q}`;

describe('versions', () => {
  it('publishes immutable versions; an unchanged $LATEST gives the same version back', async () => {
    await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, Environment: { Variables: { GREETING: 'one' } } }));
    const v1 = await api.client.send(new PublishVersionCommand({ FunctionName: FN, Description: 'first' }));
    expect(v1).toMatchObject({ Version: '1', FunctionArn: arn('1'), Description: 'first', Environment: { Variables: { GREETING: 'one' } } });
    const again = await api.client.send(new PublishVersionCommand({ FunctionName: FN }));
    expect(again.Version).toBe('1');

    await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, MemorySize: 256, Environment: { Variables: { GREETING: 'two' } } }));
    const v2 = await api.client.send(new PublishVersionCommand({ FunctionName: FN }));
    expect(v2.Version).toBe('2');
    const got1 = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, Qualifier: '1' }));
    expect(got1).toMatchObject({ MemorySize: 128, Environment: { Variables: { GREETING: 'one' } } });
    const list = await api.client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }));
    expect(list.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    expect(list.Versions?.[0]?.FunctionArn).toBe(arn('$LATEST'));
  });

  it('a version keeps the code it was published with; an edited folder publishes a new version', async () => {
    const file = path.join(api.dir, FN, 'index.js');
    await writeFile(file, "exports.handler = async () => ({ code: 'api-hello-v3' });\n");
    const v3 = await api.client.send(new PublishVersionCommand({ FunctionName: FN }));
    expect(v3.Version).toBe('3');
    const v2 = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, Qualifier: '2' }));
    expect(v3.CodeSha256).not.toBe(v2.CodeSha256);
    const latest = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: FN }));
    expect(latest.CodeSha256).toBe(v3.CodeSha256);
    // The engine is handed each version's own frozen copy of the code.
    await api.client.send(new InvokeCommand({ FunctionName: FN, Qualifier: '2' }));
    await api.client.send(new InvokeCommand({ FunctionName: FN, Qualifier: '3' }));
    const [r2, r3] = api.engine.invocations.slice(-2);
    expect(r2?.fn.codeDir).not.toBe(r3?.fn.codeDir);
    expect(r2?.fn.generation).not.toBe(r3?.fn.generation);
  });

  it('refuses a CodeSha256 that is not $LATEST\'s', async () => {
    const err = await api.client.send(new PublishVersionCommand({ FunctionName: FN, CodeSha256: 'nope' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
  });
});

describe('aliases', () => {
  it('creates, gets, updates, lists and deletes an alias', async () => {
    const created = await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1', Description: 'prod' }));
    expect(created).toMatchObject({ AliasArn: arn('live'), Name: 'live', FunctionVersion: '1', Description: 'prod' });
    const dup = await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1' })).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ResourceConflictException);
    const updated = await api.client.send(new UpdateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '2' }));
    expect(updated).toMatchObject({ FunctionVersion: '2', Description: 'prod' });
    expect(updated.RevisionId).not.toBe(created.RevisionId);
    await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'edge', FunctionVersion: '$LATEST' }));
    const listed = await api.client.send(new ListAliasesCommand({ FunctionName: FN }));
    expect(listed.Aliases?.map((a) => a.Name)).toEqual(['edge', 'live']);
    const byVersion = await api.client.send(new ListAliasesCommand({ FunctionName: FN, FunctionVersion: '2' }));
    expect(byVersion.Aliases?.map((a) => a.Name)).toEqual(['live']);
    await api.client.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'edge' }));
    const gone = await api.client.send(new GetAliasCommand({ FunctionName: FN, Name: 'edge' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
  });

  it('invoking an alias runs the version it points to and reports it as executed', async () => {
    const out = await api.client.send(new InvokeCommand({ FunctionName: FN, Qualifier: 'live' }));
    expect(out.ExecutedVersion).toBe('2');
    const req = api.engine.invocations.at(-1);
    expect(req?.fn.version).toBe('2');
    expect(req?.invokedArn).toBe(arn('live'));
    const viaName = await api.client.send(new InvokeCommand({ FunctionName: `${FN}:live` }));
    expect(viaName.ExecutedVersion).toBe('2');
  });

  it('refuses an alias to a missing version and deleting a version an alias uses', async () => {
    const missing = await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'x', FunctionVersion: '99' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const used = await api.client.send(new DeleteFunctionCommand({ FunctionName: FN, Qualifier: '2' })).catch((e: unknown) => e);
    expect(used).toBeInstanceOf(ResourceConflictException);
    expect((used as Error).message).toContain('[live]');
    const latest = await api.client.send(new DeleteFunctionCommand({ FunctionName: FN, Qualifier: '$LATEST' })).catch((e: unknown) => e);
    expect(latest).toBeInstanceOf(InvalidParameterValueException);
  });

  it('DeleteFunction with a version qualifier removes only that version', async () => {
    await api.client.send(new DeleteFunctionCommand({ FunctionName: FN, Qualifier: '1' }));
    expect(api.engine.retired.at(-1)).toEqual([FN, '1']);
    const list = await api.client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }));
    expect(list.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2', '3']);
    const gone = await api.client.send(new InvokeCommand({ FunctionName: FN, Qualifier: '1' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    // Version numbers are never reused.
    await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, Timeout: 9 }));
    expect((await api.client.send(new PublishVersionCommand({ FunctionName: FN }))).Version).toBe('4');
  });

  it('DeleteFunction refuses a Qualifier that disagrees with the one in the name, and deletes nothing', async () => {
    const err = await api.client.send(new DeleteFunctionCommand({ FunctionName: `${FN}:3`, Qualifier: '4' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    const list = await api.client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }));
    expect(list.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2', '3', '4']);
  });
});

describe('concurrent publishing', () => {
  it('two PublishVersion calls at once on a changed $LATEST give one new version', async () => {
    await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, Timeout: 10 }));
    const before = await api.client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }));
    const [a, b] = await Promise.all([
      api.client.send(new PublishVersionCommand({ FunctionName: FN })),
      api.client.send(new PublishVersionCommand({ FunctionName: FN })),
    ]);
    expect(a.Version).toBe(b.Version);
    const after = await api.client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }));
    expect(after.Versions?.length).toBe((before.Versions?.length ?? 0) + 1);
  });
});
