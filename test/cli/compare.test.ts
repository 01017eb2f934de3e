import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, afterAll, describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { COMPARE_CSV_COLUMNS } from '../../src/report/compare';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from '../report/rows';
import { FIXTURE_FUNCTIONS, runCli, tempDir as runTempDir, writeScenario } from '../run/helpers';
import { ensureBuilt, runCommand } from './cli-capture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function writeRun(rows: readonly InvocationRow[], scenario = 'demo'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-compare-'));
  dirs.push(dir);
  const w = ResultWriter.open(dir, meta({ scenario }));
  for (const r of rows) w.write({ ...r, scenario });
  w.finishSync({ endedAt: new Date(), interrupted: false, extra: {} });
  return dir;
}

type CsvRow = Record<(typeof COMPARE_CSV_COLUMNS)[number], string>;

async function compareCsv(a: string, b: string): Promise<{ rows: CsvRow[]; err: string; code: number }> {
  const res = await runCommand('compare', a, b, '--format', 'csv');
  const records = parse(res.out, { columns: true, bom: true }) as CsvRow[];
  expect(res.out.split('\r\n')[0]).toBe(COMPARE_CSV_COLUMNS.join(','));
  return { rows: records, err: res.err, code: res.code };
}

const group = (rows: CsvRow[], phase: string, start: string, memory = ''): CsvRow => {
  const row = rows.find((r) => r.phase === phase && r.start_type === start && (memory === '' || r.memory_mb === memory));
  if (!row) throw new Error(`no ${phase}/${start} in ${JSON.stringify(rows)}`);
  return row;
};

describe('coldbench compare', () => {
  it('one line per group: p50 of A and B, the change, its 95% interval and whether it is significant; the groups of one run listed apart', async () => {
    const r = rng(9);
    const a = Array.from({ length: 3000 }, (_, i) => makeRow(i, r, { memories: [512] }));
    // B: every latency doubled, cost halved, and one phase A never ran.
    const b = a.map((row) => ({ ...row, client_ms: row.client_ms * 2, cost_usd: row.cost_usd === undefined ? undefined : row.cost_usd / 2 }));
    b.push({ ...a[1]!, phase: 'extra', seq: 99999 });
    const dirA = writeRun(a);
    const dirB = writeRun(b);
    const res = await runCommand('compare', dirA, dirB);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const lines = res.out.split('\n');
    expect(lines[0]).toBe(`A: ${dirA}`);
    const warm = lines.find((l) => /^warm +512 +warm /.test(l))!.trim().split(/\s{2,}/);
    // phase, MB, start, n A/B, p50 A, p50 B, change, %, CI, significant, cost %
    expect(Number(warm[5]) / Number(warm[4])).toBeCloseTo(2, 2);
    expect(warm[7]).toMatch(/^\+(99\.\d|100\.\d)%$/);
    expect(warm[9]).toBe('yes');
    expect(warm[10]).toBe('-50.0%');
    // `all` pools start types: not a row.
    expect(lines.some((l) => /^\S+ +512 +all /.test(l))).toBe(false);
    expect(res.out).toMatch(/Not comparable \(in one run only\):\n {2}extra · 512 MB · (warm|cold|unknown): B only \(1\)/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--all: every metric per group; --format csv: the same groups with a significant column', async () => {
    const r = rng(2);
    const rows = Array.from({ length: 500 }, (_, i) => makeRow(i, r));
    const dirA = writeRun(rows);
    const dirB = writeRun(rows);
    fs.rmSync(path.join(dirB, 'summary.csv'));
    const all = await runCommand('compare', dirA, dirB, '--all');
    expect(all.code).toBe(0);
    const block = all.out.split('\n\n').find((b) => b.startsWith('warm · 128 MB · warm '))!;
    expect(block).toMatch(/median change 0\.000 ms, 95% CI [-+]?\d+\.\d+ … [-+]?\d+\.\d+ ms: not significant/);
    const p99 = block.split('\n').find((l) => l.trim().startsWith('client p99 ms'))!.trim().slice('client p99 ms'.length).trim().split(/\s+/);
    expect(p99[0]).toBe(p99[1]);
    expect(p99.slice(2)).toEqual(['0.000', '0.0%']);
    const csv = await compareCsv(dirA, dirB);
    expect(csv.code).toBe(0);
    const w = group(csv.rows, 'warm', 'warm', '128');
    expect(w.significant).toBe('false');
    expect(w.client_p50_change_ms).toBe('0');
    expect(Number(w.client_p50_change_low_ms)).toBeLessThanOrEqual(0);
    expect(Number(w.client_p50_change_high_ms)).toBeGreaterThanOrEqual(0);
    expect(fs.existsSync(path.join(dirB, 'summary.csv'))).toBe(false);
  });

  it('warns when the runs are of two scenarios, and compares where phases match', async () => {
    const r = rng(4);
    const rows = Array.from({ length: 200 }, (_, i) => makeRow(i, r));
    const dirA = writeRun(rows, 'one');
    const dirB = writeRun(rows.map((x) => (x.phase === 'cold' ? { ...x, phase: 'other' } : x)), 'two');
    const res = await runCommand('compare', dirA, dirB);
    expect(res.code).toBe(0);
    expect(res.out).toContain('warning: A is scenario "one", B is scenario "two": compared only where phases match (warm)');
    const csv = await compareCsv(dirA, dirB);
    expect(csv.err).toContain('warning: A is scenario "one"');
    expect(group(csv.rows, 'warm', 'warm', '128').comparable).toBe('true');
    expect(group(csv.rows, 'cold', 'warm', '128').comparable).toBe('false');
    expect(group(csv.rows, 'cold', 'warm', '128').significant).toBe('');
  });

  it('exits 2 naming the folder that is not a result', async () => {
    const r = rng(2);
    const dirA = writeRun(Array.from({ length: 10 }, (_, i) => makeRow(i, r)));
    const res = await runCommand('compare', dirA, path.join(dirA, 'missing'));
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${path.join(dirA, 'missing')}: no such result folder`);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-compare-'));
    dirs.push(empty);
    const notResult = await runCommand('compare', empty, dirA);
    expect(notResult.code).toBe(2);
    expect(notResult.err).toMatch(/not a coldbench result folder \(no invocations\.csv\)/);
    expect(notResult.err).not.toMatch(/\n\s+at /);
    expect((await runCommand('compare', dirA)).code).toBe(2);
  });
});

describe('coldbench compare on real runs of the local service', () => {
  const runDirs: string[] = [];
  afterAll(() => {
    for (const d of runDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  // Each run is its own `coldbench run` process, as a user runs them: two runs in one process would not be alike
  // (the first pays the harness's own JIT warm-up in its first latencies, a difference the test would rightly call significant).
  async function runScenario(name: string, initDelayMs: number, phases: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
    ensureBuilt(path.join('cli', 'main.js'));
    const dir = runTempDir();
    runDirs.push(dir);
    const file = writeScenario(dir, {
      name,
      target: { kind: 'local', function: 'init-delay', code: path.join(FIXTURE_FUNCTIONS, 'init-delay'), environment: { INIT_DELAY_MS: String(initDelayMs) } },
      phases,
      ...extra,
    });
    const outDir = path.join(dir, 'out');
    const res = await runCli(['run', file, '--out', outDir, '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    return outDir;
  }

  it('the same scenario run twice: the warm p50 change is not significant', async () => {
    const phases = [{ name: 'warm', pattern: 'sequential', count: 40 }];
    // The two runs go at the same time, so that the load of this shared machine (other test files run beside this one)
    // falls on both alike, as a sweep interleaves its settings. At 95% one pair of identical runs in twenty still
    // differs by chance, and on a busy machine one run of a pair can still catch a burst of other work the other
    // missed (seen in fresh-clone npm test runs: warm p50 1.5 against 2.5 ms): another pair is run only then, up to
    // three in all, and the last decides.
    const pair = async (): Promise<CsvRow> => {
      // At 1,769 MB (one vCPU): at 128 MB the CPU quota's 100 ms periods, not the function, set a busy machine's
      // warm p50 (issue 13), and two identical runs beside other test files differed by 2× (seen in CI).
      const [a, b] = await Promise.all([runScenario('same', 0, phases, { memory: [1769] }), runScenario('same', 0, phases, { memory: [1769] })]);
      const { rows, code } = await compareCsv(a, b);
      expect(code).toBe(0);
      const warm = group(rows, 'warm', 'warm');
      expect(warm.comparable).toBe('true');
      expect(Number(warm.count_a)).toBeGreaterThanOrEqual(39);
      expect(warm.significant).not.toBe('');
      return warm;
    };
    let warm = await pair();
    for (let again = 0; again < 2 && warm.significant === 'true'; again++) warm = await pair();
    expect(warm.significant, JSON.stringify(warm)).toBe('false');
  }, 90_000);

  it('a handler whose init is 300 ms heavier: the cold p50 change is significant, and about 300 ms', async () => {
    const phases = [{ name: 'cold', pattern: 'cold', count: 8 }];
    const a = await runScenario('init', 0, phases);
    const b = await runScenario('init', 300, phases);
    const { rows, code } = await compareCsv(a, b);
    expect(code).toBe(0);
    const cold = group(rows, 'cold', 'cold');
    expect(cold.significant, JSON.stringify(cold)).toBe('true');
    expect(Number(cold.client_p50_change_low_ms)).toBeGreaterThan(100);
    expect(Number(cold.client_p50_change_ms)).toBeGreaterThan(200);
  }, 60_000);
});
