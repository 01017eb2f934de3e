import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from '../report/rows';
import { coldbench, ensureBuilt, runCommand as runCli } from './cli-capture';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-report-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function writeRun(n: number, seed: number): string {
  const dir = tempDir();
  const w = ResultWriter.open(dir, meta());
  const r = rng(seed);
  for (let i = 0; i < n; i++) w.write(makeRow(i, r, { phases: ['cold', 'warm, "x"', 'burst'] }));
  w.finishSync({
    endedAt: new Date(Date.UTC(2026, 0, 2, 5)),
    interrupted: false,
    extra: { recommendation: { cheapest: 128, note: 'see https://example.com/<b>' }, decidedAt: new Date(0), gone: undefined },
  });
  return dir;
}

const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

describe('coldbench report', () => {
  it('rebuilds summary.csv, histograms and report.html identical to the run’s', async () => {
    const dir = writeRun(5000, 21);
    const summary = read(dir, 'summary.csv');
    const html = read(dir, 'report.html');
    const hgrms = Object.fromEntries(fs.readdirSync(path.join(dir, 'histograms')).map((f) => [f, read(dir, path.join('histograms', f))]));
    fs.rmSync(path.join(dir, 'summary.csv'));
    fs.rmSync(path.join(dir, 'report.html'));
    fs.rmSync(path.join(dir, 'histograms'), { recursive: true });

    const res = await runCli('report', dir);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('cold p50');
    expect(read(dir, 'summary.csv')).toBe(summary);
    expect(read(dir, 'report.html')).toBe(html);
    expect(html).toContain('<summary>recommendation</summary>');
    expect(html).toContain('&#60;b&#62;');
    expect(html).not.toMatch(/https?:\/\//);
    const rebuilt = fs.readdirSync(path.join(dir, 'histograms'));
    expect(rebuilt.sort()).toEqual(Object.keys(hgrms).sort());
    for (const f of rebuilt) expect(read(dir, path.join('histograms', f))).toBe(hgrms[f]);
  });

  it('forgives a last line cut short by a killed run, with a warning', async () => {
    const dir = writeRun(200, 3);
    fs.appendFileSync(path.join(dir, 'invocations.csv'), 'run-1,demo,warm,local,hel');
    const res = await runCli('report', dir);
    expect(res.code).toBe(0);
    expect(res.err).toMatch(/invocations\.csv:202: ignored a last line cut short/);
  });

  it('exits 2 with a clear message for a bad result folder', async () => {
    const missing = await runCli('report', path.join(os.tmpdir(), 'no-such-coldbench-dir'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^coldbench: .*no-such-coldbench-dir: no such result folder\n$/);

    const empty = tempDir();
    const notResult = await runCli('report', empty);
    expect(notResult.code).toBe(2);
    expect(notResult.err).toContain('not a coldbench result folder (no invocations.csv)');

    const file = path.join(tempDir(), 'x.txt');
    fs.writeFileSync(file, 'x');
    expect((await runCli('report', file)).code).toBe(2);

    const dir = writeRun(50, 4);
    const csv = read(dir, 'invocations.csv').split('\r\n');
    csv[3] = csv[3].replace(/,(true|false),/, ',maybe,');
    fs.writeFileSync(path.join(dir, 'invocations.csv'), csv.join('\r\n'));
    const bad = await runCli('report', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/invocations\.csv:4: column cold: expected true, false or empty \(got "maybe"\)/);
    expect(bad.err).not.toMatch(/\n\s+at /);

    fs.writeFileSync(path.join(dir, 'invocations.csv'), 'a,b,c\r\n1,2,3\r\n');
    const header = await runCli('report', dir);
    expect(header.code).toBe(2);
    expect(header.err).toContain('missing column(s) run_id');

    const dir2 = writeRun(10, 5);
    fs.writeFileSync(path.join(dir2, 'run.json'), '{oops');
    const json = await runCli('report', dir2);
    expect(json.code).toBe(2);
    expect(json.err).toContain('run.json: not valid JSON');
  });

  describe('the built executable', () => {
    beforeAll(() => ensureBuilt(path.join('cli', 'commands', 'report.js')), 180_000);

    it('rebuilds a folder and exits 0, and exits 2 without a stack trace on a bad folder', async () => {
      const dir = writeRun(300, 8);
      const summary = read(dir, 'summary.csv');
      fs.rmSync(path.join(dir, 'summary.csv'));
      const ok = await coldbench('report', dir);
      expect(ok.code).toBe(0);
      expect(read(dir, 'summary.csv')).toBe(summary);
      const bad = await coldbench('report', path.join(dir, 'nope'));
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/^coldbench: .*nope: no such result folder\n$/);
    });
  });
});
