// The recommendation end to end on the local service: a handler whose speed
// does not depend on memory must be recommended at its cheapest setting, run
// after run (noise must not buy memory); a CPU-bound one, whose CPU share the
// service scales with memory as Lambda does, at its largest.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StartRecommendation } from '../../src/cost/recommend';
import { loadPlan } from '../../src/plan/load';
import { runPlan, type RunOutcome } from '../../src/run/run';
import { createEngine } from '../../src/stub/engine/engine';
import { EXAMPLE_FUNCTIONS, FIXTURE_FUNCTIONS, tempDir, writeScenario } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function run(scenario: Record<string, unknown>): Promise<RunOutcome> {
  const dir = tempDir();
  dirs.push(dir);
  const plan = await loadPlan(writeScenario(dir, scenario));
  return runPlan({ plan, outDir: path.join(dir, 'out'), quiet: true, log: () => {} });
}

function warmOf(outcome: RunOutcome, phase: string): StartRecommendation {
  const rec = outcome.recommendation?.phases.find((p) => p.phase === phase)?.warm;
  if (!rec) throw new Error(`no warm recommendation for ${phase}: ${JSON.stringify(outcome.recommendation)}`);
  return rec;
}

/** The service limits CPU in proportion to memory only where the machine has a cpu cgroup. */
async function cpuIsScaled(): Promise<boolean> {
  const engine = createEngine({});
  try {
    return !engine.limitations.some((l) => l.startsWith('CPU'));
  } finally {
    await engine.stop();
  }
}

describe('memory recommendation on the local service', () => {
  it('a fixed 20 ms sleep swept over 128/512/1024 MB: the cheapest, 128 MB, every time of three', async () => {
    for (let i = 0; i < 3; i++) {
      const outcome = await run({
        name: `sleep-sweep-${i}`,
        target: { kind: 'local', function: 'sleepy', code: path.join(FIXTURE_FUNCTIONS, 'sleepy') },
        memory: [128, 512, 1024],
        payload: { sleepMs: 20 },
        phases: [{ name: 'warm', pattern: 'sequential', count: 40 }],
      });
      expect(outcome.kind).toBe('done');
      const warm = warmOf(outcome, 'warm');
      const picks = [warm.cheapest.memoryMb, warm.fastest.memoryMb, warm.balanced.memoryMb];
      expect(picks, `run ${i + 1}: ${warm.note} ${JSON.stringify(warm.candidates)}`).toEqual([128, 128, 128]);
      expect(warm.sureness).toBe('no-difference');
      expect(warm.tiedWithFastest).toEqual([128, 512, 1024]);
      // The cold starts of each round are judged apart, never pooled with the warm ones.
      const cold = outcome.recommendation?.phases[0]?.cold;
      if (cold) expect(cold.cheapest.memoryMb).toBe(128);
    }
  }, 120_000);

  it('a CPU-bound handler: the fastest is the largest setting, significantly', async (ctx) => {
    if (!(await cpuIsScaled())) ctx.skip();
    const outcome = await run({
      name: 'cpu-sweep',
      target: { kind: 'local', function: 'cpu', code: path.join(EXAMPLE_FUNCTIONS, 'cpu') },
      memory: [128, 256, 1024],
      payload: { rounds: 20000 },
      phases: [{ name: 'warm', pattern: 'sequential', count: 20 }],
    });
    expect(outcome.kind).toBe('done');
    const warm = warmOf(outcome, 'warm');
    expect(warm.fastest.memoryMb, `${warm.note} ${JSON.stringify(warm.candidates)}`).toBe(1024);
    // CPU-bound work costs about the same at every setting (time falls as memory rises), so the cheapest may be any of them.
    const byMemory = new Map(warm.candidates.map((c) => [c.memoryMb, c]));
    expect(byMemory.get(128)!.p50Ms).toBeGreaterThan(byMemory.get(1024)!.p50Ms * 3);
    expect(warm.tiedWithFastest).toEqual([1024]);
    expect(warm.sureness).toBe('significant');
  }, 120_000);
});
