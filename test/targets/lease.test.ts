// The lease marker (src/targets/lease.ts): written, read back, stripped, and
// judged live or stale; and, through the local service, two configurators of
// two runs racing for one function: exactly one gets it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsTarget } from '../../src/targets/aws';
import { FunctionConfigurator } from '../../src/targets/function-config';
import { Journal, JOURNAL_FILE, type FunctionRef } from '../../src/targets/journal';
import {
  holderFor, LEASE_TTL_MS, LeaseError, parseLease, staleReason, stripLease, stripNonce, withLease, type Lease,
} from '../../src/targets/lease';
import { EXAMPLE_FUNCTIONS, separateServiceForSuite, tempDir } from '../run/helpers';

/** A pid that was a process of this host a moment ago and is no more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the lease marker', () => {
  const holder = holderFor('20261206T040000Z-abc123', new Date('2026-12-06T04:00:00Z'));

  it('is appended to the description and read back whole', () => {
    const now = new Date('2026-12-06T04:00:05Z');
    const d = withLease('orders API', holder, 192, now);
    expect(d.startsWith('orders API [coldbench-lease 20261206T040000Z-abc123 ')).toBe(true);
    const lease = parseLease(d) as Lease;
    expect(lease).toEqual({ ...holder, expiresSec: Math.floor((now.getTime() + LEASE_TTL_MS) / 1000), originalMemoryMb: 192 });
    expect(stripLease(d)).toBe('orders API');
    // Renewing replaces the marker, never stacks a second one.
    expect(stripLease(withLease(d, holder, 192))).toBe('orders API');
    expect(withLease('', holder, 128, now).startsWith('[coldbench-lease')).toBe(true);
    expect(stripLease(withLease('', holder, 128, now))).toBe('');
  });

  it('is not found in a description that only looks like one', () => {
    expect(parseLease('see [coldbench-lease docs] for details')).toBeUndefined();
    expect(stripLease('see [coldbench-lease docs]')).toBe('see [coldbench-lease docs]');
  });

  it('refuses, naming the limit, when the description leaves no room for it (Lambda: 256 characters)', () => {
    expect(() => withLease('x'.repeat(250), holder, 128)).toThrow(LeaseError);
    expect(() => withLease('x'.repeat(250), holder, 128)).toThrow(/description is 250 characters.*256/);
  });

  it('is live while its holder runs, stale once expired or once its process on this host is gone', () => {
    const now = new Date();
    const live = parseLease(withLease('', holderFor('live-run'), 128, now)) as Lease;
    expect(staleReason(live, now)).toBeUndefined();
    expect(staleReason(live, new Date(now.getTime() + LEASE_TTL_MS + 1000))).toMatch(/expired/);
    const dead = { ...live, pid: deadPid() };
    expect(staleReason(dead, now)).toMatch(/process \d+ on this host is gone/);
    // On another host the pid means nothing here: only the expiry counts.
    expect(staleReason({ ...dead, host: 'elsewhere' }, now)).toBeUndefined();
  });

  it('strips COLDBENCH_NONCE, and only it', () => {
    expect(stripNonce({ A: '1', COLDBENCH_NONCE: 'x' })).toEqual({ A: '1' });
    expect(stripNonce(null)).toBeNull();
  });
});

const ORIGINAL = { memoryMb: 192, environment: { KEEP: 'me' }, description: 'as the user left it' };

describe('two runs racing for one function', () => {
  const service = separateServiceForSuite([{ name: 'contested', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), ...ORIGINAL }]);
  const dir = tempDir('coldbench-lease-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = async (): Promise<{ memoryMb?: number; environment?: Record<string, string>; description?: string }> => {
    const c = await service.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'contested' }));
    return { memoryMb: c.MemorySize, environment: c.Environment?.Variables, description: c.Description };
  };

  it('exactly one takes the lease; the other changes nothing; restoring leaves the function exactly as it was (three times)', async () => {
    for (let round = 0; round < 3; round++) {
      const ref: FunctionRef = { function: 'contested', region: 'us-east-1', endpoint: service.endpoint };
      const notices: string[] = [];
      const journals = ['a', 'b'].map((name) => {
        fs.mkdirSync(path.join(dir, `${round}-${name}`));
        return Journal.atFile(path.join(dir, `${round}-${name}`, JOURNAL_FILE), { holder: holderFor(`run-${round}-${name}`), notice: (l) => notices.push(l) });
      });
      const [a, b] = journals.map((j) => new FunctionConfigurator(service.client, ref, j)) as [FunctionConfigurator, FunctionConfigurator];
      // Both read the function before either writes: the conditional write decides.
      await Promise.all([a.read(), b.read()]);
      const outcomes = await Promise.allSettled([a.setMemory(256), b.setMemory(512)]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(LeaseError);
      expect(String((lost[0]?.reason as Error).message)).toMatch(/contested is being changed by another coldbench run run-\d-[ab] \(host \S+, pid \d+, started \d{4}-\d\d-\d\dT/);
      const winner = outcomes[0]?.status === 'fulfilled' ? a : b;
      const loser = winner === a ? b : a;
      // The loser has nothing to put back and must not touch the function.
      expect(await loser.restore()).toBe(false);
      const during = await read();
      expect(during.memoryMb).toBe(winner === a ? 256 : 512);
      expect(parseLease(during.description ?? '')?.runId).toBe(`run-${round}-${winner === a ? 'a' : 'b'}`);
      expect(await winner.restore()).toBe(true);
      expect(await read()).toEqual(ORIGINAL);
      expect(notices).toEqual([]);
    }
  });

  it('a journal never takes a coldbench-made value for the original; a stale lease is taken over with a notice', async () => {
    // As a run killed on this host leaves it: its sweep memory, its nonce, its marker.
    const killed = { ...holderFor('killed-run'), pid: deadPid() };
    await service.client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'contested', MemorySize: 128,
      Environment: { Variables: { ...ORIGINAL.environment, COLDBENCH_NONCE: 'left-behind' } },
      Description: withLease(ORIGINAL.description, killed, ORIGINAL.memoryMb),
    }));
    fs.mkdirSync(path.join(dir, 'taker'));
    const notices: string[] = [];
    const journal = Journal.atFile(path.join(dir, 'taker', JOURNAL_FILE), { holder: holderFor('taker'), notice: (l) => notices.push(l) });
    const ref: FunctionRef = { function: 'contested', region: 'us-east-1', endpoint: service.endpoint };
    const config = new FunctionConfigurator(service.client, ref, journal);
    await config.forceFreshEnvironment();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/taking over the lease on contested from run killed-run .*process \d+ on this host is gone/);
    expect(journal.originalOf(ref)).toEqual(ORIGINAL);
    await config.restore();
    expect(await read()).toEqual(ORIGINAL);
  });

  it('restoring a run whose lease another live run has since taken over leaves the function to that run', async () => {
    const ref: FunctionRef = { function: 'contested', region: 'us-east-1', endpoint: service.endpoint };
    const notices: string[] = [];
    const journal = Journal.atFile(path.join(dir, 'overtaken.jsonl'), { holder: holderFor('overtaken'), notice: (l) => notices.push(l) });
    const first = new FunctionConfigurator(service.client, ref, journal);
    await first.setMemory(256);
    // Another run, on another host, took the lease over (as if this one had been presumed dead) and set its own memory.
    const taker = withLease(ORIGINAL.description, { ...holderFor('taker-run'), host: 'other-host' }, ORIGINAL.memoryMb);
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', MemorySize: 512, Description: taker }));
    expect(await first.restore()).toBe(true);
    expect(notices).toEqual([expect.stringMatching(/contested was not put back: run taker-run \(host other-host.*has taken it over and will/)]);
    expect(await read()).toMatchObject({ memoryMb: 512, description: taker });
    expect(journal.pending()).toEqual([]);
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', MemorySize: ORIGINAL.memoryMb, Description: ORIGINAL.description }));
  });

  it('a run opened on a function another live run holds is refused at open, before anything is measured or changed', async () => {
    const live = withLease(ORIGINAL.description, { ...holderFor('holding-run'), host: 'other-host' }, ORIGINAL.memoryMb);
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', MemorySize: 512, Description: live }));
    const journal = Journal.atFile(path.join(dir, 'late.jsonl'), { holder: holderFor('late-run'), notice: () => undefined });
    const target = new AwsTarget({ function: 'contested', region: 'us-east-1', endpoint: service.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, journal });
    try {
      await expect(target.open()).rejects.toThrow(LeaseError);
      await expect(target.open()).rejects.toThrow(/contested is being changed by another coldbench run holding-run \(host other-host.*nothing was changed or measured/);
    } finally {
      await target.close();
    }
    expect(journal.pending()).toEqual([]);
    expect(await read()).toMatchObject({ memoryMb: 512, description: live });
    // Its own lease (a run reopening after a restart of the same process) is no refusal; neither is a version's invocation.
    const own = new AwsTarget({ function: 'contested', region: 'us-east-1', endpoint: service.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, journal: Journal.inMemory({ holder: holderFor('holding-run'), notice: () => undefined }) });
    await own.open();
    await own.close();
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', MemorySize: ORIGINAL.memoryMb, Description: ORIGINAL.description }));
  });

  it('a lease of another host, not yet expired, refuses; once expired, it is taken over', async () => {
    const elsewhere = { ...holderFor('far-run'), host: 'far-away-host' };
    const live = withLease(ORIGINAL.description, elsewhere, ORIGINAL.memoryMb);
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', Description: live }));
    const ref: FunctionRef = { function: 'contested', region: 'us-east-1', endpoint: service.endpoint };
    const j1 = Journal.atFile(path.join(dir, 'j1.jsonl'), { holder: holderFor('second'), notice: () => undefined });
    await expect(new FunctionConfigurator(service.client, ref, j1).setMemory(256)).rejects.toThrow(/run far-run \(host far-away-host/);
    expect(j1.pending()).toEqual([]);
    expect((await read()).description).toBe(live);

    const expired = withLease(ORIGINAL.description, elsewhere, ORIGINAL.memoryMb, new Date(Date.now() - LEASE_TTL_MS - 60_000));
    await service.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'contested', Description: expired }));
    const notices: string[] = [];
    const j2 = Journal.atFile(path.join(dir, 'j2.jsonl'), { holder: holderFor('third'), notice: (l) => notices.push(l) });
    const c2 = new FunctionConfigurator(service.client, ref, j2);
    await c2.setMemory(256);
    expect(notices[0]).toMatch(/expired at/);
    await c2.restore();
    expect(await read()).toEqual(ORIGINAL);
  });
});
