// `coldbench stub` says when the host, not the function, set the durations:
// one line on stderr per function and memory size, rate-limited; `--strict`
// queues what the cores cannot serve.

import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentionLogger } from '../../src/cli/commands/stub';
import { ensureBuilt } from './cli-capture';
import { startStubProcess, type StubProcess } from './stub-process';

const root = path.join(__dirname, '..', '..');
const FUNCTIONS = path.join(root, 'test', 'fixtures', 'run', 'functions');
const CORES = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** `coldbench stub …` on any free port, once it says where it listens. */
function startStub(flags: readonly string[]): Promise<StubProcess> {
  ensureBuilt(path.join('cli', 'commands', 'stub.js'));
  return startStubProcess([...flags, '--port', '0', '--functions', FUNCTIONS]);
}

const report = { functionName: 'f', memoryMb: 128, invocations: 64, medianHostWaitMs: 30, medianThrottledMs: 2, medianDurationMs: 100 };

describe('coldbench stub: host contention', () => {
  it('logs one line per function and memory size every 30 s at most, counting the windows it kept quiet', () => {
    const lines: string[] = [];
    let now = 0;
    const log = contentionLogger((l) => lines.push(l), () => now);
    log(report);
    log(report);
    log({ ...report, memoryMb: 256 });
    now = 10_000;
    log(report);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('coldbench stub: host contention: f at 128 MB: median wait for a CPU 30.000 ms is 30% of median Duration 100.000 ms over the last 64 invocations; durations measure this machine, not the function (try --strict)\n');
    now = 30_001;
    log(report);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/\(2 more such windows since the last line\)\n$/);
  });

  it('--strict queues what the cores cannot serve: Duration stays the function\'s, the wait is in client time', async () => {
    const { child, url } = await startStub(['--strict']);
    try {
      const one = async (): Promise<{ duration: number; client: number }> => {
        const t = performance.now();
        const res = await fetch(`${url}/2015-03-31/functions/spinner/invocations`, { method: 'POST', body: JSON.stringify({ cpuMs: 40 }), headers: { 'X-Amz-Log-Type': 'Tail' } });
        await res.arrayBuffer();
        const log = Buffer.from(res.headers.get('X-Amz-Log-Result') ?? '', 'base64').toString('utf8');
        return { duration: Number(/\tDuration: ([\d.]+) ms/.exec(log)?.[1]), client: performance.now() - t };
      };
      for (let i = 0; i < CORES; i++) await Promise.all(Array.from({ length: CORES }, one)); // environments made, warm
      const all = await Promise.all(Array.from({ length: 4 * CORES }, one));
      const durations = all.map((r) => r.duration).sort((a, b) => a - b);
      const clients = all.map((r) => r.client).sort((a, b) => a - b);
      // Four rounds' worth queued at once: the last answered waited for about three others' turns, the median Duration did not.
      expect(clients.at(-1)!).toBeGreaterThan(durations[durations.length >> 1]! * 2.5);
      expect(durations[durations.length >> 1]!).toBeLessThan(40 * 2.5);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    }
  }, 120_000);

  it(`logs it for ${3 * CORES} CPU-bound invocations at once on ${CORES} cores`, async () => {
    const stub = await startStub([]);
    const { child, url } = stub;
    try {
      const one = async (): Promise<void> => {
        const res = await fetch(`${url}/2015-03-31/functions/spinner/invocations`, { method: 'POST', body: JSON.stringify({ cpuMs: 40 }) });
        await res.arrayBuffer();
      };
      // 64 invocations make one window of the service's judgement.
      let left = 72;
      await Promise.all(Array.from({ length: 3 * CORES }, async () => {
        while (left-- > 0) await one();
      }));
      const deadline = Date.now() + 5000;
      while (!stub.err().includes('host contention') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const err = stub.err();
      expect(err).toMatch(/coldbench stub: host contention: spinner at 1769 MB: median wait for a CPU [\d.]+ ms is \d+% of median Duration/);
      // Rate-limited: one window judged, one line.
      expect(err.match(/host contention/g)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    }
  }, 120_000);
});
