// The aws target reading what real Lambda returns, where the local service
// does not print it yet: a raw HTTP server answers Invoke as Lambda does
// (X-Amz-Log-Result: the base64 of the invocation's last 4 KB of log;
// X-Amz-Function-Error; x-amzn-RequestId), the unmodified SDK talks to it
// through an endpoint override, and each attempt becomes the row written to
// invocations.csv, checked cell by cell. Response shape:
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html

import * as fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonRecord, type TextRecord, writeJson, writeText } from '../../src/lambda/log';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import { loadPlan } from '../../src/plan/load';
import type { Plan } from '../../src/plan/types';
import { fillInvocationCells } from '../../src/report/invocation-cells';
import { buildRow } from '../../src/run/row';
import { AwsTarget, outcome } from '../../src/targets/aws';
import { parseReportLine } from '../../src/measure/report-line';
import { Journal } from '../../src/targets/journal';
import { tempDir, writeScenario } from '../run/helpers';

interface Reply {
  readonly requestId: string;
  readonly log: string;
  readonly payload?: string;
  readonly functionError?: string;
}

const TAIL_BYTES = 4096;
const replies: Reply[] = [];
let server: http.Server;
let endpoint: string;
let dir: string;
let plan: Plan;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = replies.shift();
      if (reply === undefined || req.method !== 'POST' || !/^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(req.url ?? '')) {
        res.writeHead(500).end();
        return;
      }
      // Lambda returns the last 4 KB of the log, cut wherever that falls.
      const bytes = Buffer.from(reply.log, 'utf8');
      const tail = bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES));
      const body = Buffer.from(reply.payload ?? '{"ok":true}');
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'x-amzn-RequestId': reply.requestId,
        'X-Amz-Executed-Version': '$LATEST',
        'X-Amz-Log-Result': tail.toString('base64'),
        ...(reply.functionError !== undefined ? { 'X-Amz-Function-Error': reply.functionError } : {}),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = tempDir();
  plan = await loadPlan(writeScenario(dir, {
    name: 'tail', target: { kind: 'aws', function: 'fn', region: 'us-east-1', endpoint }, architecture: 'arm64',
    phases: [{ name: 'p', pattern: 'sequential', count: 1 }],
  }));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One Invoke through the SDK and the target, as the row's CSV cells by column name. */
async function invokeRow(reply: Reply): Promise<Record<string, string>> {
  replies.push(reply);
  const target = new AwsTarget({ function: 'fn', region: 'us-east-1', endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, journal: Journal.inMemory() });
  try {
    const attempt = await target.invoke(Buffer.from('{}'), performance.now());
    const row = buildRow({ runId: 'run', plan, phase: 'p', functionName: 'fn', qualifier: '$LATEST' }, 1, new Date(0), 128, attempt);
    const cells: string[] = [];
    fillInvocationCells(row, cells);
    return Object.fromEntries(INVOCATION_COLUMNS.map((c, i) => [c, cells[i] ?? '']));
  } finally {
    await target.close();
  }
}

const T = '2026-01-02T03:04:05.000Z';
const json = (r: JsonRecord): string => writeJson(r, T);
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
/** What the Node.js runtime client writes for console.log with JSON logs. */
const appLine = (id: string, message: string): string => JSON.stringify({ timestamp: T, level: 'INFO', requestId: id, message });
const padding = (id: string): string[] => Array.from({ length: 40 }, (_, i) => appLine(id, `working ${i} ${'.'.repeat(60)}`));

describe('aws target: the log tail of real Lambda', () => {
  it('JSON format, cold: platform.report with initDurationMs after a tail cut mid-record', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const log = lines(
      json({ kind: 'initStart', initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs:20.v40', functionName: 'fn', functionVersion: '$LATEST' }),
      json({ kind: 'initReport', durationMs: 245.871, initializationType: 'on-demand', phase: 'init', status: 'success' }),
      json({ kind: 'start', requestId: id, version: '$LATEST' }),
      ...padding(id),
      json({ kind: 'runtimeDone', requestId: id, status: 'success' }),
      json({ kind: 'report', requestId: id, status: 'success', metrics: { durationMs: 12.345, billedDurationMs: 259, memorySizeMB: 128, maxMemoryUsedMB: 71, initDurationMs: 245.871 } }),
    );
    expect(Buffer.byteLength(log)).toBeGreaterThan(TAIL_BYTES);
    const row = await invokeRow({ requestId: id, log });
    expect([row.status, row.start_type, row.cold, row.init_ms, row.restore_ms]).toEqual(['ok', 'cold', 'true', '245.871', '']);
    expect([row.duration_ms, row.billed_ms, row.memory_mb, row.max_memory_mb, row.request_id]).toEqual(['12.345', '259', '128', '71', id]);
    expect(Number(row.cost_usd)).toBeGreaterThan(0);
  });

  it('JSON format, warm and restore', async () => {
    const warmId = '22222222-2222-4222-8222-222222222222';
    const warm = await invokeRow({
      requestId: warmId,
      log: lines(json({ kind: 'start', requestId: warmId }), appLine(warmId, 'hi'), json({
        kind: 'report', requestId: warmId, status: 'success', metrics: { durationMs: 1.5, billedDurationMs: 2, memorySizeMB: 128, maxMemoryUsedMB: 70 },
      })),
    });
    expect([warm.start_type, warm.cold, warm.init_ms, warm.restore_ms, warm.billed_ms]).toEqual(['warm', 'false', '', '', '2']);

    const restoreId = '33333333-3333-4333-8333-333333333333';
    const restore = await invokeRow({
      requestId: restoreId,
      log: lines(
        json({ kind: 'restoreStart', runtimeVersion: 'python:3.12.v40', functionName: 'fn', functionVersion: '3' }),
        json({ kind: 'restoreRuntimeDone', status: 'success' }),
        json({ kind: 'restoreReport', durationMs: 412.25, status: 'success' }),
        json({ kind: 'start', requestId: restoreId, version: '3' }),
        json({
          kind: 'report', requestId: restoreId, status: 'success',
          metrics: { durationMs: 20.5, billedDurationMs: 21, memorySizeMB: 1024, maxMemoryUsedMB: 150, restoreDurationMs: 412.25, billedRestoreDurationMs: 413 },
        }),
      ),
    });
    expect([restore.start_type, restore.cold, restore.init_ms, restore.restore_ms, restore.billed_ms, restore.memory_mb]).toEqual(['restore', 'true', '', '412.25', '21', '1024']);
  });

  it('a suppressed init (text): INIT_REPORT of a timed-out init, a REPORT without Init Duration; an empty error payload takes the REPORT\'s Status and Error Type', async () => {
    const id = '44444444-4444-4444-8444-444444444444';
    const log = lines(
      'INIT_START Runtime Version: python:3.13.v14\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc',
      writeText({ kind: 'initReport', durationMs: 10000.02, phase: 'init', status: 'timeout' } satisfies TextRecord),
      `START RequestId: ${id} Version: $LATEST`,
      `RequestId: ${id} Error: Runtime exited without providing a reason`,
      'Runtime.ExitError',
      `END RequestId: ${id}`,
      writeText({
        kind: 'report', requestId: id, status: 'error', errorType: 'Runtime.ExitError',
        metrics: { durationMs: 1833.12, billedDurationMs: 1834, memorySizeMB: 128, maxMemoryUsedMB: 88 },
      }),
    );
    const row = await invokeRow({ requestId: id, log, payload: '', functionError: 'Unhandled' });
    expect([row.start_type, row.cold, row.init_ms, row.duration_ms, row.billed_ms]).toEqual(['cold', 'true', '10000.02', '1833.12', '1834']);
    expect([row.status, row.error_type]).toEqual(['function_error', 'Runtime.ExitError']);
  });

  it('a timeout with an empty payload is a timeout, from the report (JSON)', async () => {
    const id = '55555555-5555-4555-8555-555555555555';
    const row = await invokeRow({
      requestId: id, payload: '', functionError: 'Unhandled',
      log: lines(json({ kind: 'start', requestId: id }), json({
        kind: 'report', requestId: id, status: 'timeout', metrics: { durationMs: 3000.4, billedDurationMs: 3001, memorySizeMB: 128, maxMemoryUsedMB: 64 },
      })),
    });
    expect([row.status, row.error_type, row.start_type]).toEqual(['timeout', 'Sandbox.Timedout', 'warm']);
  });

  it('the payload says more than the report where it has an errorType', async () => {
    const id = '66666666-6666-4666-8666-666666666666';
    const row = await invokeRow({
      requestId: id, functionError: 'Unhandled', payload: '{"errorType":"TypeError","errorMessage":"x is not a function"}',
      log: lines(writeText({
        kind: 'report', requestId: id, status: 'error', errorType: 'Runtime.UserCodeError' as string,
        metrics: { durationMs: 3, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 60 },
      })),
    });
    expect([row.status, row.error_type, row.start_type]).toEqual(['function_error', 'TypeError', 'warm']);
  });

  it('no report in the tail: start type unknown, cold empty', async () => {
    const id = '77777777-7777-4777-8777-777777777777';
    const row = await invokeRow({ requestId: id, log: lines(appLine(id, 'no platform records here')) });
    expect([row.status, row.start_type, row.cold, row.init_ms, row.billed_ms]).toEqual(['ok', 'unknown', '', '', '']);
  });
});

describe('outcome: payload, then report, then header', () => {
  const report = (status: string): ReturnType<typeof parseReportLine> =>
    parseReportLine(`REPORT RequestId: r\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t${status}`);
  const body = (o: object): Uint8Array => Buffer.from(JSON.stringify(o));
  it.each([
    ['no error anywhere', undefined, undefined, report(''), { status: 'ok', errorType: undefined }],
    ['payload errorType wins', 'Unhandled', body({ errorType: 'ValueError', errorMessage: 'bad' }), report('Status: error\tError Type: Runtime.UserCodeError'), { status: 'function_error', errorType: 'ValueError', errorMessage: 'bad' }],
    ['empty payload: the report says', 'Unhandled', Buffer.alloc(0), report('Status: error\tError Type: Runtime.ExitError'), { status: 'function_error', errorType: 'Runtime.ExitError' }],
    ['timeout from the report', 'Unhandled', Buffer.alloc(0), report('Status: timeout'), { status: 'timeout', errorType: 'Sandbox.Timedout' }],
    ['timeout from the message', 'Unhandled', body({ errorMessage: '2026-01-01T00:00:00.000Z r Task timed out after 3.00 seconds' }), undefined, { status: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: '2026-01-01T00:00:00.000Z r Task timed out after 3.00 seconds' }],
    ['a report that failed where no header says so', undefined, body({ ok: true }), report('Status: error\tError Type: Runtime.ExitError'), { status: 'function_error', errorType: 'Runtime.ExitError' }],
    ['only the header', 'Handled', Buffer.from('not json'), undefined, { status: 'function_error', errorType: 'Handled' }],
  ] as const)('%s', (_name, header, payload, rep, want) => {
    expect(outcome(header, payload, rep)).toEqual(want);
  });
});
