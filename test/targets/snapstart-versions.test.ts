// Forced restores against the local service through the real AWS SDK: each
// next() gives a new version whose first invocation is a restore; versions
// are deleted as the next replaces them, and what is left at the end by the
// configurator's restore() from the journal, the one mechanism that removes
// what a run created (`coldbench restore` reads the same journal). The steps
// are the aws target's own FunctionConfigurator.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub/service';
import { TargetError } from '../../src/targets/errors';
import { FunctionConfigurator } from '../../src/targets/function-config';
import { Journal, readJournal } from '../../src/targets/journal';
import { ForcedRestores } from '../../src/targets/snapstart-versions';
import { FIXTURES, clientFor, invoke } from '../stub/service-helpers';

let tmp: string;
let service: LocalLambda;
let client: LambdaClient;
let endpoint: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-forced-restores-'));
  const dir = path.join(tmp, 'functions');
  fs.cpSync(path.join(FIXTURES, 'py-snapstart'), path.join(dir, 'py-snapstart'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'py-context'), path.join(dir, 'py-plain'), { recursive: true });
  service = new LocalLambda({ functionsDir: dir, cgroups: false, onWarning: () => undefined });
  endpoint = await service.start();
  client = clientFor(endpoint);
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The aws target's steps over the service, with a journal file of their own. */
function configurator(fn: string): { config: FunctionConfigurator; journal: Journal } {
  const journal = Journal.atFile(path.join(tmp, `${fn}-${randomUUID()}.jsonl`));
  return { config: new FunctionConfigurator(client, { function: fn, region: 'us-east-1', endpoint }, journal), journal };
}

/** The journal file's created/published/removed entries, in order, as short strings. */
function story(journal: Journal): string[] {
  return readJournal(journal.path ?? '').flatMap((e) => e.type === 'created' ? ['created version'] : e.type === 'published' ? [`published ${e.version}`] : e.type === 'removed' ? ['removed'] : []);
}

async function versionsOf(fn: string): Promise<string[]> {
  const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
  return (out.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

describe('ForcedRestores', () => {
  it('gives a fresh version per forced restore, each first invocation a restore, and leaves no version behind', async () => {
    const { config, journal } = configurator('py-snapstart');
    const restores = new ForcedRestores(config, 'py-snapstart');
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
    expect(restores.current).toBe(seen[1]);
    // The end of a run: the journal's removal, which also puts back the nonce.
    expect(journal.pendingRemovals().map((p) => p.version)).toEqual([seen[1]]);
    await config.restore();
    restores.forget();
    expect(restores.pending).toEqual([]);
    expect(journal.pendingRemovals()).toEqual([]);
    expect(journal.pending()).toEqual([]);
    expect(await versionsOf('py-snapstart')).toEqual([]);
    expect(story(journal)).toEqual([
      'created version', `published ${seen[0]}`, 'removed',
      'created version', `published ${seen[1]}`, 'removed',
    ]);
  }, 60_000);

  it('refuses a function whose versions are not restored, and still deletes the version it made', async () => {
    const { config, journal } = configurator('py-plain');
    const restores = new ForcedRestores(config, 'py-plain');
    const err = await restores.next().then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TargetError);
    expect(err?.message).toContain('SnapStart OptimizationStatus Off');
    expect(restores.pending).toHaveLength(1);
    expect(journal.pendingRemovals()).toHaveLength(1);
    await config.restore();
    expect(await versionsOf('py-plain')).toEqual([]);
  }, 30_000);
});
