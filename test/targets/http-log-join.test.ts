// The log join's waiting: REPORT lines that arrive after the load are picked
// up by a later poll, a line that never comes ends the wait at its bound, and
// pages are followed. The logs are served by the real service's API server
// over a log store this test writes to, read with the real logs SDK.

import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { billedDurationMs } from '../../src/lambda/billing';
import { writeText } from '../../src/lambda/log';
import { createApiServer } from '../../src/stub/api/server';
import { LogStore } from '../../src/stub/engine/log-store';
import type { Engine } from '../../src/stub/engine/types';
import { FunctionStore } from '../../src/stub/store/store';
import { fetchReportLines, logGroupOf } from '../../src/targets/log-join';

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
});
