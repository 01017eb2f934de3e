// The log join's waiting: REPORT lines that arrive after the load are picked
// up by a later poll, a line that never comes ends the wait at its bound, and
// pages are followed. The logs are served by the real service's API server
// over a log store this test writes to, read with the real logs SDK.

import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { billedDurationMs } from '../../src/lambda/billing';
import { writeJson, writeText } from '../../src/lambda/log';
import { createApiServer } from '../../src/stub/api/server';
import { LogStore } from '../../src/stub/engine/log-store';
import type { Engine } from '../../src/stub/engine/types';
import { FunctionStore } from '../../src/stub/store/store';
import { fetchReportLines, logGroupOf, REPORT_FILTER_PATTERN } from '../../src/targets/log-join';

const GROUP = '/aws/lambda/joined';
const STREAM = '2026/01/01/[$LATEST]00000000000000000000000000000000';

let server: http.Server;
let store: FunctionStore;
let client: CloudWatchLogsClient;
const logs = new LogStore();

function report(id: string, init?: number): void {
  logs.append(GROUP, STREAM, Date.now(), writeText({
    kind: 'report',
    requestId: id,
    metrics: { durationMs: 12.5, billedDurationMs: billedDurationMs(12.5, init), memorySizeMB: 128, maxMemoryUsedMB: 40, ...(init !== undefined ? { initDurationMs: init } : {}) },
    status: 'success',
  }));
}

beforeAll(async () => {
  store = await FunctionStore.create([], 'us-east-1');
  const engine: Engine = {
    invoke: () => Promise.reject(new Error('not used')),
    retire: () => undefined,
    limitations: [],
    logs,
    stop: async () => undefined,
  };
  server = createApiServer({ store, engine, runtimes: { isKnown: () => true, list: () => [] }, shape: { region: 'us-east-1', limitations: () => [] } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new CloudWatchLogsClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store?.dispose();
});

const base = () => ({ client, functionName: 'joined', windowStartMs: Date.now() - 1000, windowEndMs: Date.now() });

describe('log join', () => {
  it('names the log group from a name, name:qualifier or ARN', () => {
    expect(logGroupOf('fn')).toBe('/aws/lambda/fn');
    expect(logGroupOf('fn:live')).toBe('/aws/lambda/fn');
    expect(logGroupOf('arn:aws:lambda:eu-west-1:123456789012:function:fn:3')).toBe('/aws/lambda/fn');
  });

  it('keeps polling until a late REPORT line arrives, then stops early', async () => {
    report('early-1', 120.5);
    setTimeout(() => report('late-1'), 300);
    const r = await fetchReportLines({ ...base(), awaited: new Set(['early-1', 'late-1']), maxWaitMs: 20_000, pollIntervalMs: 100 });
    expect(r.missing).toBe(0);
    expect(r.polls).toBeGreaterThan(1);
    // Far less than the bound: it stopped as soon as the last line came.
    expect(r.waitedMs).toBeLessThan(20_000 / 4);
    expect(r.reports.get('early-1')?.initMs).toBe(120.5);
    expect(r.reports.get('late-1')?.initMs).toBeUndefined();
  });

  it('a line that never comes ends the wait at the bound, with the rest joined', async () => {
    report('present-1');
    const r = await fetchReportLines({ ...base(), awaited: new Set(['present-1', 'never']), maxWaitMs: 400, pollIntervalMs: 100 });
    expect(r.missing).toBe(1);
    expect(r.reports.has('present-1')).toBe(true);
    expect(r.polls).toBeGreaterThanOrEqual(3);
    expect(r.waitedMs).toBeGreaterThanOrEqual(350);
  });

  it('follows every page of a large window', async () => {
    const ids = Array.from({ length: 10_050 }, (_, i) => `bulk-${i}`);
    for (const id of ids) report(id);
    const r = await fetchReportLines({ ...base(), awaited: new Set(ids), maxWaitMs: 0, pollIntervalMs: 100 });
    expect(r.missing).toBe(0);
    expect(r.pages).toBeGreaterThanOrEqual(2);
  });

  it('a missing group is waited for, not an error; an unreachable endpoint is reported, not thrown', async () => {
    const r = await fetchReportLines({ ...base(), functionName: 'other', awaited: new Set(['x']), maxWaitMs: 150, pollIntervalMs: 50 });
    expect(r.error).toBeUndefined();
    expect(r.missing).toBe(1);
    const dead = new CloudWatchLogsClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const e = await fetchReportLines({ ...base(), client: dead, awaited: new Set(['x']), maxWaitMs: 5_000, pollIntervalMs: 50 });
      expect(e.error).toMatch(/ECONNREFUSED|connect/);
      expect(e.polls).toBe(1);
    } finally {
      dead.destroy();
    }
  });

  it('joins JSON platform.report records too, and ties a suppressed init to the next report of its own stream', async () => {
    const group = '/custom/group-of-json-fn';
    const a = '2026/01/01/[$LATEST]aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const b = '2026/01/01/[$LATEST]bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const t = Date.now();
    const put = (stream: string, dt: number, line: string): void => logs.append(group, stream, t + dt, line);
    const jsonReport = (id: string, extra: Record<string, number> = {}): string => writeJson({
      kind: 'report', requestId: id, status: 'success', metrics: { durationMs: 40.5, billedDurationMs: 41, memorySizeMB: 512, maxMemoryUsedMB: 80, ...extra },
    });
    // Stream a: an init that timed out, the request that re-ran it, then a warm one.
    put(a, 0, writeJson({ kind: 'initStart', initializationType: 'on-demand', phase: 'init', functionName: 'json-fn', functionVersion: '$LATEST' }));
    put(a, 1, writeJson({ kind: 'initReport', durationMs: 10000.5, initializationType: 'on-demand', phase: 'init', status: 'timeout' }));
    put(a, 2, writeJson({ kind: 'start', requestId: 'sup-1' }));
    // Stream b, interleaved in time: a cold start whose report has initDurationMs, and a restore.
    put(b, 3, writeJson({ kind: 'initReport', durationMs: 300.25, initializationType: 'on-demand', phase: 'init', status: 'success' }));
    put(b, 4, jsonReport('cold-1', { initDurationMs: 300.25 }));
    put(a, 5, JSON.stringify({ timestamp: new Date(t).toISOString(), level: 'INFO', requestId: 'sup-1', message: 'mentions platform.report and INIT_REPORT' }));
    put(a, 6, jsonReport('sup-1'));
    put(a, 7, jsonReport('warm-1'));
    put(b, 8, jsonReport('restore-1', { restoreDurationMs: 250.75, billedRestoreDurationMs: 251 }));
    const r = await fetchReportLines({
      ...base(), functionName: 'json-fn', logGroupName: group, awaited: new Set(['sup-1', 'warm-1', 'cold-1', 'restore-1']), maxWaitMs: 0, pollIntervalMs: 50,
    });
    expect(r.logGroupName).toBe(group);
    expect(r.missing).toBe(0);
    const seen = Object.fromEntries([...r.reports].map(([id, l]) => [id, [l.startType, l.initMs, l.restoreMs]]));
    expect(seen).toEqual({
      'sup-1': ['cold', 10000.5, undefined],
      'warm-1': ['warm', undefined, undefined],
      'cold-1': ['cold', 300.25, undefined],
      'restore-1': ['restore', undefined, 250.75],
    });
    // Without the group, the default /aws/lambda/json-fn has none of them.
    const fallback = await fetchReportLines({ ...base(), functionName: 'json-fn', awaited: new Set(['sup-1']), maxWaitMs: 0, pollIntervalMs: 50 });
    expect(fallback.logGroupName).toBe('/aws/lambda/json-fn');
    expect(fallback.reports.size).toBe(0);
  });

  it('asks CloudWatch for both formats with one term pattern', () => {
    // Each `?` term is an alternative; a JSON pattern ({ $.type = … }) would miss every text line.
    expect(REPORT_FILTER_PATTERN).toBe('?"REPORT RequestId" ?"INIT_REPORT" ?"platform.report" ?"platform.initReport"');
  });
});
