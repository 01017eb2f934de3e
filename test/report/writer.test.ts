import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS, SUMMARY_COLUMNS, type InvocationRow } from '../../src/measure/row';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from './rows';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-writer-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const END = { endedAt: new Date(Date.UTC(2026, 0, 2, 4, 0, 0)), interrupted: false, extra: { estimate: { invocations: 3 } } };

function readCsv(file: string): string[][] {
  return parse(fs.readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][];
}

async function writeRun(rows: readonly InvocationRow[]): Promise<{ dir: string; summary: Awaited<ReturnType<ResultWriter['finish']>> }> {
  const dir = tempDir();
  const w = ResultWriter.open(dir, meta());
  for (const r of rows) w.write(r);
  const summary = await w.finish(END);
  return { dir, summary };
}

/** Nearest rank, the definition HDR uses. */
function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

describe('ResultWriter: invocations.csv', () => {
  it('writes every row cell by cell in the formats of the contract', async () => {
    const r = rng(7);
    const rows = Array.from({ length: 2000 }, (_, i) => makeRow(i, r, { restores: true }));
    expect(new Set(rows.map((row) => row.start_type))).toEqual(new Set(['cold', 'restore', 'warm', 'unknown']));
    const { dir } = await writeRun(rows);
    const raw = fs.readFileSync(path.join(dir, 'invocations.csv'), 'utf8');
    expect(raw.startsWith(INVOCATION_COLUMNS.join(',') + '\r\n')).toBe(true);
    expect(raw.endsWith('\r\n')).toBe(true);
    const records = readCsv(path.join(dir, 'invocations.csv'));
    expect(records[0]).toEqual([...INVOCATION_COLUMNS]);
    expect(records.length).toBe(rows.length + 1);
    const col = (name: (typeof INVOCATION_COLUMNS)[number]): number => INVOCATION_COLUMNS.indexOf(name);
    rows.forEach((row, i) => {
      const rec = records[i + 1];
      expect(rec.length).toBe(INVOCATION_COLUMNS.length);
      expect(rec[col('run_id')]).toBe('run-1');
      expect(rec[col('phase')]).toBe(row.phase);
      expect(rec[col('qualifier')]).toBe(row.qualifier ?? '');
      expect(rec[col('memory_mb')]).toBe(String(row.memory_mb));
      expect(rec[col('seq')]).toBe(String(i + 1));
      expect(rec[col('started_at')]).toBe(row.started_at.toISOString());
      expect(rec[col('started_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(rec[col('cold')]).toBe(row.cold === undefined ? '' : row.cold ? 'true' : 'false');
      expect(rec[col('status')]).toBe(row.status);
      expect(rec[col('error_type')]).toBe(row.error_type ?? '');
      expect(rec[col('request_id')]).toBe(row.request_id ?? '');
      // The appended columns, last and in the contract's order; cold is true for cold and restore alike.
      expect(rec.slice(-7)).toEqual([
        rec[col('start_type')], rec[col('restore_ms')], rec[col('host_wait_ms')], rec[col('ttfb_ms')], rec[col('error_message')], rec[col('offset_ms')],
        rec[col('cpu_throttled_ms')],
      ]);
      expect(INVOCATION_COLUMNS.slice(-7)).toEqual(['start_type', 'restore_ms', 'host_wait_ms', 'ttfb_ms', 'error_message', 'offset_ms', 'cpu_throttled_ms']);
      expect(rec[col('start_type')]).toBe(row.start_type);
      expect(rec[col('cold')]).toBe({ cold: 'true', restore: 'true', warm: 'false', unknown: '' }[row.start_type]);
      for (const name of ['client_ms', 'init_ms', 'duration_ms', 'billed_ms', 'restore_ms'] as const) {
        const cell = rec[col(name)];
        const v = row[name];
        if (v === undefined) expect(cell).toBe('');
        else {
          expect(cell).toMatch(/^\d+(\.\d{1,3})?$/);
          expect(Math.abs(Number(cell) - v)).toBeLessThanOrEqual(0.0005 + 1e-9);
        }
      }
      const cost = rec[col('cost_usd')];
      if (row.cost_usd === undefined) expect(cost).toBe('');
      else {
        expect(cost).toMatch(PLAIN_NUMBER);
        expect(Math.abs(Number(cost) - row.cost_usd) / row.cost_usd).toBeLessThan(1e-11);
      }
    });
  });

  it('quotes a phase or error type with a comma, quote or newline as RFC 4180 says', async () => {
    const base = makeRow(0, rng(1));
    const odd: InvocationRow = { ...base, phase: 'warm, "hot"', error_type: 'Bad\nThing,1', status: 'error' };
    const { dir } = await writeRun([odd, base]);
    const raw = fs.readFileSync(path.join(dir, 'invocations.csv'), 'utf8');
    expect(raw).toContain('"warm, ""hot"""');
    expect(raw).toContain('"Bad\nThing,1"');
    const records = readCsv(path.join(dir, 'invocations.csv'));
    expect(records[1][INVOCATION_COLUMNS.indexOf('phase')]).toBe('warm, "hot"');
    expect(records[1][INVOCATION_COLUMNS.indexOf('error_type')]).toBe('Bad\nThing,1');
    const summary = readCsv(path.join(dir, 'summary.csv'));
    expect(summary.slice(1).map((r) => r[SUMMARY_COLUMNS.indexOf('phase')])).toContain('warm, "hot"');
  });

  it('keeps the CSV valid at every flush, before the run finishes', () => {
    const dir = tempDir();
    const w = ResultWriter.open(dir, meta());
    const file = path.join(dir, 'invocations.csv');
    expect(readCsv(file)).toEqual([[...INVOCATION_COLUMNS]]);
    const r = rng(3);
    for (let i = 0; i < 1000; i++) w.write(makeRow(i, r));
    w.flushSync();
    const records = readCsv(file);
    expect(records.length).toBe(1001);
    expect(records[1000][INVOCATION_COLUMNS.indexOf('seq')]).toBe('1000');
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(run.status).toBe('running');
    w.finishSync({ ...END, interrupted: true });
  });
});

describe('ResultWriter: lifecycle', () => {
  it('seals the folder at finish: later rows are only counted, a second finish returns the first result', async () => {
    const dir = tempDir();
    const w = ResultWriter.open(dir, meta());
    const r = rng(3);
    w.write(makeRow(0, r));
    const first = w.finishSync({ ...END, interrupted: true });
    w.write(makeRow(1, r));
    expect(w.lateRows).toBe(1);
    expect(await w.finish(END)).toBe(first);
    expect(readCsv(path.join(dir, 'invocations.csv')).length).toBe(2);
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(run.status).toBe('interrupted');
  });
});

describe('ResultWriter: summary.csv', () => {
  it('has one row per phase × memory × start type whose numbers agree with the rows', async () => {
    const r = rng(11);
    const rows = Array.from({ length: 6000 }, (_, i) => makeRow(i, r, { phases: ['cold', 'warm', 'burst'] }));
    const { dir, summary } = await writeRun(rows);
    const records = readCsv(path.join(dir, 'summary.csv'));
    expect(records[0]).toEqual([...SUMMARY_COLUMNS]);
    const body = records.slice(1).map((rec) => Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c, rec[i]])));
    expect(body.length).toBe(summary.rows.length);
    // 3 phases × 2 memories × (cold, warm, unknown, all)
    expect(body.length).toBe(3 * 2 * 4);
    for (const s of body) {
      const mine = rows.filter(
        (row) =>
          row.phase === s.phase &&
          String(row.memory_mb) === s.memory_mb &&
          (s.start_type === 'all' || row.start_type === s.start_type),
      );
      expect(Number(s.count)).toBe(mine.length);
      expect(Number(s.errors)).toBe(mine.filter((m) => m.status !== 'ok').length);
      expect(s.function).toBe('hello');
      expect(s.architecture).toBe('x86_64');
      for (const name of Object.keys(s)) {
        if (s[name] !== '' && !['run_id', 'scenario', 'phase', 'function', 'architecture', 'start_type'].includes(name)) {
          expect(s[name]).toMatch(PLAIN_NUMBER);
        }
      }
      const client = mine.map((m) => m.client_ms).sort((a, b) => a - b);
      for (const [p, cell] of [[50, s.client_p50_ms], [90, s.client_p90_ms], [99, s.client_p99_ms]] as const) {
        const exact = nearestRank(client, p);
        // 3 significant digits: within 0.1 % (plus the µs the values are rounded to).
        expect(Math.abs(Number(cell) - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.002);
      }
      expect(Math.abs(Number(s.client_max_ms) - client[client.length - 1])).toBeLessThanOrEqual(0.0005 + 1e-9);
      const mean = client.reduce((a, b) => a + b, 0) / client.length;
      expect(Math.abs(Number(s.client_mean_ms) - mean)).toBeLessThan(0.001);
      const inits = mine.flatMap((m) => (m.init_ms === undefined ? [] : [m.init_ms])).sort((a, b) => a - b);
      if (s.start_type === 'warm' || s.start_type === 'unknown') expect(s.init_p50_ms).toBe('');
      if (inits.length > 0) {
        const exact = nearestRank(inits, 99);
        expect(Math.abs(Number(s.init_p99_ms) - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.002);
      }
      const costs = mine.flatMap((m) => (m.cost_usd === undefined ? [] : [m.cost_usd]));
      const total = costs.reduce((a, b) => a + b, 0);
      if (costs.length === 0) {
        expect(s.total_cost_usd).toBe('');
        expect(s.cost_per_million_usd).toBe('');
      } else {
        expect(Math.abs(Number(s.total_cost_usd) - total) / total).toBeLessThan(1e-9);
        expect(Math.abs(Number(s.cost_per_invocation_usd) - total / mine.length) / total).toBeLessThan(1e-9);
        expect(Number(s.cost_per_million_usd) / Number(s.cost_per_invocation_usd)).toBeCloseTo(1e6, 3);
      }
      const mem = mine.flatMap((m) => (m.max_memory_mb === undefined ? [] : [m.max_memory_mb]));
      expect(s.max_memory_mb).toBe(mem.length ? String(Math.max(...mem)) : '');
    }
    const totalCost = rows.reduce((a, row) => a + (row.cost_usd ?? 0), 0);
    expect(Math.abs((summary.totalCostUsd ?? 0) - totalCost) / totalCost).toBeLessThan(1e-9);
    expect(summary.totals.invocations).toBe(rows.length);
  });

  it('writes run.json with the scenario, machine, node version, totals, cost and extra sections', async () => {
    const r = rng(5);
    const rows = Array.from({ length: 100 }, (_, i) => makeRow(i, r));
    const { dir, summary } = await writeRun(rows);
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(run.run_id).toBe('run-1');
    expect(run.status).toBe('finished');
    expect(run.interrupted).toBe(false);
    expect(run.node).toBe(process.version);
    expect(run.started_at).toBe('2026-01-02T03:04:05.006Z');
    expect(run.ended_at).toBe('2026-01-02T04:00:00.000Z');
    expect(run.scenario_source).toEqual({ name: 'demo' });
    expect(run.estimate).toEqual({ invocations: 3 });
    expect((run.machine as { cpus: number }).cpus).toBeGreaterThan(0);
    expect((run.totals as { invocations: number }).invocations).toBe(100);
    expect(run.total_cost_usd).toBe(summary.totalCostUsd);
    expect(run.environment).toEqual({ tool: 'coldbench 0.1.0' });
  });
});

describe('ResultWriter: histograms and report', () => {
  it('writes one HdrHistogram percentile distribution per summary row', async () => {
    const r = rng(13);
    const rows = Array.from({ length: 3000 }, (_, i) => makeRow(i, r, { memories: [128, undefined], restores: true }));
    const { dir, summary } = await writeRun(rows);
    const files = fs.readdirSync(path.join(dir, 'histograms')).sort();
    expect(files.length).toBe(summary.rows.length);
    expect(files).toContain('warm-128-cold.hgrm');
    expect(files).toContain('warm-128-restore.hgrm');
    expect(files).toContain('warm-default-all.hgrm');
    for (const s of summary.rows) {
      const name = `${s.phase}-${s.memory_mb ?? 'default'}-${s.start_type}.hgrm`;
      const lines = fs.readFileSync(path.join(dir, 'histograms', name), 'utf8').split('\n');
      expect(lines[0].trim().split(/\s+/)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
      expect(lines[1]).toBe('');
      const footer = lines.slice(-4);
      expect(footer[0]).toMatch(/^#\[Mean {4}= +[\d.]+, StdDeviation {3}= +[\d.]+\]$/);
      expect(footer[1]).toMatch(/^#\[Max {5}= +[\d.]+, Total count {4}= +\d+\]$/);
      expect(footer[2]).toMatch(/^#\[Buckets = +\d+, SubBuckets {5}= +\d+\]$/);
      expect(footer[3]).toBe('');
      expect(Number(/Total count\s+=\s+(\d+)/.exec(footer[1])?.[1])).toBe(s.count);
      expect(Math.abs(Number(/Max\s+=\s+([\d.]+)/.exec(footer[1])?.[1]) - (s.client_max_ms ?? 0))).toBeLessThan(0.0011);
      const data = lines.slice(2, -4).map((l) => l.trim().split(/\s+/).map(Number));
      expect(data.length).toBeGreaterThan(0);
      for (const d of data.slice(0, -1)) expect(d.length).toBe(4);
      const last = data[data.length - 1];
      expect(last.length).toBe(3);
      expect(last[1]).toBe(1);
      expect(last[2]).toBe(s.count);
      // Percentiles and counts never go down.
      for (let i = 1; i < data.length; i++) {
        expect(data[i][0]).toBeGreaterThanOrEqual(data[i - 1][0]);
        expect(data[i][2]).toBeGreaterThanOrEqual(data[i - 1][2]);
      }
    }
  });

  it('writes a self-contained report.html with SVG charts and escaped text', async () => {
    const r = rng(17);
    const rows = Array.from({ length: 400 }, (_, i) => makeRow(i, r, { phases: ['<script>alert(1)</script>', 'https://x.example/warm'], restores: true }));
    const { dir } = await writeRun(rows);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    // Restores are a series and a table row of their own.
    expect(html).toContain('<tr class="restore">');
    expect(html).toMatch(/restore \d+, warm \d+/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).toContain('<polyline');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain('&#60;script&#62;');
  });

  it('names histogram files safely and never lets two groups share a file', async () => {
    const base = makeRow(0, rng(1));
    const rows: InvocationRow[] = ['../a b', '../a_b', '.hidden', 'ok'].map((phase, i) => ({ ...base, phase, seq: i + 1, cold: false }));
    const { dir, summary } = await writeRun(rows);
    const files = fs.readdirSync(path.join(dir, 'histograms'));
    expect(files.length).toBe(summary.rows.length);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._~-]*\.hgrm$/);
  });
});
