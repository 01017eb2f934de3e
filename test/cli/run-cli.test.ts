// `coldbench run` as a user runs it: the built executable as a child process.
// (npm test builds first; these tests use dist/.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_FUNCTIONS, FIXTURE_FUNCTIONS, hasStackTrace, readCsv, runCli, tempDir, writeScenario } from '../run/helpers';

const dir = tempDir('coldbench-cli-run-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hello = { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') };

describe('coldbench run', () => {
  it('runs the quickstart: exit 0, a summary table, the result folder, and a clean terminal', async () => {
    const out = path.join(dir, 'quickstart');
    const res = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out]);
    // Clean: no SDK notice, no stack; at most the local service's own one-line notes (e.g. no cgroups on this machine).
    expect(res.stderr).not.toMatch(/NodeVersionSupportWarning|Warning:/);
    expect(hasStackTrace(res.stderr)).toBe(false);
    expect(res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('local-lambda: warning:'))).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^phase\s+mem MB\s+count\s+cold/m);
    expect(res.stdout).toMatch(/^total: 95 invocations, \d+ cold, 0 errors/m);
    expect(res.stdout).toContain(`results: ${out}`);
    for (const f of ['invocations.csv', 'summary.csv', 'run.json', 'report.html']) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    const rows = readCsv(path.join(out, 'invocations.csv'));
    expect(rows).toHaveLength(95);
    expect(rows.filter((r) => r.phase === 'cold').every((r) => r.cold === 'true')).toBe(true);
    const runJson = fs.readFileSync(path.join(out, 'run.json'), 'utf8');
    expect(runJson).toContain(process.version);
  });

  it('defaults the result folder to results/<scenario>-<UTC timestamp>/ under the working directory', async () => {
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd);
    const file = writeScenario(cwd, { name: 'tiny', target: hello, phases: [{ name: 'one', pattern: 'sequential', count: 1 }] });
    const res = await runCli(['run', file, '--quiet'], { cwd });
    expect(res.code).toBe(0);
    const made = fs.readdirSync(path.join(cwd, 'results'));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^tiny-\d{8}T\d{6}Z$/);
    expect(res.stdout).toContain(`results: ${path.join('results', made[0])}`);
  });

  it('exits 1 when more invocations fail than maxErrorRate allows, with the rows written', async () => {
    const file = writeScenario(dir, {
      name: 'failing',
      target: { kind: 'local', function: 'thrower', code: path.join(FIXTURE_FUNCTIONS, 'thrower') },
      phases: [{ name: 'a', pattern: 'sequential', count: 2 }],
      maxErrorRate: 0.1,
    }, 'failing.json');
    const out = path.join(dir, 'failing');
    const res = await runCli(['run', file, '--out', out, '--quiet']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/2 of 2 invocations failed \(100\.00%\), more than maxErrorRate 0\.1/);
    expect(hasStackTrace(res.stderr)).toBe(false);
    expect(readCsv(path.join(out, 'invocations.csv')).map((r) => r.status)).toEqual(['function_error', 'function_error']);
  });

  // Each case is a short-lived child doing no invocation: run them side by side.
  describe.concurrent('bad input: exit 2, one clear message, no stack trace', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['scenario file missing', () => ['run', path.join(dir, 'nope.yaml')], /nope\.yaml/],
      ['unknown pattern', () => ['run', writeScenario(dir, { target: hello, phases: [{ name: 'a', pattern: 'sequentail', count: 1 }] }, 'bad-pattern.json')], /phases\[0\]\.pattern/],
      ['negative count', () => ['run', writeScenario(dir, { target: hello, phases: [{ name: 'a', pattern: 'sequential', count: -3 }] }, 'bad-count.json')], /phases\[0\]\.count/],
      ['missing target', () => ['run', writeScenario(dir, { phases: [{ name: 'a', pattern: 'sequential', count: 1 }] }, 'no-target.json')], /target/],
      ['code folder missing', () => ['run', writeScenario(dir, { target: { ...hello, code: './no-such-folder' }, phases: [{ name: 'a', pattern: 'sequential', count: 1 }] }, 'no-code.json')], /no-such-folder/],
      ['memory out of range', () => ['run', writeScenario(dir, { target: hello, memory: [64], phases: [{ name: 'a', pattern: 'sequential', count: 1 }] }, 'bad-memory.json')], /memory/],
      ['YAML syntax error', () => {
        const f = path.join(dir, 'broken.yaml');
        fs.writeFileSync(f, 'name: x\nphases: [ { name: a\n');
        return ['run', f];
      }, /broken\.yaml:\d+/],
      ['bad --max-cost', () => ['run', 'scenarios/quickstart.yaml', '--max-cost', 'lots'], /--max-cost/],
      ['unknown flag', () => ['run', 'scenarios/quickstart.yaml', '--fast'], /--fast/],
      ['missing scenario argument', () => ['run'], /scenario/],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const res = await runCli(args());
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(hasStackTrace(res.stderr)).toBe(false);
      expect(res.stdout).toBe('');
    });
  });

  it('refuses with exit 3, invoking nothing, when the estimate passes the budget or --max-cost', async () => {
    const file = writeScenario(dir, {
      name: 'over-budget', target: hello, budget: { maxInvocations: 3 },
      phases: [{ name: 'a', pattern: 'sequential', count: 5 }],
    }, 'budget.json');
    const out = path.join(dir, 'over-budget');
    const res = await runCli(['run', file, '--out', out]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/refused.*maxInvocations/);
    expect(fs.existsSync(out)).toBe(false);

    const cost = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--max-cost', '0.000000001']);
    expect(cost.code).toBe(3);
    expect(cost.stderr).toMatch(/refused.*--max-cost/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
