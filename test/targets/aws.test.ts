// The aws target's attempt, one call at a time, against a local Lambda
// service: the REPORT line belongs to the request, and a failure of the
// network is an `error` attempt, never a rejection.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub/service';
import { Journal, readJournal } from '../../src/targets/journal';
import { AwsTarget } from '../../src/targets/aws';
import { EXAMPLE_FUNCTIONS, tempDir } from '../run/helpers';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('AwsTarget.invoke', () => {
  let service: LocalLambda;
  let endpoint: string;

  beforeAll(async () => {
    service = new LocalLambda({ functions: [{ name: 'hello', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), memoryMb: 256 }], host: '127.0.0.1', port: 0 });
    endpoint = await service.start();
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('measures from the origin it is given and joins the REPORT line of its own request', async () => {
    const target = new AwsTarget({ function: 'hello', region: 'us-east-1', endpoint, credentials, journal: Journal.inMemory() });
    try {
      await target.open();
      expect(target.memoryMb).toBe(256);
      const first = await target.invoke(Buffer.from('{}'), performance.now());
      expect(first.status).toBe('ok');
      expect(first.report?.requestId).toBe(first.requestId);
      expect(first.report?.initMs).toBeGreaterThan(0);
      expect(first.report?.memorySizeMb).toBe(256);
      // An origin 1 s in the past (an open-model slot that was due then) is charged in full.
      const late = await target.invoke(Buffer.from('{}'), performance.now() - 1000);
      expect(late.report?.initMs).toBeUndefined();
      expect(late.clientMs).toBeGreaterThanOrEqual(1000);
    } finally {
      await target.close();
    }
  });

  it('journals the region the default chain resolved, so that restore finds the same function later', async () => {
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'eu-west-2';
    const dir = tempDir('coldbench-region-');
    const file = path.join(dir, 'journal.jsonl');
    const target = new AwsTarget({ function: 'hello', endpoint, credentials, journal: Journal.atFile(file) });
    try {
      await target.open();
      await target.freshEnvironment();
      await target.restore();
      const entries = readJournal(file);
      expect(entries.map((e) => e.type)).toEqual(['original', 'change', 'restored']);
      expect(entries.every((e) => e.ref.region === 'eu-west-2')).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
      await target.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes us-east-1 for an endpoint on this machine when nothing names a region', async () => {
    const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'] as const;
    const saved = names.map((k) => process.env[k]);
    for (const k of names) delete process.env[k];
    process.env.AWS_CONFIG_FILE = path.join(__dirname, 'no-such-aws-config');
    const target = new AwsTarget({ function: 'hello', endpoint, credentials, journal: Journal.inMemory() });
    try {
      await target.open();
      expect(target.region).toBe('us-east-1');
      expect((await target.invoke(Buffer.from('{}'), performance.now())).status).toBe('ok');
    } finally {
      names.forEach((k, i) => {
        if (saved[i] === undefined) delete process.env[k];
        else process.env[k] = saved[i];
      });
      await target.close();
    }
  });

  it('turns a refused connection into an `error` attempt named by its code', async () => {
    const other = new LocalLambda({ functions: [{ name: 'hello', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello') }], host: '127.0.0.1', port: 0 });
    const url = await other.start();
    await other.stop();
    const target = new AwsTarget({ function: 'hello', region: 'us-east-1', endpoint: url, credentials, journal: Journal.inMemory() });
    try {
      const attempt = await target.invoke(Buffer.from('{}'), performance.now());
      expect(attempt.status).toBe('error');
      expect(attempt.errorType).toBe('ECONNREFUSED');
      expect(attempt.report).toBeUndefined();
      expect(attempt.clientMs).toBeGreaterThanOrEqual(0);
    } finally {
      await target.close();
    }
  });
});
