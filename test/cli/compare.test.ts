import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from '../report/rows';
import { runCommand } from './cli-capture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function writeRun(rows: readonly InvocationRow[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-compare-'));
  dirs.push(dir);
  const w = ResultWriter.open(dir, meta());
  for (const r of rows) w.write(r);
  w.finishSync({ endedAt: new Date(), interrupted: false, extra: {} });
  return dir;
}

/** The metric line of one group's block. */
function metricLine(out: string, header: RegExp, label: string): string[] {
  const blocks = out.split('\n\n');
  const block = blocks.find((b) => header.test(b.split('\n')[0]));
  const line = block?.split('\n').find((l) => l.trim().startsWith(label));
  if (!line) throw new Error(`no ${label} under ${header} in:\n${out}`);
  return line.trim().slice(label.length).trim().split(/\s+/);
}

describe('coldbench compare', () => {
  it('shows each percentile and cost of A and B with the change in ms and %', async () => {
    const r = rng(9);
    const a = Array.from({ length: 3000 }, (_, i) => makeRow(i, r, { memories: [512] }));
    // B: every latency doubled, cost halved, and one phase A never ran.
    const b = a.map((row) => ({ ...row, client_ms: row.client_ms * 2, cost_usd: row.cost_usd === undefined ? undefined : row.cost_usd / 2 }));
    b.push({ ...a[1], phase: 'extra', seq: 99999 });
    const dirA = writeRun(a);
    const dirB = writeRun(b);
    const res = await runCommand('compare', dirA, dirB);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out.split('\n')[0]).toBe(`A: ${dirA}`);
    const [p50a, p50b, change, pct] = metricLine(res.out, /^warm · 512 MB · warm /, 'client p50 ms');
    expect(Number(p50b) / Number(p50a)).toBeCloseTo(2, 2);
    expect(Number(change)).toBeCloseTo(Number(p50b) - Number(p50a), 2);
    expect(change.startsWith('+')).toBe(true);
    expect(pct).toMatch(/^\+(99\.\d|100\.\d)%$/);
    const cost = metricLine(res.out, /^cold · 512 MB · all /, 'USD per million');
    expect(cost[3]).toBe('-50.0%');
    expect(res.out).toMatch(/^extra · 512 MB · (warm|cold|unknown) +count A absent, B 1 \(\d errors\)$/m);
    for (const line of res.out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('works from invocations.csv alone when summary.csv is gone', async () => {
    const r = rng(2);
    const rows = Array.from({ length: 500 }, (_, i) => makeRow(i, r));
    const dirA = writeRun(rows);
    const dirB = writeRun(rows);
    fs.rmSync(path.join(dirB, 'summary.csv'));
    const res = await runCommand('compare', dirA, dirB);
    expect(res.code).toBe(0);
    const [a, b, change, pct] = metricLine(res.out, /^warm · 128 MB · warm /, 'client p99 ms');
    expect(a).toBe(b);
    expect(change).toBe('0.000');
    expect(pct).toBe('0.0%');
    expect(fs.existsSync(path.join(dirB, 'summary.csv'))).toBe(false);
  });

  it('exits 2 naming the folder that is not a result', async () => {
    const r = rng(2);
    const dirA = writeRun(Array.from({ length: 10 }, (_, i) => makeRow(i, r)));
    const res = await runCommand('compare', dirA, path.join(dirA, 'missing'));
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${path.join(dirA, 'missing')}: no such result folder`);
    expect((await runCommand('compare', dirA)).code).toBe(2);
  });
});
