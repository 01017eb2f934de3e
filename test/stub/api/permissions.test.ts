// AddPermission, RemovePermission, GetPolicy through the AWS SDK: the policy
// document as Lambda writes it (the GetPolicy example of the API reference:
// {"Version":"2012-10-17","Id":"default","Statement":[{"Sid":…,"Effect":"Allow",
// "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:InvokeFunction",
// "Resource":"arn:aws:lambda:us-east-2:123456789012:function:my-function:1"}]}),
// and every refusal.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteAliasCommand, GetPolicyCommand, InvalidParameterValueException,
  PreconditionFailedException, PublishVersionCommand, RemovePermissionCommand, ResourceConflictException, ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { errorName as errName, rejection as fail, startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const FN = 'api-hello';
const ARN = `arn:aws:lambda:us-east-1:000000000000:function:${FN}`;

describe('resource policies', () => {
  it('no policy yet: GetPolicy and RemovePermission are ResourceNotFoundException', async () => {
    const get = await fail(api.client.send(new GetPolicyCommand({ FunctionName: FN })));
    expect(get).toBeInstanceOf(ResourceNotFoundException);
    expect((get as Error).message).toBe('The resource you requested does not exist.');
    const rm = await fail(api.client.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'x' })));
    expect(rm).toBeInstanceOf(ResourceNotFoundException);
    expect((rm as Error).message).toBe('No policy is associated with the given resource.');
  });

  it('AddPermission writes statements as Lambda does; GetPolicy returns the document and its revision', async () => {
    const added = await api.client.send(new AddPermissionCommand({
      FunctionName: FN, StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com',
      SourceArn: 'arn:aws:sns:us-east-1:123456789012:topic', SourceAccount: '123456789012',
    }));
    expect(JSON.parse(added.Statement as string)).toEqual({
      Sid: 'sns', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: ARN,
      Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' } },
    });
    await api.client.send(new AddPermissionCommand({ FunctionName: FN, StatementId: 'xaccount', Action: 'lambda:InvokeFunction', Principal: '123456789012' }));
    await api.client.send(new AddPermissionCommand({
      FunctionName: FN, StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE',
    }));
    const got = await api.client.send(new GetPolicyCommand({ FunctionName: FN }));
    const doc = JSON.parse(got.Policy as string) as { Version: string; Id: string; Statement: Array<Record<string, unknown>> };
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Id).toBe('default');
    expect(doc.Statement.map((s) => s.Sid)).toEqual(['sns', 'xaccount', 'url']);
    expect(doc.Statement[1]).toEqual({ Sid: 'xaccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'lambda:InvokeFunction', Resource: ARN });
    expect(doc.Statement[2]).toMatchObject({ Principal: '*', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } });
    expect(got.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a StatementId already in the policy is ResourceConflictException with Lambda\'s message', async () => {
    const err = await fail(api.client.send(new AddPermissionCommand({ FunctionName: FN, StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' })));
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect((err as Error).message).toBe('The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.');
  });

  it('RevisionId must be the policy\'s current one', async () => {
    const { RevisionId } = await api.client.send(new GetPolicyCommand({ FunctionName: FN }));
    const stale = await fail(api.client.send(new AddPermissionCommand({
      FunctionName: FN, StatementId: 'late', Action: 'lambda:InvokeFunction', Principal: '*', RevisionId: '00000000-0000-0000-0000-000000000000',
    })));
    expect(stale).toBeInstanceOf(PreconditionFailedException);
    await api.client.send(new AddPermissionCommand({ FunctionName: FN, StatementId: 'late', Action: 'lambda:InvokeFunction', Principal: '*', RevisionId }));
    const staleRm = await fail(api.client.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'late', RevisionId })));
    expect(staleRm).toBeInstanceOf(PreconditionFailedException);
  });

  it('RemovePermission removes one statement; the policy goes with its last', async () => {
    const missing = await fail(api.client.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe('Statement nope is not found in resource policy.');
    for (const sid of ['sns', 'xaccount', 'url']) await api.client.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: sid }));
    const left = JSON.parse((await api.client.send(new GetPolicyCommand({ FunctionName: FN }))).Policy as string) as { Statement: Array<{ Sid: string }> };
    expect(left.Statement.map((s) => s.Sid)).toEqual(['late']);
    await api.client.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'late' }));
    expect(await fail(api.client.send(new GetPolicyCommand({ FunctionName: FN })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('versions and aliases have their own policies; $LATEST is refused; a deleted alias takes its policy along', async () => {
    const v = await api.client.send(new PublishVersionCommand({ FunctionName: FN }));
    await api.client.send(new AddPermissionCommand({ FunctionName: FN, Qualifier: v.Version, StatementId: 'v', Action: 'lambda:InvokeFunction', Principal: '*' }));
    const pv = JSON.parse((await api.client.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: v.Version }))).Policy as string) as { Statement: Array<{ Resource: string }> };
    expect(pv.Statement[0]?.Resource).toBe(`${ARN}:${v.Version as string}`);
    expect(await fail(api.client.send(new GetPolicyCommand({ FunctionName: FN })))).toBeInstanceOf(ResourceNotFoundException);

    const latest = await fail(api.client.send(new AddPermissionCommand({ FunctionName: FN, Qualifier: '$LATEST', StatementId: 'l', Action: 'lambda:InvokeFunction', Principal: '*' })));
    expect(latest).toBeInstanceOf(InvalidParameterValueException);
    expect((latest as Error).message).toBe('We currently do not support adding policies for $LATEST.');
    const noVersion = await fail(api.client.send(new AddPermissionCommand({ FunctionName: FN, Qualifier: '99', StatementId: 'n', Action: 'lambda:InvokeFunction', Principal: '*' })));
    expect(noVersion).toBeInstanceOf(ResourceNotFoundException);

    await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version }));
    await api.client.send(new AddPermissionCommand({ FunctionName: `${FN}:live`, StatementId: 'a', Action: 'lambda:InvokeFunction', Principal: '*' }));
    await api.client.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'live' }));
    await api.client.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version }));
    expect(await fail(api.client.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: 'live' })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('malformed members are refused before anything is stored', async () => {
    const base = { FunctionName: FN, StatementId: 'ok', Action: 'lambda:InvokeFunction', Principal: '*' };
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, StatementId: 'bad id' }))))).toBe('ValidationException');
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, Action: 'invoke' }))))).toBe('ValidationException');
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, SourceAccount: '12' }))))).toBe('ValidationException');
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, SourceArn: 'not-an-arn' }))))).toBe('ValidationException');
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, PrincipalOrgID: 'org' }))))).toBe('ValidationException');
    expect(errName(await fail(api.client.send(new AddPermissionCommand({ ...base, FunctionUrlAuthType: 'SOMETIMES' as 'NONE' }))))).toBe('ValidationException');
    const principal = await fail(api.client.send(new AddPermissionCommand({ ...base, Principal: 'somebody' })));
    expect(principal).toBeInstanceOf(InvalidParameterValueException);
    expect(await fail(api.client.send(new AddPermissionCommand({ ...base, FunctionName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await fail(api.client.send(new GetPolicyCommand({ FunctionName: FN })))).toBeInstanceOf(ResourceNotFoundException);
  });
});
