// Printed into a pipe (not a terminal), `run`, `report` and `compare` write
// plain text: no escape sequence, no carriage return, no other control
// character but the newline (and tab), so a log file or a grep reads it as is.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/cli-capture';
import { runCli } from '../run/helpers';
import { newTempDir, removeAll, writeReportScenario } from './html-scenario';

const dirs: string[] = [];
beforeAll(() => ensureBuilt('cli/main.js'), 120_000);
afterAll(() => removeAll(dirs));

/** Every control character but \n and \t, ESC and DEL included. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectPlain(what: string, text: string): void {
  const at = text.search(CONTROL);
  expect(at, `${what}: control character ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`).toBe(-1);
}

describe('output into a pipe', () => {
  it('run, report and compare print no control characters', async () => {
    const work = newTempDir('coldbench-pipe-', dirs);
    const scenario = writeReportScenario(work, { memory: [128, 512] });
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    // No --quiet: the progress bar must know it is not on a terminal.
    for (const out of [a, b]) {
      const run = await runCli(['run', scenario, '--out', out], { timeoutMs: 90_000 });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('phase');
      expectPlain('run stdout', run.stdout);
      expectPlain('run stderr', run.stderr);
    }
    const report = await runCli(['report', a]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout.length).toBeGreaterThan(0);
    expectPlain('report stdout', report.stdout);
    expectPlain('report stderr', report.stderr);
    const compare = await runCli(['compare', a, b]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout.length).toBeGreaterThan(0);
    expectPlain('compare stdout', compare.stdout);
    expectPlain('compare stderr', compare.stderr);
    // And a refusal, which goes to stderr.
    const bad = await runCli(['report', path.join(work, 'no-such-folder')]);
    expect(bad.code).toBe(2);
    expectPlain('report error', bad.stderr);
  }, 240_000);
});
