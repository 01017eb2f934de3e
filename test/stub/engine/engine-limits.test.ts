import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { asResponse, initMs, json, request, snapshot } from './helpers';

/** Our own cgroup directories of one v1 controller, as /proc/self/cgroup names them. */
function ownCgroupDir(controller: string): string | undefined {
  for (const line of fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, rel] = line.split(':');
    if (controllers?.split(',').includes(controller) && rel !== undefined) {
      const dir = path.join('/sys/fs/cgroup', controller, rel);
      if (fs.existsSync(dir)) return dir;
    }
  }
  return undefined;
}

function ourGroups(): string[] {
  const out: string[] = [];
  for (const c of ['memory', 'cpu']) {
    const dir = ownCgroupDir(c);
    if (dir === undefined) continue;
    for (const e of fs.readdirSync(dir)) if (e.startsWith(`coldbench-${process.pid}-`)) out.push(path.join(dir, e));
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('engine: pool, limits and clean-up', () => {
  it('starts one environment per concurrent invocation, throttles past reserved concurrency, and leaves nothing behind on stop', async () => {
    const warnings: string[] = [];
    const engine = createEngine({ onWarning: (w) => warnings.push(w) });
    const fn = snapshot('engine-misbehave');
    const pids: number[] = [];
    try {
      const slow = { mode: 'sleep', ms: 600 };
      const three = await Promise.all([0, 1, 2].map(() => engine.invoke(request(fn, slow, { reservedConcurrency: 5 }))));
      for (const o of three) pids.push((json(o) as { pid: number }).pid);
      expect(new Set(pids).size).toBe(3);
      expect(engine.environmentCount()).toBe(3);

      const limited = await Promise.all([0, 1, 2].map(() => engine.invoke(request(fn, slow, { reservedConcurrency: 2 }))));
      expect(limited.filter((o) => o.kind === 'throttled')).toEqual([{ kind: 'throttled', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }]);
      // The two that ran reused idle environments.
      expect(engine.environmentCount()).toBe(3);
      expect((await engine.invoke(request(fn, {}, { reservedConcurrency: 0 }))).kind).toBe('throttled');

      if (engine.limitations.length === 0) expect(ourGroups().length).toBeGreaterThan(0);
      expect(warnings).toHaveLength(engine.limitations.length === 0 ? 0 : 1);
    } finally {
      await engine.stop();
    }
    expect(pids.filter(alive)).toEqual([]);
    expect(ourGroups()).toEqual([]);
    expect(engine.environmentCount()).toBe(0);
  });

  it('removes the cgroups of an environment whose Runtime API could not listen', async () => {
    // TEST-NET-1: not an address of this machine, so the listen fails after the groups are made.
    const engine = createEngine({ host: '192.0.2.1' });
    try {
      const out = asResponse(await engine.invoke(request(snapshot('engine-hello'))));
      expect(out.functionError).toBe('Unhandled');
      expect(JSON.parse(out.payload.toString())).toMatchObject({ errorType: 'Runtime.Unknown' });
    } finally {
      await engine.stop();
    }
    expect(ourGroups()).toEqual([]);
  });

  it('throttles past the account concurrency and removes cgroups a dead service left behind', async () => {
    const memDir = ownCgroupDir('memory');
    // A pid that surely belongs to no live process any more.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const stale = memDir === undefined ? undefined : path.join(memDir, `coldbench-${deadPid}-dead`);
    if (stale !== undefined) fs.mkdirSync(path.join(stale, 'env'), { recursive: true });
    const engine = createEngine({ maxEnvironments: 1 });
    try {
      if (stale !== undefined && engine.limitations.length === 0) expect(fs.existsSync(stale)).toBe(false);
      const fn = snapshot('engine-misbehave');
      const both = await Promise.all([0, 1].map(() => engine.invoke(request(fn, { mode: 'sleep', ms: 300 }))));
      expect(both.map((o) => o.kind).sort()).toEqual(['response', 'throttled']);
      expect(both.find((o) => o.kind === 'throttled')).toEqual({ kind: 'throttled', reason: 'ConcurrentInvocationLimitExceeded' });
    } finally {
      await engine.stop();
      if (stale !== undefined && fs.existsSync(stale)) {
        fs.rmdirSync(path.join(stale, 'env'));
        fs.rmdirSync(stale);
      }
    }
  });

  it('answers an invocation in flight when stopped, and leaves nothing behind', async () => {
    const engine = createEngine({});
    const fn = snapshot('engine-misbehave');
    const pid = (json(await engine.invoke(request(fn))) as { pid: number }).pid;
    const inFlight = engine.invoke(request(fn, { mode: 'sleep', ms: 5000 }));
    await new Promise((r) => setTimeout(r, 100));
    await engine.stop();
    const outcome = await inFlight;
    expect(outcome.kind === 'response' && outcome.functionError).toBe('Unhandled');
    expect(alive(pid)).toBe(false);
    expect(ourGroups()).toEqual([]);
    await expect(engine.invoke(request(fn))).rejects.toThrow(/stopped/);
  });

  it('retires environments on a configuration change and reaps idle ones', async () => {
    const engine = createEngine({ idleTimeoutMs: 300 });
    try {
      const fn = snapshot('engine-misbehave');
      const a = (json(await engine.invoke(request(fn))) as { pid: number }).pid;
      engine.retire(fn.name);
      const next = await engine.invoke(request(fn));
      expect(initMs(next)).toBeGreaterThan(0);
      expect((json(next) as { pid: number }).pid).not.toBe(a);
      expect(engine.environmentCount()).toBe(1);
      await new Promise((r) => setTimeout(r, 1200));
      expect(engine.environmentCount()).toBe(0);
    } finally {
      await engine.stop();
    }
  });

  it('gives a 128 MB environment several times less CPU than a 1,769 MB one', async () => {
    const engine = createEngine({});
    try {
      if (engine.limitations.some((l) => l.startsWith('CPU'))) return;
      const work = { iterations: 3_000_000 };
      const run = async (memoryMb: number): Promise<number> => {
        const fn = snapshot('engine-cpu', { memoryMb });
        await engine.invoke(request(fn, work)); // warm up: JIT and cold start out of the measure
        return (json(await engine.invoke(request(fn, work))) as { ms: number }).ms;
      };
      const big = await run(1769);
      const small = await run(128);
      expect(small / big).toBeGreaterThan(3);
    } finally {
      await engine.stop();
    }
  });

  it('keeps working without cgroups: limits by polling RSS and says so', async () => {
    const engine = createEngine({ cgroups: false });
    try {
      expect(engine.limitations.length).toBe(2);
      const fn = snapshot('engine-misbehave', { memoryMb: 128 });
      const ok = await engine.invoke(request(fn));
      expect(ok.kind === 'response' && /Max Memory Used: [1-9]\d* MB/.test(ok.log)).toBe(true);
      const oom = await engine.invoke(request(fn, { mode: 'oom' }));
      expect(oom.kind === 'response' && JSON.parse(oom.payload.toString()).errorType).toBe('Runtime.OutOfMemory');
    } finally {
      await engine.stop();
    }
  });
});
