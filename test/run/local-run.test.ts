// Real scenarios, end to end, against the embedded local Lambda service: the
// scenario file is loaded, the local target starts the service, the patterns
// run, and the result files are parsed back and checked cell by cell.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationCostUsd } from '../../src/cost/model';
import { INVOCATION_COLUMNS, SUMMARY_COLUMNS } from '../../src/measure/row';
import { loadPlan } from '../../src/plan/load';
import { runPlan, type RunOutcome } from '../../src/run/run';
import { csvHeader, EXAMPLE_FUNCTIONS, FIXTURE_FUNCTIONS, num, quantile, readCsv, tempDir, writeScenario, type CsvRecord } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function run(scenario: Record<string, unknown>): Promise<{ outcome: RunOutcome; rows: CsvRecord[]; summary: CsvRecord[]; outDir: string; log: string[] }> {
  const dir = tempDir();
  dirs.push(dir);
  const plan = await loadPlan(writeScenario(dir, scenario));
  const outDir = path.join(dir, 'out');
  const log: string[] = [];
  const outcome = await runPlan({ plan, outDir, quiet: true, log: (l) => log.push(l) });
  const rows = readCsv(path.join(outDir, 'invocations.csv'));
  const summary = readCsv(path.join(outDir, 'summary.csv'));
  return { outcome, rows, summary, outDir, log };
}

const inPhase = (rows: CsvRecord[], phase: string): CsvRecord[] => rows.filter((r) => r.phase === phase);

describe('local target, end to end', () => {
  it('cold phase: N cold rows with init_ms; the warm sequence after it is warm; a burst of C has at most C cold starts', async () => {
    const { outcome, rows, summary, outDir } = await run({
      name: 'e2e-basic',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      payload: { name: 'e2e' },
      phases: [
        { name: 'cold', pattern: 'cold', count: 3 },
        { name: 'warm', pattern: 'sequential', count: 8 },
        { name: 'burst', pattern: 'concurrent', concurrency: 3, count: 12 },
      ],
    });
    expect(outcome.kind).toBe('done');
    expect(csvHeader(path.join(outDir, 'invocations.csv'))).toEqual([...INVOCATION_COLUMNS]);
    expect(csvHeader(path.join(outDir, 'summary.csv'))).toEqual([...SUMMARY_COLUMNS]);
    expect(rows).toHaveLength(23);
    // Nothing failed: no logs/ folder (log tails are kept only for failed invocations).
    expect(fs.existsSync(path.join(outDir, 'logs'))).toBe(false);

    const cold = inPhase(rows, 'cold');
    expect(cold).toHaveLength(3);
    for (const r of cold) {
      expect(r.cold).toBe('true');
      expect(r.start_type).toBe('cold');
      expect(num(r.init_ms)).toBeGreaterThan(0);
      expect(r.restore_ms).toBe('');
    }
    const warm = inPhase(rows, 'warm');
    expect(warm).toHaveLength(8);
    for (const r of warm) {
      expect(r.cold).toBe('false');
      expect(r.start_type).toBe('warm');
      expect(r.init_ms).toBe('');
      expect(r.restore_ms).toBe('');
    }
    const burst = inPhase(rows, 'burst');
    expect(burst).toHaveLength(12);
    expect(burst.filter((r) => r.cold === 'true').length).toBeLessThanOrEqual(3);
    // The appended columns come last, in the contract's order, and agree with `cold` on every row.
    expect(csvHeader(path.join(outDir, 'invocations.csv')).slice(-7)).toEqual(['start_type', 'restore_ms', 'host_wait_ms', 'ttfb_ms', 'error_message', 'offset_ms', 'cpu_throttled_ms']);
    for (const r of rows) expect(r.start_type).toBe(r.cold === 'true' ? 'cold' : 'warm');

    const seqs = rows.map((r) => num(r.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(r.run_id).toBe(outcome.runId);
      expect(r.scenario).toBe('e2e-basic');
      expect(r.target).toBe('local');
      expect(r.function).toBe('hello');
      expect(r.qualifier).toBe('$LATEST');
      expect(r.architecture).toBe('x86_64');
      expect(r.status).toBe('ok');
      expect(r.error_type).toBe('');
      expect(r.request_id).not.toBe('');
      expect(r.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // The client waits for the whole invocation: never less than the function's own duration.
      expect(num(r.client_ms)).toBeGreaterThanOrEqual(num(r.duration_ms));
      expect(num(r.billed_ms)).toBeGreaterThanOrEqual(Math.floor(num(r.duration_ms)));
      const expected = invocationCostUsd({ billedMs: num(r.billed_ms), memoryMb: num(r.memory_mb), architecture: 'x86_64', region: 'us-east-1' });
      expect(num(r.cost_usd)).toBeCloseTo(expected, 12);
    }

    // Summary percentiles agree with the rows (HdrHistogram keeps 3 significant digits).
    for (const phase of ['cold', 'warm', 'burst']) {
      for (const type of ['all', 'cold', 'warm'] as const) {
        const group = inPhase(rows, phase).filter((r) => type === 'all' || r.start_type === type);
        const s = summary.find((x) => x.phase === phase && x.start_type === type);
        if (group.length === 0) {
          expect(s).toBeUndefined();
          continue;
        }
        expect(s, `${phase}/${type}`).toBeDefined();
        const client = group.map((r) => num(r.client_ms));
        expect(num(s!.count)).toBe(group.length);
        expect(num(s!.errors)).toBe(0);
        for (const [col, q] of [['client_p50_ms', 0.5], ['client_p90_ms', 0.9], ['client_p99_ms', 0.99], ['client_max_ms', 1]] as const) {
          const want = quantile(client, q);
          expect(Math.abs(num(s![col]) - want), `${phase}/${type} ${col}`).toBeLessThanOrEqual(want * 0.002 + 0.002);
        }
        const cost = group.reduce((a, r) => a + num(r.cost_usd), 0);
        expect(num(s!.total_cost_usd)).toBeCloseTo(cost, 12);
      }
    }

    const runJson = JSON.parse(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(runJson)).toContain(process.version);
    expect(fs.existsSync(path.join(outDir, 'journal.jsonl'))).toBe(false);
  });

  it('a memory sweep in order: sequential: each setting in memory_mb, agreeing with REPORT, cost by the formula', async () => {
    const { outcome, rows, outDir } = await run({
      name: 'e2e-sweep',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      memory: [128, 256],
      order: 'sequential',
      phases: [
        { name: 'cold', pattern: 'cold', count: 1 },
        { name: 'warm', pattern: 'sequential', count: 3 },
      ],
    });
    expect(outcome.kind).toBe('done');
    expect(rows.map((r) => `${r.memory_mb}/${r.phase}/${r.cold}`)).toEqual([
      '128/cold/true', '128/warm/false', '128/warm/false', '128/warm/false',
      '256/cold/true', '256/warm/false', '256/warm/false', '256/warm/false',
    ]);
    for (const r of rows) {
      const expected = invocationCostUsd({ billedMs: num(r.billed_ms), memoryMb: num(r.memory_mb), architecture: 'x86_64', region: 'us-east-1' });
      expect(num(r.cost_usd)).toBeCloseTo(expected, 12);
    }
    const warmPick = outcome.recommendation?.phases.find((p) => p.phase === 'warm')?.warm;
    expect(warmPick?.candidates.map((c) => c.memoryMb).sort()).toEqual([128, 256]);
    // Three samples per setting: no interval of the median, so nothing counts as faster.
    expect(warmPick?.sureness).toBe('too-few-samples');
    const runJson = JSON.parse(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')) as { recommendation?: { phases?: { phase: string }[] } };
    expect(runJson.recommendation?.phases?.map((p) => p.phase)).toEqual(['cold', 'warm']);
  });

  it('a memory sweep interleaves its settings in rounds by default; offset_ms counts from the run’s start', async () => {
    const { outcome, rows, outDir } = await run({
      name: 'e2e-interleaved',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      memory: [128, 256],
      phases: [
        { name: 'cold', pattern: 'cold', count: 2 },
        { name: 'warm', pattern: 'sequential', count: 20 },
      ],
    });
    expect(outcome.kind).toBe('done');
    // Phase by phase; each round runs one slice at every setting, the order rotated each round.
    const runs: string[] = [];
    for (const r of rows) {
      const key = `${r.phase}/${r.memory_mb}`;
      const last = runs.at(-1);
      if (last?.startsWith(`${key}×`)) runs[runs.length - 1] = `${key}×${Number(last.split('×')[1]) + 1}`;
      else runs.push(`${key}×1`);
    }
    // cold: slices of 1 (128, 256 | 256, 128); warm: 2 rounds of 10 (128, 256 | 256, 128), the two 256 slices back to back.
    expect(runs).toEqual(['cold/128×1', 'cold/256×2', 'cold/128×1', 'warm/128×10', 'warm/256×20', 'warm/128×10']);
    // A change of memory starts new environments: the first invocation after one is cold.
    expect(rows.filter((r) => r.phase === 'warm').map((r) => r.start_type).filter((t) => t === 'cold').length).toBe(2);
    const startedAt = Date.parse((JSON.parse(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')) as { started_at: string }).started_at);
    let last = -1;
    for (const r of rows) {
      const offset = num(r.offset_ms);
      expect(offset).toBeGreaterThanOrEqual(last);
      last = offset;
      expect(Math.abs(startedAt + offset - Date.parse(r.started_at))).toBeLessThanOrEqual(1);
      // Measured on every local invocation: a number of ms, never below zero; the quota's share apart.
      expect(num(r.host_wait_ms)).toBeGreaterThanOrEqual(0);
      expect(num(r.cpu_throttled_ms)).toBeGreaterThanOrEqual(0);
      expect(r.ttfb_ms).toBe('');
      expect(r.error_message).toBe('');
    }
  });

  it('a run that makes exactly budget.maxInvocations is done, not stopped; run.json carries the cost section', async () => {
    const { outcome, rows, outDir } = await run({
      name: 'e2e-exact-budget',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      phases: [{ name: 'warm', pattern: 'sequential', count: 3 }],
      budget: { maxInvocations: 3 },
      projection: { monthlyInvocations: 1000000, freeTier: false },
    });
    expect(outcome.kind).toBe('done');
    expect(rows).toHaveLength(3);
    const runJson = JSON.parse(fs.readFileSync(path.join(outDir, 'run.json'), 'utf8')) as {
      budgetStop?: string;
      cost?: { totalUsd: number; invocationsPriced: number; billing: string; projection?: { settings: { memoryMb: number }[] } };
    };
    expect(runJson.budgetStop).toBeUndefined();
    expect(runJson.cost?.invocationsPriced).toBe(3);
    expect(runJson.cost?.totalUsd).toBeCloseTo(rows.reduce((sum, r) => sum + num(r.cost_usd), 0), 12);
    expect(runJson.cost?.billing).toMatch(/Init Duration is never added/);
    expect(runJson.cost?.projection?.settings.map((s) => s.memoryMb)).toEqual([128]);
  });

  it('errors are rows with their status and error_type, and fail the run past maxErrorRate', async () => {
    const thrown = await run({
      name: 'e2e-throw',
      target: { kind: 'local', function: 'thrower', code: path.join(FIXTURE_FUNCTIONS, 'thrower') },
      phases: [{ name: 'fail', pattern: 'sequential', count: 2 }],
      maxErrorRate: 0.5,
    });
    expect(thrown.rows.map((r) => [r.status, r.error_type])).toEqual([['function_error', 'BenchError'], ['function_error', 'BenchError']]);
    // error_message: the payload's errorMessage, as the runtime wrote it.
    for (const r of thrown.rows) expect(r.error_message).toBe('thrown on purpose');
    expect(thrown.outcome.kind).toBe('failures');
    expect(num(thrown.summary.find((s) => s.start_type === 'all')!.errors)).toBe(2);
    // logs/: one file per failed invocation, named by seq and request id, holding the log tail Lambda returned.
    const logs = fs.readdirSync(path.join(thrown.outDir, 'logs')).sort();
    expect(logs).toEqual(thrown.rows.map((r) => `${r.seq.padStart(6, '0')}-${r.request_id}.log`));
    for (const f of logs) {
      const tail = fs.readFileSync(path.join(thrown.outDir, 'logs', f), 'utf8');
      expect(tail).toContain(`REPORT RequestId: ${f.slice(7, -4)}`);
    }
    // The end-of-run lines name the error type with its message.
    expect(thrown.outcome.summary?.errors.map((e) => [e.errorType, e.count, e.messages[0]])).toEqual([['BenchError', 2, 'thrown on purpose']]);
    expect(thrown.outcome.summary?.logFiles).toBe(2);

    const hung = await run({
      name: 'e2e-timeout',
      target: { kind: 'local', function: 'hanger', code: path.join(FIXTURE_FUNCTIONS, 'hanger') },
      phases: [{ name: 'hang', pattern: 'sequential', count: 1 }],
      maxErrorRate: 1,
    });
    expect(hung.rows).toHaveLength(1);
    expect(hung.rows[0].status).toBe('timeout');
    expect(hung.rows[0].error_type).toBe('Sandbox.Timedout');
    expect(hung.rows[0].error_message).toMatch(/Task timed out after/);
    expect(num(hung.rows[0].client_ms)).toBeGreaterThanOrEqual(num(hung.rows[0].duration_ms));
    expect(hung.outcome.kind).toBe('done');
  });

  it('rate keeps its schedule and charges queueing to latency when the function is slower than the rate', async () => {
    const { outcome, rows } = await run({
      name: 'e2e-rate',
      target: { kind: 'local', function: 'sleepy', code: path.join(FIXTURE_FUNCTIONS, 'sleepy') },
      payload: { sleepMs: 200 },
      phases: [
        { name: 'warmup', pattern: 'sequential', count: 1 },
        // 20/s against 200 ms invocations one at a time: 5/s served, the rest queue.
        { name: 'steady', pattern: 'rate', rate: 20, duration: '1s', maxInFlight: 1 },
      ],
    });
    expect(outcome.kind).toBe('done');
    const steady = inPhase(rows, 'steady').sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
    expect(steady).toHaveLength(20);
    // started_at is the due time: one every 50 ms, whatever the function did.
    const t0 = Date.parse(steady[0].started_at);
    steady.forEach((r, i) => expect(Math.abs(Date.parse(r.started_at) - t0 - i * 50)).toBeLessThanOrEqual(2));
    // The function's own duration stays flat while client latency grows along the run.
    const client = steady.map((r) => num(r.client_ms));
    const duration = steady.map((r) => num(r.duration_ms));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(client.slice(-5))).toBeGreaterThan(3 * mean(client.slice(0, 5)));
    expect(mean(duration.slice(-5))).toBeLessThan(1.5 * mean(duration.slice(0, 5)));
    for (let i = 1; i < client.length; i++) expect(client[i]).toBeGreaterThan(client[i - 1] * 0.9);
    // The queue shows in the last row: it waited for ~19 × 200 ms minus 19 × 50 ms of schedule.
    expect(client[19]).toBeGreaterThan(client[0] + 0.5 * (19 * 200 - 19 * 50));
  });
});
