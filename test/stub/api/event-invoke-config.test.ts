// Put/Get/Update/Delete/ListFunctionEventInvokeConfigs through the AWS SDK:
// shapes, Lambda's limits (MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds
// 60–21600) and destinations, of which only this service's own functions can
// be served. How the queue honours them: async-invoke.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, DeleteAliasCommand, DeleteFunctionEventInvokeConfigCommand, GetFunctionEventInvokeConfigCommand,
  InvalidParameterValueException, ListFunctionEventInvokeConfigsCommand, PublishVersionCommand, PutFunctionEventInvokeConfigCommand,
  ResourceNotFoundException, UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { errorName as errName, rejection as fail, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const FN = 'api-hello';
const ARN = `arn:aws:lambda:us-east-1:000000000000:function:${FN}`;
const DEST = 'arn:aws:lambda:us-east-1:000000000000:function:api-config';

describe('event invoke configs', () => {
  it('Get before Put is ResourceNotFoundException naming the function', async () => {
    const err = await fail(api.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as Error).message).toBe(`The function ${ARN}:$LATEST doesn't have an EventInvokeConfig`);
  });

  it('Put returns and Get reads back the config, LastModified a date', async () => {
    const before = Date.now() - 1000;
    const put = await api.client.send(new PutFunctionEventInvokeConfigCommand({
      FunctionName: FN, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: DEST } },
    }));
    expect(put).toMatchObject({ FunctionArn: `${ARN}:$LATEST`, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: DEST } } });
    expect(put.LastModified).toBeInstanceOf(Date);
    expect((put.LastModified as Date).getTime()).toBeGreaterThanOrEqual(before);
    const got = await api.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN }));
    expect(got).toMatchObject({ FunctionArn: `${ARN}:$LATEST`, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 });
  });

  it('Update changes only what it is given; Put replaces the whole config', async () => {
    const upd = await api.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 0, DestinationConfig: { OnSuccess: { Destination: DEST } } }));
    expect(upd).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnSuccess: { Destination: DEST }, OnFailure: { Destination: DEST } } });
    const put = await api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumEventAgeInSeconds: 60 }));
    expect(put.MaximumRetryAttempts).toBeUndefined();
    expect(put.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
  });

  it('versions and aliases have their own configs; List shows them; Delete removes one', async () => {
    const v = await api.client.send(new PublishVersionCommand({ FunctionName: FN }));
    await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version }));
    await api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: v.Version, MaximumRetryAttempts: 2 }));
    await api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: `${FN}:live`, MaximumRetryAttempts: 0 }));
    const list = await api.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN }));
    expect(list.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual([`${ARN}:$LATEST`, `${ARN}:${v.Version as string}`, `${ARN}:live`]);
    const page = await api.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN, MaxItems: 2 }));
    expect(page.FunctionEventInvokeConfigs).toHaveLength(2);
    expect(page.NextMarker).toBeDefined();

    await api.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: v.Version }));
    expect(await fail(api.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: v.Version })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await fail(api.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: v.Version })))).toBeInstanceOf(ResourceNotFoundException);
    // An alias made again under a deleted one's name starts without its config.
    await api.client.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'live' }));
    await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version }));
    expect(await fail(api.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'live' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await fail(api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: '42', MaximumRetryAttempts: 1 })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('Update of a missing config, and an unknown function, are ResourceNotFoundException', async () => {
    expect(await fail(api.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'api-config', MaximumRetryAttempts: 1 })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await fail(api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'nope', MaximumRetryAttempts: 1 })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('limits and an empty request are refused', async () => {
    const put = (input: Omit<ConstructorParameters<typeof PutFunctionEventInvokeConfigCommand>[0], 'FunctionName'>): Promise<unknown> =>
      fail(api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, ...input })));
    expect(errName(await put({ MaximumRetryAttempts: 3 }))).toBe('ValidationException');
    expect(errName(await put({ MaximumRetryAttempts: -1 }))).toBe('ValidationException');
    expect(errName(await put({ MaximumEventAgeInSeconds: 59 }))).toBe('ValidationException');
    expect(errName(await put({ MaximumEventAgeInSeconds: 21_601 }))).toBe('ValidationException');
    const empty = await put({});
    expect(empty).toBeInstanceOf(InvalidParameterValueException);
    expect((empty as Error).message).toBe('You must specify at least one of error handling or destination setting.');
  });

  it('destinations: SQS, SNS, EventBridge and S3 are refused saying why; only other functions of this service are served', async () => {
    const put = (d: string): Promise<unknown> => fail(api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, DestinationConfig: { OnFailure: { Destination: d } } })));
    for (const d of ['arn:aws:sqs:us-east-1:000000000000:dlq', 'arn:aws:sns:us-east-1:000000000000:topic', 'arn:aws:events:us-east-1:000000000000:event-bus/default', 'arn:aws:s3:::bucket']) {
      const err = await put(d);
      expect(err, d).toBeInstanceOf(InvalidParameterValueException);
      expect((err as Error).message, d).toMatch(/cannot deliver there; only its own functions can be destinations/);
    }
    expect((await put(`${ARN}`) as Error).message).toBe("You can't specify the function as a destination for itself.");
    expect((await put('arn:aws:lambda:us-east-1:000000000000:function:missing') as Error).message).toMatch(/is invalid/);
    expect((await put('arn:aws:lambda:eu-west-1:000000000000:function:api-config') as Error).message).toMatch(/is invalid/);
    expect((await put('arn:aws:lambda:us-east-1:111111111111:function:api-config') as Error).message).toMatch(/is invalid/);
    expect(errName(await put('not an arn'))).toBe('ValidationException');
    const ok = await api.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, DestinationConfig: { OnFailure: { Destination: `${DEST}:$LATEST` } } }));
    expect(ok.DestinationConfig?.OnFailure?.Destination).toBe(`${DEST}:$LATEST`);
  });
});
