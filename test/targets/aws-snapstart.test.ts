// The aws target on a SnapStart function, one step at a time against the
// local service: without a qualifier it invokes versions it publishes (one per
// memory setting, one per forced cold start, deleted as the next replaces
// them and at restore()), each invocation naming its version; on a qualifier
// it measures that version as it is, and refuses to force anything.

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ListVersionsByFunctionCommand, PublishVersionCommand, waitUntilPublishedVersionActive, type LambdaClient, type Runtime,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub/service';
import { AwsTarget, snapStartOnVersions } from '../../src/targets/aws';
import { TargetError } from '../../src/targets/errors';
import { factsOf } from '../../src/targets/function-facts';
import { Journal } from '../../src/targets/journal';
import { FIXTURES, clientFor } from '../stub/service-helpers';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const payload = Buffer.from('{}');

async function versions(client: LambdaClient, fn: string): Promise<string[]> {
  const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
  return (out.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

describe('snapStartOnVersions', () => {
  const facts = (runtime: string, applyOn: 'PublishedVersions' | 'None') => factsOf({ Runtime: runtime as Runtime, SnapStart: { ApplyOn: applyOn } }, 'f', '$LATEST', { kind: 'none' });
  it('is SnapStart on published versions of a runtime that supports it', () => {
    expect(snapStartOnVersions(facts('python3.12', 'PublishedVersions'))).toBe(true);
    expect(snapStartOnVersions(facts('java21', 'PublishedVersions'))).toBe(true);
    expect(snapStartOnVersions(facts('python3.12', 'None'))).toBe(false);
    expect(snapStartOnVersions(facts('python3.11', 'PublishedVersions'))).toBe(false);
    expect(snapStartOnVersions(facts('nodejs22.x', 'PublishedVersions'))).toBe(false);
  });
});

describe('AwsTarget on a SnapStart function (local service)', () => {
  let service: LocalLambda;
  let endpoint: string;
  let client: LambdaClient;

  beforeAll(async () => {
    service = new LocalLambda({
      functions: [
        { name: 'snap', codeDir: path.join(FIXTURES, 'py-snapstart'), environment: { INIT_SLEEP: '0' } },
        { name: 'snap-pinned', codeDir: path.join(FIXTURES, 'py-snapstart'), environment: { INIT_SLEEP: '0' } },
      ],
      host: '127.0.0.1',
      port: 0,
      cgroups: false,
      onWarning: () => undefined,
    });
    endpoint = await service.start();
    client = clientFor(endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await service?.stop();
  });

  it('without a qualifier: publishes per memory setting and per forced restore, invokes the newest, deletes them all', async () => {
    const journal = Journal.inMemory();
    const target = new AwsTarget({ function: 'snap', region: 'us-east-1', endpoint, credentials, journal });
    try {
      await target.open();
      expect(target.functionFacts()?.snapStart).toMatchObject({ applyOn: 'PublishedVersions', active: true });
      await target.applyMemory(null);
      const [v1] = await versions(client, 'snap');
      expect(v1).toBeDefined();
      // The version published for the setting is fresh: the first forced cold start uses it.
      await target.freshEnvironment();
      expect(await versions(client, 'snap')).toEqual([v1]);
      const first = await target.invoke(payload, performance.now());
      expect(first).toMatchObject({ status: 'ok', qualifier: v1 });
      expect(first.report?.startType).toBe('restore');
      const warm = await target.invoke(payload, performance.now());
      expect(warm).toMatchObject({ status: 'ok', qualifier: v1 });
      expect(warm.report?.startType).toBe('warm');
      // A memory change publishes after it; the older version goes.
      await target.applyMemory(512);
      const [v2] = await versions(client, 'snap');
      expect(v2).not.toBe(v1);
      const restored = await target.invoke(payload, performance.now());
      expect(restored).toMatchObject({ qualifier: v2 });
      expect(restored.report).toMatchObject({ startType: 'restore', memorySizeMb: 512 });
      await target.freshEnvironment();
      const [v3] = await versions(client, 'snap');
      expect(v3).not.toBe(v2);
      expect((await target.invoke(payload, performance.now())).report?.startType).toBe('restore');
      expect(journal.pendingRemovals().map((p) => p.version)).toEqual([v3]);
    } finally {
      await target.restore();
      await target.close();
    }
    expect(await versions(client, 'snap')).toEqual([]);
    expect(journal.pendingRemovals()).toEqual([]);
    expect(journal.pending()).toEqual([]);
  }, 60_000);

  it('on a qualifier: that version as it is (its first invocation a restore, no row renamed), nothing forced', async () => {
    const { Version } = await client.send(new PublishVersionCommand({ FunctionName: 'snap-pinned' }));
    await waitUntilPublishedVersionActive({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: 'snap-pinned', Qualifier: Version });
    const target = new AwsTarget({ function: 'snap-pinned', region: 'us-east-1', endpoint, credentials, journal: Journal.inMemory(), qualifier: Version });
    try {
      await target.open();
      expect(target.functionFacts()?.snapStart).toMatchObject({ active: true, optimizationStatus: 'On' });
      await target.applyMemory(null);
      expect(await versions(client, 'snap-pinned')).toEqual([Version]);
      const first = await target.invoke(payload, performance.now());
      expect(first.qualifier).toBeUndefined();
      expect(first.report?.startType).toBe('restore');
      expect((await target.invoke(payload, performance.now())).report?.startType).toBe('warm');
      await expect(target.freshEnvironment()).rejects.toBeInstanceOf(TargetError);
    } finally {
      await target.restore();
      await target.close();
    }
    // The user's version stays.
    expect(await versions(client, 'snap-pinned')).toEqual([Version]);
  }, 60_000);
});
