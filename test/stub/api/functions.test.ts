import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetAccountSettingsCommand, GetFunctionCommand, GetFunctionConfigurationCommand, InvalidParameterValueException,
  ListFunctionsCommand, PreconditionFailedException, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2,
  DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, PutFunctionConcurrencyCommand,
  ResourceNotFoundException, DeleteFunctionCommand, type Runtime, type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:api-config';

describe('GetFunctionConfiguration / GetFunction', () => {
  it('reports function.json settings and Lambda defaults', async () => {
    const cfg = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-config' }));
    expect(cfg).toMatchObject({
      FunctionName: 'api-config', FunctionArn: ARN, Runtime: 'nodejs20.x', Handler: 'index.handler',
      MemorySize: 512, Timeout: 10, Description: 'configured by function.json', Version: '$LATEST',
      Environment: { Variables: { MODE: 'test' } }, State: 'Active', LastUpdateStatus: 'Successful',
      Architectures: ['x86_64'], PackageType: 'Zip',
    });
    expect(cfg.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(cfg.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(cfg.StateReason).toBeUndefined();
    const hello = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    expect(hello).toMatchObject({ MemorySize: 128, Timeout: 3, Runtime: 'nodejs20.x', Handler: 'index.handler' });
    expect(hello.Environment).toBeUndefined();
  });

  it('accepts a full ARN, a partial ARN and name:qualifier', async () => {
    for (const name of [ARN, '000000000000:function:api-config', 'api-config:$LATEST', `${ARN}:$LATEST`]) {
      const cfg = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      expect(cfg.FunctionName).toBe('api-config');
    }
  });

  it('reports what the engine could not enforce in StateReason', async () => {
    api.engine.limitations = ['CPU not limited: cgroups unavailable'];
    try {
      const cfg = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
      expect(cfg.State).toBe('Active');
      expect(cfg.StateReason).toBe('CPU not limited: cgroups unavailable');
    } finally {
      api.engine.limitations = [];
    }
  });

  it('GetFunction returns configuration, code location and reserved concurrency', async () => {
    await api.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-config', ReservedConcurrentExecutions: 3 }));
    const got = await api.client.send(new GetFunctionCommand({ FunctionName: 'api-config' }));
    expect(got.Configuration?.MemorySize).toBe(512);
    // A URL on the service, presigned-like (test/stub/api/code-location.test.ts downloads from it).
    expect(got.Code?.Location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2015-03-31\/functions\/api-config\/code\?Qualifier=%24LATEST&Expires=\d+&Signature=[0-9a-f]{64}$/);
    expect(got.Code?.RepositoryType).toBe('S3');
    expect(got.Concurrency?.ReservedConcurrentExecutions).toBe(3);
    await api.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'api-config' }));
  });
});

describe('UpdateFunctionConfiguration', () => {
  it('changes $LATEST, retires its environments, and the SDK waiter passes', async () => {
    const before = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    const retiredBefore = api.engine.retired.length;
    const updated = await api.client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'api-hello', MemorySize: 1769, Timeout: 30, Description: 'bigger',
      Environment: { Variables: { GREETING: 'hi' } },
    }));
    expect(updated).toMatchObject({ MemorySize: 1769, Timeout: 30, Description: 'bigger', Environment: { Variables: { GREETING: 'hi' } } });
    expect(updated.RevisionId).not.toBe(before.RevisionId);
    expect(api.engine.retired.slice(retiredBefore)).toEqual([['api-hello', '$LATEST']]);
    const waited = await waitUntilFunctionUpdatedV2({ client: api.client, maxWaitTime: 10 }, { FunctionName: 'api-hello' });
    expect(waited.state).toBe('SUCCESS');
    const after = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    expect(after.MemorySize).toBe(1769);
  });

  it('refuses out-of-range memory and timeout, unknown runtimes and reserved variables with InvalidParameterValueException', async () => {
    const bad: Array<Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>> = [
      { MemorySize: 64 }, { MemorySize: 10241 }, { Timeout: 0 }, { Timeout: 901 },
      { Runtime: 'nodejs99.x' as Runtime }, { Environment: { Variables: { AWS_REGION: 'x' } } },
    ];
    for (const change of bad) {
      const err = await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-config', ...change })).catch((e: unknown) => e);
      expect(err, JSON.stringify(change)).toBeInstanceOf(InvalidParameterValueException);
    }
    const cfg = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-config' }));
    expect(cfg.MemorySize).toBe(512);
  });

  it('refuses handlers that leave the function folder, with whitespace or too long, saying why (issue 16)', async () => {
    // Lambda's constraint: at most 128 characters, pattern ^[^\s]+$
    // (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html).
    const bad: Array<[string, RegExp]> = [
      ['/abs/path/evil.handler', /absolute path/], ['../x.handler', /'\.\.' is not allowed/], ['lib/../../x.handler', /'\.\.' is not allowed/],
      ['index handler', /whitespace/], [`${'a'.repeat(121)}.handler`, /at most 128/], ['', /non-empty/],
    ];
    for (const [Handler, why] of bad) {
      const err = await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-config', Handler })).catch((e: unknown) => e);
      expect(err, Handler).toBeInstanceOf(InvalidParameterValueException);
      expect((err as Error).message, Handler).toMatch(why);
    }
    const cfg = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-config' }));
    expect(cfg.Handler).toBe('index.handler');
  });

  it('refuses a stale RevisionId with PreconditionFailedException', async () => {
    const err = await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-config', MemorySize: 256, RevisionId: 'stale' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreconditionFailedException);
  });
});

describe('ListFunctions and reserved concurrency', () => {
  it('pages with Marker and MaxItems', async () => {
    const first = await api.client.send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(first.Functions?.map((f) => f.FunctionName)).toEqual(['api-config']);
    expect(first.NextMarker).toBeDefined();
    const second = await api.client.send(new ListFunctionsCommand({ MaxItems: 1, Marker: first.NextMarker }));
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(['api-hello']);
    expect(second.NextMarker).toBeUndefined();
  });

  it('puts, gets and deletes reserved concurrency, within the account limit', async () => {
    expect((await api.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'api-hello' }))).ReservedConcurrentExecutions).toBeUndefined();
    const put = await api.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-hello', ReservedConcurrentExecutions: 5 }));
    expect(put.ReservedConcurrentExecutions).toBe(5);
    expect((await api.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'api-hello' }))).ReservedConcurrentExecutions).toBe(5);
    const settings = await api.client.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit?.UnreservedConcurrentExecutions).toBe(995);
    const tooMuch = await api.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-config', ReservedConcurrentExecutions: 990 })).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(InvalidParameterValueException);
    await api.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'api-hello' }));
    expect((await api.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'api-hello' }))).ReservedConcurrentExecutions).toBeUndefined();
  });
});

describe('DeleteFunction', () => {
  it('removes the whole function and retires all its environments', async () => {
    await api.client.send(new DeleteFunctionCommand({ FunctionName: 'api-config' }));
    expect(api.engine.retired.at(-1)).toEqual(['api-config', undefined]);
    const err = await api.client.send(new GetFunctionCommand({ FunctionName: 'api-config' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as Error).message).toBe(`Function not found: ${ARN}`);
  });
});
