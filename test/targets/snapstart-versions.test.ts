// Forced restores against the local service through the real AWS SDK: each
// next() gives a new version whose first invocation is a restore; versions
// are deleted as the next replaces them and at the end. The steps here are a
// plain SDK implementation with an in-memory journal; in a run they are the
// aws target's journalled FunctionConfigurator.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  DeleteFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand, PublishVersionCommand,
  UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2, waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub/service';
import { TargetError } from '../../src/targets/errors';
import { ForcedRestores, type VersionSteps } from '../../src/targets/snapstart-versions';
import { FIXTURES, clientFor, invoke } from '../stub/service-helpers';

let tmp: string;
let service: LocalLambda;
let client: LambdaClient;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-forced-restores-'));
  const dir = path.join(tmp, 'functions');
  fs.cpSync(path.join(FIXTURES, 'py-snapstart'), path.join(dir, 'py-snapstart'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'py-context'), path.join(dir, 'py-plain'), { recursive: true });
  service = new LocalLambda({ functionsDir: dir, cgroups: false, onWarning: () => undefined });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The steps over the SDK, journalling as the aws target does: before each create, and each removal. */
function sdkSteps(fn: string, journal: string[]): VersionSteps {
  return {
    async forceFreshEnvironment() {
      await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Environment: { Variables: { COLDBENCH_NONCE: randomUUID(), INIT_SLEEP: '0' } } }));
      await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { FunctionName: fn });
    },
    async publishVersion() {
      journal.push('created version');
      const out = await client.send(new PublishVersionCommand({ FunctionName: fn }));
      journal.push(`published ${out.Version}`);
      await waitUntilPublishedVersionActive({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: fn, Qualifier: out.Version });
      const active = await client.send(new GetFunctionConfigurationCommand({ FunctionName: fn, Qualifier: out.Version }));
      return { version: out.Version ?? '', snapStartOptimization: active.SnapStart?.OptimizationStatus };
    },
    async deleteVersion(version) {
      await client.send(new DeleteFunctionCommand({ FunctionName: fn, Qualifier: version }));
      journal.push(`removed ${version}`);
    },
  };
}

async function versionsOf(fn: string): Promise<string[]> {
  const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
  return (out.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

describe('ForcedRestores', () => {
  it('gives a fresh version per forced restore, each first invocation a restore, and leaves no version behind', async () => {
    const journal: string[] = [];
    const restores = new ForcedRestores(sdkSteps('py-snapstart', journal), 'py-snapstart');
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const q = await restores.next();
      seen.push(q);
      const r = await invoke(client, { FunctionName: 'py-snapstart', Qualifier: q });
      expect(r.executedVersion).toBe(q);
      expect(r.report?.metrics.restoreDurationMs).toBeGreaterThan(0);
      expect(r.report?.metrics.initDurationMs).toBeUndefined();
      // At most one version of the run exists at a time.
      expect(await versionsOf('py-snapstart')).toEqual([q]);
    }
    expect(seen[0]).not.toBe(seen[1]);
    await restores.finish();
    expect(restores.pending).toEqual([]);
    expect(await versionsOf('py-snapstart')).toEqual([]);
    expect(journal).toEqual([
      'created version', `published ${seen[0]}`, `removed ${seen[0]}`,
      'created version', `published ${seen[1]}`, `removed ${seen[1]}`,
    ]);
  }, 60_000);

  it('refuses a function whose versions are not restored, and still deletes the version it made', async () => {
    const journal: string[] = [];
    const restores = new ForcedRestores(sdkSteps('py-plain', journal), 'py-plain');
    const err = await restores.next().then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TargetError);
    expect(err?.message).toContain('SnapStart OptimizationStatus Off');
    expect(restores.pending).toHaveLength(1);
    await restores.finish();
    expect(await versionsOf('py-plain')).toEqual([]);
  }, 30_000);
});
