// More CPU-bound environments than cores, end to end: host_wait_ms in the
// CSV, the warning in run.json and on the terminal; then strict mode, whose
// durations must match a sequential run's at each memory setting. The
// machine is shared and noisy, so every comparison is against a reference
// measured in the same test, medians only, and the strict and sequential
// runs alternate so that a change of load hits both alike.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { runPlan } from '../../src/run/run';
import { FIXTURE_FUNCTIONS, num, readCsv, runCli, tempDir, writeScenario, type CsvRecord } from './helpers';

const CORES = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
/** Three busy environments per core: each gets a third of one. */
const CONCURRENCY = 3 * CORES;
const CPU_MS = 50;
const SPINNER = path.join(FIXTURE_FUNCTIONS, 'spinner');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const warmRows = (rows: CsvRecord[], phase: string): CsvRecord[] => rows.filter((r) => r.phase === phase && r.status === 'ok' && r.start_type === 'warm');

interface HostContentionJson {
  readonly groups: readonly { phase: string; memoryMb: number; material: boolean; medianHostWaitMs: number; medianDurationMs: number }[];
}

describe('host contention, end to end', () => {
  it(`${CONCURRENCY} CPU-bound environments on ${CORES} cores: host_wait_ms well above zero, and the run says so in run.json and on the terminal`, async () => {
    const dir = tempDir();
    dirs.push(dir);
    const scenario = writeScenario(dir, {
      name: 'contention',
      target: { kind: 'local', function: 'spinner', code: SPINNER },
      payload: { cpuMs: CPU_MS },
      phases: [
        { name: 'alone', pattern: 'sequential', count: 8 },
        { name: 'crowded', pattern: 'concurrent', concurrency: CONCURRENCY, count: CONCURRENCY * 6 },
      ],
    });
    const outDir = path.join(dir, 'out');
    const res = await runCli(['run', scenario, '--out', outDir, '--quiet'], { timeoutMs: 120_000 });
    expect(res.stderr).not.toMatch(/Error|at .+:\d+/);
    expect(res.code).toBe(0);
    const rows = readCsv(path.join(outDir, 'invocations.csv'));
    for (const r of rows) {
      expect(num(r.host_wait_ms)).toBeGreaterThanOrEqual(0);
      // 1,769 MB is one whole vCPU: a single-threaded spin never runs out of it (helper threads may, a little).
      expect(num(r.cpu_throttled_ms)).toBeLessThan(CPU_MS);
    }
    const crowded = warmRows(rows, 'crowded');
    const alone = warmRows(rows, 'alone');
    expect(crowded.length).toBeGreaterThanOrEqual(CONCURRENCY * 4);
    const crowdedWait = median(crowded.map((r) => num(r.host_wait_ms)));
    const crowdedDuration = median(crowded.map((r) => num(r.duration_ms)));
    const aloneDuration = median(alone.map((r) => num(r.duration_ms)));
    // Each of them got about a third of a core: it waited about twice as long as it ran.
    expect(crowdedWait).toBeGreaterThan(CPU_MS / 2);
    // What it waited is what stretched its Duration past the CPU it used.
    expect(crowdedDuration - crowdedWait).toBeLessThan(aloneDuration * 1.5 + 5);
    console.log(`contention: alone duration p50 ${aloneDuration} ms; crowded (${CONCURRENCY} on ${CORES} cores) duration p50 ${crowdedDuration} ms, host_wait_ms p50 ${crowdedWait} ms`);

    const runJson = JSON.parse(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')) as { warnings?: string[]; hostContention?: HostContentionJson };
    const group = runJson.hostContention?.groups.find((g) => g.phase === 'crowded');
    expect(group?.material).toBe(true);
    expect(group?.memoryMb).toBe(1769);
    const warning = runJson.warnings?.find((w) => w.includes('"crowded"'));
    expect(warning).toMatch(/^host contention: phase "crowded" at 1769 MB: median host wait [\d.]+ ms is \d+% of median Duration [\d.]+ ms/);
    expect(res.stdout).toContain(`warning: ${warning}`);
  }, 180_000);

  it('strict mode: at each memory setting, durations at concurrency 3× the cores match a sequential run within 20%', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // 1,769 MB: one vCPU each, so as many at once as cores; 885 MB: half of one, twice as many.
    const memory = [1769, 885];
    const scenario = (name: string, strict: boolean, phase: Record<string, unknown>): string => writeScenario(dir, {
      name,
      target: { kind: 'local', function: 'spinner', code: SPINNER, ...(strict ? { strict: true } : {}) },
      payload: { cpuMs: CPU_MS },
      memory,
      order: 'sequential',
      phases: [{ name: 'warm-up', pattern: 'sequential', count: 2 }, { name: 'measured', ...phase }],
    }, `${name}.json`);
    const sequential = scenario('sequential', false, { pattern: 'sequential', count: 8 });
    const strict = scenario('strict', true, { pattern: 'concurrent', concurrency: CONCURRENCY, count: CONCURRENCY * 2 });
    const crowded = scenario('crowded', false, { pattern: 'concurrent', concurrency: CONCURRENCY, count: CONCURRENCY * 4 });
    let durations: Record<string, Record<number, number[]>> = { sequential: {}, strict: {}, crowded: {} };
    let n = 0;
    const measure = async (name: string, file: string): Promise<CsvRecord[]> => {
      const outDir = path.join(dir, `out-${++n}`);
      const outcome = await runPlan({ plan: await loadPlan(file), outDir, quiet: true, log: () => undefined });
      expect(outcome.kind).toBe('done');
      const rows = warmRows(readCsv(path.join(outDir, 'invocations.csv')), 'measured');
      for (const mb of memory) (durations[name]![mb] ??= []).push(...rows.filter((r) => num(r.memory_mb) === mb).map((r) => num(r.duration_ms)));
      return rows;
    };
    const attempt = async (): Promise<{ lines: string[]; worst: number }> => {
      durations = { sequential: {}, strict: {}, crowded: {} };
      // Alternated, so that the machine's other load falls on both alike.
      for (let round = 0; round < 4; round++) {
        await measure('sequential', sequential);
        const rows = await measure('strict', strict);
        // The queue is before the hand-over: client time holds it, Duration does not.
        expect(median(rows.map((r) => num(r.client_ms) - num(r.duration_ms)))).toBeGreaterThan(CPU_MS / 2);
      }
      await measure('crowded', crowded);
      const lines: string[] = [];
      let worst = 0;
      for (const mb of memory) {
        const seq = median(durations.sequential![mb]!);
        const str = median(durations.strict![mb]!);
        const crowd = median(durations.crowded![mb]!);
        lines.push(`${mb} MB: sequential p50 ${seq} ms, strict p50 ${str} ms (${((str / seq - 1) * 100).toFixed(1)}%), not strict p50 ${crowd} ms (${((crowd / seq - 1) * 100).toFixed(1)}%)`);
        worst = Math.max(worst, Math.abs(str / seq - 1));
      }
      return { lines, worst };
    };
    // Beside the rest of the suite, the other test files' processes take the cores by bursts; a burst that
    // falls on the strict runs more than on the sequential ones can pass 20% by chance: only then a second
    // attempt is made, and it decides.
    let result = await attempt();
    if (result.worst > 0.2) result = await attempt();
    const { lines } = result;
    expect(result.worst, lines.join('; ')).toBeLessThanOrEqual(0.2);
    // Without strict mode the same concurrency measures the machine: the comparison above can fail.
    expect(median(durations.crowded![1769]!)).toBeGreaterThan(median(durations.sequential![1769]!) * 1.2);
    console.log(`strict mode, ${CONCURRENCY} in flight on ${CORES} cores:\n  ${lines.join('\n  ')}`);
  }, 300_000);
});
