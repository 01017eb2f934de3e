// TagResource, UntagResource, ListTags and GetFunction's Tags through the AWS
// SDK, with Lambda's limits and refusals
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetFunctionCommand, InvalidParameterValueException, ListTagsCommand, PublishVersionCommand, ResourceNotFoundException,
  TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-lambda';
import { rejection as fail, startApi, type Api } from './harness';
import { checkTags } from '../../../src/stub/store/tags';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:api-hello';

describe('tags', () => {
  it('tag, list, overwrite, untag; GetFunction returns them', async () => {
    expect((await api.client.send(new ListTagsCommand({ Resource: ARN }))).Tags).toEqual({});
    expect((await api.client.send(new GetFunctionCommand({ FunctionName: 'api-hello' }))).Tags).toBeUndefined();
    await api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { team: 'perf', stage: 'dev' } }));
    await api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { stage: 'prod' } }));
    expect((await api.client.send(new ListTagsCommand({ Resource: ARN }))).Tags).toEqual({ team: 'perf', stage: 'prod' });
    // Tags are the function's: a qualified GetFunction shows them too.
    await api.client.send(new PublishVersionCommand({ FunctionName: 'api-hello' }));
    expect((await api.client.send(new GetFunctionCommand({ FunctionName: 'api-hello', Qualifier: '1' }))).Tags).toEqual({ team: 'perf', stage: 'prod' });
    await api.client.send(new UntagResourceCommand({ Resource: ARN, TagKeys: ['team', 'absent'] }));
    expect((await api.client.send(new ListTagsCommand({ Resource: ARN }))).Tags).toEqual({ stage: 'prod' });
    await api.client.send(new UntagResourceCommand({ Resource: ARN, TagKeys: ['stage'] }));
    expect((await api.client.send(new GetFunctionCommand({ FunctionName: 'api-hello' }))).Tags).toBeUndefined();
  });

  it('a version or alias ARN is refused, as is a name where an ARN is needed', async () => {
    const qualified = await fail(api.client.send(new TagResourceCommand({ Resource: `${ARN}:1`, Tags: { a: 'b' } })));
    expect(qualified).toBeInstanceOf(InvalidParameterValueException);
    expect((qualified as Error).message).toMatch(/Tags on aliases and versions are not supported/);
    expect(await fail(api.client.send(new ListTagsCommand({ Resource: `${ARN}:$LATEST` })))).toBeInstanceOf(InvalidParameterValueException);
    const name = await fail(api.client.send(new ListTagsCommand({ Resource: 'api-hello' })));
    expect((name as { name: string }).name).toBe('ValidationException');
  });

  it('an unknown function is ResourceNotFoundException', async () => {
    const err = await fail(api.client.send(new TagResourceCommand({ Resource: `${ARN}-nope`, Tags: { a: 'b' } })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });

  it('limits: 50 tags, key and value lengths, the aws: prefix; nothing is changed by a refused call', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await api.client.send(new TagResourceCommand({ Resource: ARN, Tags: fifty }));
    const over = await fail(api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { one: 'more' } })));
    expect(over).toBeInstanceOf(InvalidParameterValueException);
    expect((over as Error).message).toBe('Number of tags exceeds function tag limit.');
    // Overwriting an existing key is no new tag.
    await api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { k0: 'changed' } }));
    expect(Object.keys((await api.client.send(new ListTagsCommand({ Resource: ARN }))).Tags ?? {})).toHaveLength(50);
    await api.client.send(new UntagResourceCommand({ Resource: ARN, TagKeys: Object.keys(fifty) }));

    const longKey = await fail(api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { ['k'.repeat(129)]: 'v' } })));
    expect((longKey as { name: string }).name).toBe('ValidationException');
    const longValue = await fail(api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { k: 'v'.repeat(257) } })));
    expect((longValue as { name: string }).name).toBe('ValidationException');
    const reserved = await fail(api.client.send(new TagResourceCommand({ Resource: ARN, Tags: { 'AWS:owner': 'me', ok: 'yes' } })));
    expect(reserved).toBeInstanceOf(InvalidParameterValueException);
    expect((reserved as Error).message).toMatch(/aws:/);
    const empty = await fail(api.client.send(new TagResourceCommand({ Resource: ARN, Tags: {} })));
    expect(empty).toBeInstanceOf(InvalidParameterValueException);
    expect((await api.client.send(new ListTagsCommand({ Resource: ARN }))).Tags).toEqual({});
  });

  it('checkTags (for CreateFunction) keeps what is valid and counts characters, not UTF-16 units', () => {
    expect(checkTags({ a: 'b', 'ключ': 'значение' })).toEqual({ a: 'b', 'ключ': 'значение' });
    expect(() => checkTags({ ['😀'.repeat(128)]: 'v' })).not.toThrow();
    expect(() => checkTags({ a: 1 })).toThrow(/must be a string/);
    expect(() => checkTags(['a'])).toThrow(/map/);
    expect(() => checkTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ''])))).toThrow(/tag limit/);
  });
});
