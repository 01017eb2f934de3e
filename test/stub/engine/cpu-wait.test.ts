// Each invocation's wait for a CPU, from the kernel: the quota's throttling
// (cgroup throttled_time) apart from the rest (run delay of the runtime's main
// thread). Real processes, real cgroups; skipped where the machine has no
// cpu cgroup to throttle with.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { Cgroups, PERIOD_US } from '../../../src/stub/engine/cgroups';
import { asResponse, request, snapshot } from './helpers';

const durationOf = (log: string): number => Number(/\tDuration: ([\d.]+) ms/.exec(log)?.[1]);

describe('wait for a CPU, per invocation', () => {
  it('at 128 MB a CPU-bound handler is mostly throttled, at 1,769 MB not at all; both are measured from the hand-over', async (ctx) => {
    const engine = createEngine({});
    try {
      if (engine.limitations.some((l) => l.startsWith('CPU'))) ctx.skip();
      const measure = async (memoryMb: number) => {
        const fn = snapshot(path.join('..', 'run', 'functions', 'spinner'), { name: 'engine-spin', memoryMb, timeoutSec: 30 });
        await engine.invoke(request(fn, { cpuMs: 5 })); // cold start out of the measure
        const out = asResponse(await engine.invoke(request(fn, { cpuMs: 30 })));
        return { wait: out.cpuWait, duration: durationOf(out.log) };
      };
      const small = await measure(128);
      const big = await measure(1769);
      expect(small.wait).toBeDefined();
      expect(big.wait).toBeDefined();
      // 30 ms of CPU at 7.2% of a vCPU takes about 400 ms, nearly all of it throttled.
      expect(small.duration).toBeGreaterThan(150);
      expect(small.wait!.throttledMs).toBeGreaterThan(small.duration * 0.4);
      expect(small.wait!.throttledMs + small.wait!.hostWaitMs).toBeLessThanOrEqual(small.duration + 1);
      expect(small.wait!.hostWaitMs).toBeGreaterThanOrEqual(0);
      // One whole vCPU: a single thread never runs out of it.
      expect(big.wait!.throttledMs).toBeLessThan(big.duration * 0.1);
      expect(big.wait!.hostWaitMs).toBeLessThanOrEqual(big.duration);
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it('gives each environment a 20 ms quota period', async (ctx) => {
    const id = `period${Date.now()}`;
    const cg = new Cgroups(id, true);
    try {
      if (!cg.setup.cpu) ctx.skip();
      expect(PERIOD_US).toBe(20_000);
      const group = await cg.create('e0', 128);
      const dir = group.cpuDirectory as string;
      expect(Number(fs.readFileSync(path.join(dir, 'cpu.cfs_period_us'), 'utf8'))).toBe(20_000);
      group.limitCpu();
      // 128 / 1,769 of each period.
      expect(Number(fs.readFileSync(path.join(dir, 'cpu.cfs_quota_us'), 'utf8'))).toBe(Math.round((20_000 * 128) / 1769));
      await group.remove();
    } finally {
      await cg.remove();
    }
  });
});
