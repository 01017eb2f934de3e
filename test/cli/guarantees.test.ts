// The harness's promises about its input and output, each proved end to end
// with the built executable (README, "Guarantees"):
// - two runs into one --out: exactly one runs, the other exits 2, the CSV is whole;
// - kill -9: at most the rows in flight are lost, and the CSV parses;
// - a second Ctrl-C ends the process at once;
// - an --out that can never be a result folder exits 2 at once;
// - secrets and payloads stay out of every output file and of the terminal;
// - an interrupted sweep gives no memory recommendation.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { DUMMY_AWS_ENV, FIXTURE_FUNCTIONS, hasStackTrace, readCsv, runCli, separateServiceForSuite, startCli, tempDir, waitFor, writeScenario } from '../run/helpers';

const dir = tempDir('coldbench-guarantees-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A function that notes each invocation it answers, so a test knows how many were made.
const counter = path.join(dir, 'counter');
fs.mkdirSync(counter);
fs.writeFileSync(path.join(counter, 'index.js'), [
  "const fs = require('fs');",
  'exports.handler = async (event, context) => {',
  '  fs.appendFileSync(process.env.SEEN_FILE, context.awsRequestId + "\\n");',
  '  if (event && event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));',
  '  return { ok: true };',
  '};',
].join('\n'));
const seen = path.join(dir, 'seen.txt');

describe('coldbench run keeps its promises', () => {
  const service = separateServiceForSuite([
    { name: 'counter', codeDir: counter, memoryMb: 128, environment: { SEEN_FILE: seen } },
    { name: 'sleepy', codeDir: path.join(FIXTURE_FUNCTIONS, 'sleepy'), memoryMb: 128 },
  ]);
  const target = (fn: string): Record<string, unknown> => ({ kind: 'aws', function: fn, region: 'us-east-1', endpoint: service.endpoint });

  it('two runs started at once into the same --out: exactly one runs, the other exits 2 naming the folder', async () => {
    const file = writeScenario(dir, { name: 'twins', target: target('sleepy'), phases: [{ pattern: 'sequential', count: 150 }] }, 'twins.json');
    const out = path.join(dir, 'twins');
    const args = ['run', file, '--out', out, '--yes', '--quiet'];
    const results = await Promise.all([runCli(args, { env: DUMMY_AWS_ENV }), runCli(args, { env: DUMMY_AWS_ENV })]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2]);
    const refused = results.find((r) => r.code === 2)!;
    expect(refused.stderr.trim()).toBe(`coldbench: --out: ${out} already holds the results of a run (or another run is writing there now); choose another folder`);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map((r) => r.run_id)).size).toBe(1);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('kill -9 mid-run loses at most the rows in flight, and the CSV parses whole', async () => {
    const file = writeScenario(dir, { name: 'killed', target: target('counter'), payload: { sleepMs: 2 }, phases: [{ pattern: 'sequential', count: 100_000 }] }, 'killed.json');
    const out = path.join(dir, 'killed');
    const csv = path.join(out, 'invocations.csv');
    const lines = (f: string): number => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).length : 0);
    for (let kill = 0; kill < 3; kill++) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(seen, { force: true });
      const run = startCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
      await waitFor(() => lines(seen) >= 150 + kill * 100, 30_000, 'invocations');
      run.child.kill('SIGKILL');
      await run.done;
      const made = lines(seen);
      const rows = parse(fs.readFileSync(csv), { columns: true, relax_column_count: false }) as Record<string, string>[];
      // One invocation in flight (sequential), whose row cannot be written: nothing else is lost.
      expect(made - rows.length, `kill ${kill}: ${made} invocations, ${rows.length} rows`).toBeLessThanOrEqual(2);
      expect(rows.every((r) => r.status === 'ok' && r.request_id !== '')).toBe(true);
      expect(fs.readFileSync(csv, 'utf8').endsWith('\r\n')).toBe(true);
    }
  }, 120_000);

  it('a second Ctrl-C ends the run at once, even with invocations in flight', async () => {
    const file = writeScenario(dir, {
      name: 'stuck', target: target('sleepy'), payload: { sleepMs: 20_000 }, phases: [{ pattern: 'concurrent', concurrency: 2, count: 4 }],
    }, 'stuck.json');
    const out = path.join(dir, 'stuck');
    const run = startCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    // The header is written once the run has its signal guard and its target open (a fixed wait was too short on a busy machine).
    const csv = path.join(out, 'invocations.csv');
    await waitFor(() => fs.existsSync(csv) && fs.statSync(csv).size > 0, 30_000, 'the run to start');
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGINT');
    let stderr = '';
    run.child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    await waitFor(() => /SIGINT: stopping/.test(stderr), 10_000, 'the first SIGINT to be taken');
    expect(stderr).toMatch(/again to quit at once; then, if a function was changed, run: coldbench restore /);
    const t = Date.now();
    run.child.kill('SIGINT');
    const res = await run.done;
    expect(Date.now() - t).toBeLessThan(2000);
    expect(res.signal).toBe('SIGINT');
  });

  it('an interrupted memory sweep prints no recommendation, and says which settings it lacks', async () => {
    const file = writeScenario(dir, {
      name: 'cut-sweep', target: target('sleepy'), memory: [128, 256, 512], payload: { sleepMs: 5 },
      phases: [{ pattern: 'sequential', count: 400 }],
    }, 'cut.json');
    const out = path.join(dir, 'cut');
    const run = startCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    const csv = path.join(out, 'invocations.csv');
    await waitFor(() => fs.existsSync(csv) && readCsv(csv).some((r) => r.memory_mb === '256'), 60_000, 'the second setting');
    run.child.kill('SIGINT');
    const res = await run.done;
    expect(res.code).toBe(130);
    expect(res.stdout).not.toMatch(/Memory recommendation/);
    expect(res.stdout).toMatch(/^no memory recommendation: the sweep stopped before 256, 512 MB were fully measured$/m);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))).not.toHaveProperty('recommendation');
  }, 90_000);
});

describe('--out that can never be a result folder', () => {
  const scenario = path.join(__dirname, '..', '..', 'scenarios', 'quickstart.yaml');
  const aFile = path.join(dir, 'a-file');
  fs.writeFileSync(aFile, 'x');
  for (const [out, message] of [
    ['', /^coldbench: --out: expected a folder, got an empty path$/],
    [aFile, /^coldbench: --out: .*a-file exists and is not a folder$/],
    ['/proc/self/nope', /^coldbench: --out: cannot create the folder \/proc\/self\/nope \(ENOENT\)$/],
    [path.join(aFile, 'below'), /^coldbench: --out: cannot create the folder .*a-file\/below \(ENOTDIR\)$/],
  ] as const) {
    it(`--out ${JSON.stringify(out)}: exit 2 at once`, async () => {
      const t = Date.now();
      const res = await runCli(['run', scenario, '--out', out, '--quiet'], { timeoutMs: 15_000 });
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toMatch(message);
      expect(Date.now() - t).toBeLessThan(10_000);
    });
  }
});

describe('a result folder whose journal.jsonl is a folder', () => {
  it('restore and run both exit 2 with one line', async () => {
    const out = path.join(dir, 'odd-journal');
    fs.mkdirSync(path.join(out, 'journal.jsonl'), { recursive: true });
    const restore = await runCli(['restore', out]);
    expect(restore.code).toBe(2);
    expect(restore.stderr.trim()).toBe(`coldbench: restore: ${path.join(out, 'journal.jsonl')} is not a file (a run writes its journal there)`);
    const run = await runCli(['run', path.join(__dirname, '..', '..', 'scenarios', 'quickstart.yaml'), '--out', out, '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^coldbench: --out: .*odd-journal already holds the results of a run/);
  });
});

describe('secrets and payloads stay out of results', () => {
  const SECRET_ENV = 'sEcReT-EnV-4b1d';
  const SECRET_FN = 'sEcReT-FnJson-77aa';
  const SECRET_PAYLOAD = 'sEcReT-PaYlOaD-9c3e';
  const fnDir = path.join(dir, 'secretive');
  fs.mkdirSync(fnDir);
  fs.writeFileSync(path.join(fnDir, 'index.js'), 'exports.handler = async (e) => { console.log("handler saw", JSON.stringify(e), process.env.API_KEY); return { echo: e }; };');
  fs.writeFileSync(path.join(fnDir, 'function.json'), JSON.stringify({ environment: { DB_PASSWORD: SECRET_FN } }));

  const everything = (folder: string): string => {
    let all = '';
    for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) all += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    }
    return all;
  };

  for (const storePayloads of [false, true]) {
    it(`storePayloads: ${storePayloads}`, async () => {
      const file = writeScenario(dir, {
        name: `secret-${storePayloads}`,
        target: { kind: 'local', code: './secretive', environment: { API_KEY: SECRET_ENV } },
        payload: { token: SECRET_PAYLOAD },
        storePayloads,
        phases: [{ pattern: 'cold', count: 2 }, { name: '=HYPERLINK("http://x")', pattern: 'sequential', count: 3 }],
      }, `secret-${storePayloads}.json`);
      const out = path.join(dir, `secret-${storePayloads}`);
      const res = await runCli(['run', file, '--out', out, '--quiet']);
      expect(res.code).toBe(0);
      expect(hasStackTrace(res.stderr)).toBe(false);
      const files = everything(out);
      const terminal = res.stdout + res.stderr;
      for (const secret of [SECRET_ENV, SECRET_FN]) {
        expect(files).not.toContain(secret);
        expect(terminal).not.toContain(secret);
      }
      expect(terminal).not.toContain(SECRET_PAYLOAD);
      const runJson = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { scenario_source: { payload: unknown; target: { environment: unknown } } };
      expect(runJson.scenario_source.target.environment).toEqual({ API_KEY: '(not stored)' });
      if (storePayloads) {
        expect(runJson.scenario_source.payload).toEqual({ token: SECRET_PAYLOAD });
      } else {
        expect(files).not.toContain(SECRET_PAYLOAD);
        const body = JSON.stringify({ token: SECRET_PAYLOAD });
        expect(runJson.scenario_source.payload).toEqual({
          stored: false, bytes: body.length, sha256: (await import('node:crypto')).createHash('sha256').update(body).digest('hex'),
        });
      }
      // A phase named like a formula is written so that a spreadsheet shows it as text; report reads it back as it was.
      const csv = fs.readFileSync(path.join(out, 'invocations.csv'), 'utf8');
      expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",`);
      expect(readCsv(path.join(out, 'summary.csv')).map((r) => r.phase)).toContain(`'=HYPERLINK("http://x")`);
      const report = await runCli(['report', out]);
      expect(report.code).toBe(0);
      expect(report.stdout).toMatch(/^=HYPERLINK\("h…  /m);
      expect(report.stdout).not.toContain(`'=HYPERLINK`);
    });
  }
});
