// Bad endpoints under load: nothing listening, a server that goes away
// mid-run, and answers that are not 2xx. Each request still becomes a row
// with a status, the run ends normally (exit-code kind "failures"), and
// run.json says what happened.

import * as fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { runPlan, type RunOutcome } from '../../src/run/run';
import { formatSummaryTable } from '../../src/report/table';
import { readCsv, tempDir, writeScenario, type CsvRecord } from '../run/helpers';

let dir: string;
const servers: http.Server[] = [];

beforeAll(() => {
  dir = tempDir('coldbench-http-bad-');
});

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Ran {
  readonly outcome: RunOutcome;
  readonly rows: CsvRecord[];
  readonly http: { requests: number; byStatus: Record<string, number>; errorTypes: Record<string, number>; cutAtEnd: number; unreachable?: string };
  readonly durationS: number;
}

async function load(name: string, url: string, phase: Record<string, unknown>): Promise<Ran> {
  const file = writeScenario(dir, {
    name,
    target: { kind: 'http', url, method: 'GET' },
    phases: [{ name: 'load', pattern: 'load', ...phase }],
  }, `${name}.json`);
  const out = path.join(dir, name);
  const outcome = await runPlan({ plan: await loadPlan(file), outDir: out, quiet: true, log: () => undefined });
  const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { http: Ran['http']; duration_s: number };
  return { outcome, rows: readCsv(path.join(out, 'invocations.csv')), http: run.http, durationS: run.duration_s };
}

const count = (rows: readonly CsvRecord[], f: (r: CsvRecord) => boolean): number => rows.filter(f).length;

describe('http load against bad endpoints', () => {
  it('an unreachable URL (closed port): every request is an ECONNREFUSED row, and the run ends with failures', async () => {
    const port = await closedPort();
    const { outcome, rows, http: facts } = await load('refused', `http://127.0.0.1:${port}/`, { connections: 2, amount: 12 });
    expect(outcome.kind).toBe('failures');
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'error' && r.error_type === 'ECONNREFUSED' && r.request_id === '' && r.cost_usd === '')).toBe(true);
    expect(facts.errorTypes).toEqual({ ECONNREFUSED: 12 });
    expect(outcome.result).toMatchObject({ slots: 12, failedSlots: 12 });
    expect(formatSummaryTable(outcome.summary!)).toMatch(/\b12\b/);
  });

  it('a duration load on an unreachable URL stops once hundreds of requests failed without one answer', async () => {
    const port = await closedPort();
    const { outcome, rows, http: facts, durationS } = await load('refused-duration', `http://127.0.0.1:${port}/`, { connections: 2, duration: '30s' });
    expect(outcome.kind).toBe('failures');
    expect(facts.unreachable).toMatch(/^stopped after 200 requests without a single answer \(last: ECONNREFUSED\)$/);
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.every((r) => r.error_type === 'ECONNREFUSED')).toBe(true);
    // Far from the 30 s asked for.
    expect(durationS).toBeLessThan(15);
  });

  it('non-2xx answers: 429 throttled, 502 function_error, other codes errors named by their status', async () => {
    const codes = [200, 500, 404, 429, 502];
    let n = 0;
    const { url } = await listen((_req, res) => {
      const code = codes[n++ % codes.length] as number;
      res.writeHead(code, { 'x-amzn-RequestId': `req-${n}`, 'content-type': 'application/json' });
      res.end('{}');
    });
    // One connection so the rotation lands on the requests in order.
    const { outcome, rows, http: facts } = await load('non2xx', url, { connections: 1, amount: 20 });
    expect(rows).toHaveLength(20);
    expect(count(rows, (r) => r.status === 'ok')).toBe(4);
    expect(count(rows, (r) => r.status === 'throttled' && r.error_type === 'HTTP 429')).toBe(4);
    expect(count(rows, (r) => r.status === 'function_error' && r.error_type === 'HTTP 502')).toBe(4);
    expect(count(rows, (r) => r.status === 'error' && r.error_type === 'HTTP 500')).toBe(4);
    expect(count(rows, (r) => r.status === 'error' && r.error_type === 'HTTP 404')).toBe(4);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(20);
    expect(facts.byStatus).toEqual({ ok: 4, error: 8, throttled: 4, function_error: 4 });
    expect(outcome.kind).toBe('failures');
    expect(outcome.result.failedSlots).toBe(16);
  });

  it('a server stopped mid-run: answered requests are ok rows, the rest connection-error rows, and the run still finishes', async () => {
    let answered = 0;
    const { server, url } = await listen((_req, res) => {
      if (!server.listening) {
        res.destroy();
        return;
      }
      answered++;
      res.end('ok');
      if (answered === 30) {
        // Gone after this answer: open connections are cut, new ones refused.
        server.close();
        setImmediate(() => server.closeAllConnections());
      }
    });
    const { outcome, rows, http: facts } = await load('midrun', url, { connections: 2, amount: 200 });
    expect(outcome.kind).toBe('failures');
    // Every request autocannon made is a row, except any cut by the end of the load.
    expect(rows.length + facts.cutAtEnd).toBe(200);
    const ok = count(rows, (r) => r.status === 'ok');
    // An answer the server wrote may still be cut by the closing socket before the client reads it.
    expect(ok).toBeLessThanOrEqual(answered);
    expect(ok).toBeGreaterThanOrEqual(answered - 2);
    const errors = rows.filter((r) => r.status !== 'ok');
    expect(errors.length).toBeGreaterThan(100);
    expect(errors.every((r) => r.status === 'error' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'connection closed'].includes(r.error_type))).toBe(true);
    expect(facts.errorTypes.ECONNREFUSED).toBeGreaterThan(0);
    // Rows are written as requests end: no request was answered after the first refusal.
    const firstRefused = rows.findIndex((r) => r.error_type === 'ECONNREFUSED');
    expect(rows.slice(firstRefused).some((r) => r.status === 'ok')).toBe(false);
  });
});
