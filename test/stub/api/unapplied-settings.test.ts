// UpdateFunctionConfiguration refuses each setting the local service does
// not apply, never answering 200 and ignoring it; a value that is the
// default is a no-op and accepted. Through the real AWS SDK.

import {
  GetFunctionConfigurationCommand, InvalidParameterValueException, UpdateFunctionConfigurationCommand,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

type Change = Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>;

// SnapStart is applied (python3.12+) and refused elsewhere in Lambda's own words: test/stub/snapstart/settings.test.ts.
const REFUSED: ReadonlyArray<readonly [string, Change]> = [
  ['TracingConfig', { TracingConfig: { Mode: 'Active' } }],
  ['Layers', { Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1'] }],
  ['DeadLetterConfig', { DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' } }],
  ['VpcConfig', { VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }],
  ['FileSystemConfigs', { FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1', LocalMountPath: '/mnt/efs' }] }],
  ['KMSKeyArn', { KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1' }],
  ['ImageConfig', { ImageConfig: { Command: ['app.handler'] } }],
  ['Role', { Role: 'arn:aws:iam::123456789012:role/other' }],
];

describe('UpdateFunctionConfiguration with settings the service does not apply', () => {
  it.each(REFUSED)('refuses %s with InvalidParameterValueException naming it, and changes nothing', async (member, change) => {
    const before = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    // Memory alongside: a refused member must not let the rest of the request through.
    const err = await api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-hello', MemorySize: 1024, ...change }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect((err as Error).message).toContain(member);
    expect((err as Error).message).toMatch(/local Lambda service/);
    const after = await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    expect(after.RevisionId).toBe(before.RevisionId);
    expect(after.MemorySize).toBe(before.MemorySize);
  });

  it('accepts the defaults as no-ops', async () => {
    const out = await api.client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'api-hello', Timeout: 7,
      TracingConfig: { Mode: 'PassThrough' }, Layers: [], DeadLetterConfig: {}, SnapStart: { ApplyOn: 'None' },
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] }, FileSystemConfigs: [], KMSKeyArn: '',
      Role: 'arn:aws:iam::000000000000:role/local-lambda',
    }));
    expect(out.Timeout).toBe(7);
    expect(out.TracingConfig).toEqual({ Mode: 'PassThrough' });
    expect(out.SnapStart).toEqual({ ApplyOn: 'None', OptimizationStatus: 'Off' });
  });

  it('refuses a member it does not know at all', async () => {
    const err = await fetch(`${api.url}/2015-03-31/functions/api-hello/configuration`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CapacityProviderConfig: { X: 1 } }),
    });
    expect(err.status).toBe(400);
    expect(err.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
    expect(((await err.json()) as { message: string }).message).toMatch(/'CapacityProviderConfig' is not a setting the local Lambda service knows/);
  });
});
