// `coldbench run scenarios/python.yaml` as a user runs it (the built
// executable as a child process): a Python function on the embedded local
// service, forced cold starts then a warm sequence, at two memory sizes, and
// every cell of invocations.csv checked.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationCostUsd } from '../../src/cost/model';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import { loadPlan } from '../../src/plan/load';
import { planSteps } from '../../src/plan/rounds';
import { python } from '../../src/stub/runtimes/python';
import { csvHeader, EXAMPLE_FUNCTIONS, hasStackTrace, num, readCsv, ROOT, runCli, tempDir, writeScenario } from './helpers';

const dir = tempDir('coldbench-py-run-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('coldbench run with a Python function', () => {
  it('runs scenarios/python.yaml: cold rows with init, warm rows without, every cell as docs/result-files.md says', async () => {
    const out = path.join(dir, 'python');
    const res = await runCli(['run', 'scenarios/python.yaml', '--out', out, '--quiet'], { timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(hasStackTrace(res.stderr)).toBe(false);
    // stderr holds warnings only (machine limits such as cgroups, and the
    // note when this machine's Python is not python3.12), each once.
    const lines = res.stderr.split('\n').filter((l) => l !== '');
    for (const line of lines) expect(line).toMatch(/^local-lambda: warning: /);
    expect(new Set(lines).size).toBe(lines.length);
    for (const note of python.notes('python3.12')) expect(lines).toContain(`local-lambda: warning: ${note}`);

    const file = path.join(out, 'invocations.csv');
    expect(csvHeader(file)).toEqual([...INVOCATION_COLUMNS]);
    const rows = readCsv(file);
    // The sweep runs interleaved in rounds (src/plan/rounds.ts): the rows follow the plan's steps. A forced cold phase is
    // cold throughout; in the warm phase, the first invocation after a change of memory lands on a new environment.
    const expected: { memory: number; phase: string; cold: boolean }[] = [];
    let memoryNow: number | null | undefined;
    for (const step of planSteps(await loadPlan(path.join(ROOT, 'scenarios', 'python.yaml')))) {
      for (let i = 0; i < step.phase.schedule.invocations; i++) {
        expected.push({ memory: step.memoryMb!, phase: step.phase.name, cold: step.phase.name === 'cold' || (i === 0 && step.memoryMb !== memoryNow) });
      }
      memoryNow = step.memoryMb;
    }
    expect(expected.filter((e) => e.phase === 'warm' && !e.cold).length).toBeGreaterThan(80);
    expect(rows).toHaveLength(expected.length);

    const runId = rows[0].run_id;
    expect(runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]+$/);
    const requestIds = new Set<string>();
    let lastStart = 0;
    rows.forEach((r, i) => {
      const want = expected[i];
      const where = `row ${i + 1}`;
      expect(r.run_id, where).toBe(runId);
      expect(r.scenario, where).toBe('python-hello');
      expect(r.phase, where).toBe(want.phase);
      expect(r.target, where).toBe('local');
      expect(r.function, where).toBe('hello-python');
      expect(r.qualifier, where).toBe('$LATEST');
      expect(num(r.memory_mb), where).toBe(want.memory);
      expect(r.architecture, where).toBe('x86_64');
      expect(num(r.seq), where).toBe(i + 1);
      expect(r.started_at, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const started = Date.parse(r.started_at);
      expect(started, where).toBeGreaterThanOrEqual(lastStart);
      lastStart = started;
      expect(r.cold, where).toBe(String(want.cold));
      const duration = num(r.duration_ms);
      expect(duration, where).toBeGreaterThan(0);
      // The client waits for the whole invocation, init included on a cold start.
      expect(num(r.client_ms), where).toBeGreaterThanOrEqual(duration);
      // Billed: the duration (plus init on a cold start) rounded up to the ms; cells carry 2 decimals.
      let billedFrom = duration;
      if (want.cold) {
        const init = num(r.init_ms);
        expect(init, where).toBeGreaterThan(0);
        expect(num(r.client_ms), where).toBeGreaterThanOrEqual(init);
        billedFrom += init;
      } else {
        expect(r.init_ms, where).toBe('');
      }
      expect(Math.abs(num(r.billed_ms) - Math.ceil(billedFrom)), where).toBeLessThanOrEqual(1);
      expect(num(r.max_memory_mb), where).toBeGreaterThan(0);
      expect(num(r.max_memory_mb), where).toBeLessThanOrEqual(want.memory);
      expect(r.status, where).toBe('ok');
      expect(r.error_type, where).toBe('');
      expect(r.request_id, where).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      requestIds.add(r.request_id);
      const cost = invocationCostUsd({ billedMs: num(r.billed_ms), memoryMb: want.memory, architecture: 'x86_64', region: 'us-east-1' });
      expect(num(r.cost_usd), where).toBeCloseTo(cost, 12);
    });
    expect(requestIds.size).toBe(rows.length);
  });

  it.each(['python2.7', 'ruby3.3'])('refuses runtime %s with exit 2 and a message naming the file and field', async (runtime) => {
    const file = writeScenario(dir, {
      name: 'old-runtime',
      target: { kind: 'local', function: 'old', code: path.join(EXAMPLE_FUNCTIONS, 'hello-python'), runtime },
      phases: [{ name: 'one', pattern: 'sequential', count: 1 }],
    }, `${runtime}.json`);
    const res = await runCli(['run', file, '--out', path.join(dir, `out-${runtime}`), '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${runtime}.json`);
    expect(res.stderr).toContain('target.runtime');
    expect(res.stderr).toContain(runtime);
    expect(hasStackTrace(res.stderr)).toBe(false);
  });
});
