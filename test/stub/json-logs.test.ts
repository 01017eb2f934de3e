// Functions with LoggingConfig.LogFormat JSON on the local service, through
// the real AWS SDK: the Invoke log tail (LogType Tail) and CloudWatch Logs
// (FilterLogEvents, in the function's own log group) hold the platform's JSON
// records, as many as SystemLogLevel keeps, and the runtime's JSON
// application records, as many as ApplicationLogLevel keeps. A Text function
// logs as it always did. Real runtime processes (Node and Python), real logs.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
// https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FilterLogEventsCommand, ResourceNotFoundException, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke, json, startFixtureService, type FixtureService } from './service-helpers';

let fixture: FixtureService;
let client: LambdaClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  fixture = await startFixtureService(['json-node', 'json-python', 'engine-hello', 'engine-init-error', 'py-raise'], { cgroups: false }, (dir) => {
    fs.writeFileSync(path.join(dir, 'engine-init-error', 'function.json'), JSON.stringify({ logging: { format: 'JSON' } }));
    fs.writeFileSync(path.join(dir, 'py-raise', 'function.json'), JSON.stringify({ handler: 'app.handler', runtime: 'python3.11', logging: { format: 'JSON', applicationLogLevel: 'ERROR' } }));
  });
  ({ client, logs } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

type Line = Record<string, unknown>;

/** Every line of a log text, each parsed as JSON (a line that is not JSON fails the test). */
function jsonLines(log: string): Line[] {
  return log.split('\n').filter((l) => l !== '').map((l) => {
    try {
      return JSON.parse(l) as Line;
    } catch {
      throw new Error(`not a JSON line: ${l}`);
    }
  });
}

const platformTypes = (lines: Line[]): unknown[] => lines.filter((l) => typeof l.type === 'string').map((l) => l.type);
const appRecords = (lines: Line[]): Line[] => lines.filter((l) => l.type === undefined);
const messages = (lines: Line[]): unknown[] => appRecords(lines).map((l) => l.message);

describe('a Node.js function with LogFormat JSON (function.json: default levels, its own log group)', () => {
  it('writes JSON platform records and INFO-and-above application records into the log tail, initDurationMs on the cold one', async () => {
    const cold = await invoke(client, { FunctionName: 'json-node', Payload: json({ n: 1 }) });
    expect(cold.functionError).toBeUndefined();
    // The runtime is told the format and level, and the log group, as Lambda tells it.
    expect(cold.payload).toEqual({ ok: true, logFormat: 'JSON', logLevel: 'INFO', logGroup: '/custom/json-node' });
    // The raw stdout line has no level, so it is INFO and kept, as written (the runtime leaves it alone).
    expect(cold.log.split('\n')).toContain('json-node raw stdout');
    const lines = jsonLines(cold.log.split('\n').filter((l) => l !== 'json-node raw stdout').join('\n'));
    // SystemLogLevel INFO: no initRuntimeDone, initReport (on-demand, DEBUG) or runtimeDone (DEBUG); no END in this format.
    expect(platformTypes(lines)).toEqual(['platform.initStart', 'platform.start', 'platform.report']);
    const [initStart, start, report] = lines.filter((l) => l.type !== undefined);
    expect(initStart?.record).toMatchObject({ initializationType: 'on-demand', phase: 'init', functionName: 'json-node', functionVersion: '$LATEST' });
    expect(start?.record).toEqual({ requestId: cold.requestId, version: '$LATEST' });
    const rec = report?.record as { requestId: string; status: string; metrics: Record<string, number> };
    expect(rec.requestId).toBe(cold.requestId);
    expect(rec.status).toBe('success');
    expect(Object.keys(rec.metrics)).toEqual(['durationMs', 'billedDurationMs', 'memorySizeMB', 'maxMemoryUsedMB', 'initDurationMs']);
    expect(rec.metrics.initDurationMs).toBeGreaterThan(0);
    expect(cold.report?.metrics.initDurationMs).toBe(rec.metrics.initDurationMs);
    for (const l of lines.filter((x) => x.type !== undefined)) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // The application's records: INFO and above; trace, debug and the raw DEBUG line are filtered out.
    expect(messages(lines)).toEqual([
      'json-node init',
      'json-node info { n: 1 }',
      { warned: 1 },
      expect.objectContaining({ errorType: 'TypeError', errorMessage: 'json-node bad thing' }),
    ]);
    const app = appRecords(lines);
    expect(app[0]).toEqual({ timestamp: expect.stringMatching(/Z$/), level: 'INFO', message: 'json-node init' });
    expect(app[1]).toMatchObject({ level: 'INFO', requestId: cold.requestId });
    expect(app[2]).toMatchObject({ level: 'WARN', requestId: cold.requestId });
    expect(app[3]).toMatchObject({ level: 'ERROR', requestId: cold.requestId });
    expect((app[3]?.message as { stackTrace: string[] }).stackTrace[0]).toBe('TypeError: json-node bad thing');
    expect(cold.log).not.toContain('json-node raw debug');
    expect(cold.log).not.toContain('json-node debug');
    expect(cold.log).not.toContain('json-node trace');
  }, 30_000);

  it('has no init records and no initDurationMs on the warm invocation', async () => {
    const warm = await invoke(client, { FunctionName: 'json-node', Payload: json({ n: 2 }) });
    const lines = jsonLines(warm.log.split('\n').filter((l) => !l.startsWith('json-node raw')).join('\n'));
    expect(platformTypes(lines)).toEqual(['platform.start', 'platform.report']);
    expect(warm.report?.requestId).toBe(warm.requestId);
    expect(warm.report?.metrics.initDurationMs).toBeUndefined();
  });

  it('puts the records in its own log group, where FilterLogEvents finds them', async () => {
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/custom/json-node', filterPattern: '"platform.report"' }));
    const reports = (found.events ?? []).map((e) => JSON.parse(e.message ?? '') as Line);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.every((r) => r.type === 'platform.report')).toBe(true);
    const app = await logs.send(new FilterLogEventsCommand({ logGroupName: '/custom/json-node', filterPattern: '"json-node info"' }));
    expect((app.events ?? []).map((e) => (JSON.parse(e.message ?? '') as Line).message)).toEqual(['json-node info { n: 1 }', 'json-node info { n: 2 }']);
    // Nothing in the default group.
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/json-node' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('keeps the DEBUG records and TRACE output once the levels are lowered (a configuration change: a new environment)', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'json-node', LoggingConfig: { ApplicationLogLevel: 'TRACE', SystemLogLevel: 'DEBUG' },
    }));
    const cold = await invoke(client, { FunctionName: 'json-node', Payload: json({ n: 3 }) });
    expect(cold.payload.logLevel).toBe('TRACE');
    const lines = jsonLines(cold.log.split('\n').filter((l) => !l.startsWith('json-node raw')).join('\n'));
    expect(platformTypes(lines)).toEqual([
      'platform.initStart', 'platform.initRuntimeDone', 'platform.initReport', 'platform.start', 'platform.runtimeDone', 'platform.report',
    ]);
    const byType = (t: string): Line => lines.find((l) => l.type === t)?.record as Line;
    expect(byType('platform.initReport')).toMatchObject({ initializationType: 'on-demand', phase: 'init', status: 'success' });
    const initMs = (byType('platform.initReport').metrics as { durationMs: number }).durationMs;
    expect((byType('platform.report').metrics as { initDurationMs: number }).initDurationMs).toBe(initMs);
    expect(byType('platform.runtimeDone')).toMatchObject({ requestId: cold.requestId, status: 'success', metrics: { producedBytes: expect.any(Number) } });
    expect(messages(lines)).toEqual(expect.arrayContaining(['json-node trace', 'json-node debug', 'json-node raw debug']));
    expect(appRecords(lines).find((l) => l.message === 'json-node trace')?.level).toBe('TRACE');
  }, 30_000);

  it('writes no platform report at SystemLogLevel WARN when all went well', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'json-node', LoggingConfig: { SystemLogLevel: 'WARN', ApplicationLogLevel: 'ERROR' } }));
    const r = await invoke(client, { FunctionName: 'json-node', Payload: json({ n: 4 }) });
    const lines = jsonLines(r.log);
    expect(platformTypes(lines)).toEqual([]);
    expect(appRecords(lines).map((l) => l.level)).toEqual(['ERROR']);
    expect(r.report).toBeUndefined();
  }, 30_000);
});

describe('a Python function with LogFormat JSON and ApplicationLogLevel WARN', () => {
  it('writes logging records as JSON, drops those below WARN and the prints (INFO), reports initDurationMs on the cold one', async () => {
    const cold = await invoke(client, { FunctionName: 'json-python', Payload: json({ n: 5 }) });
    expect(cold.functionError).toBeUndefined();
    expect(cold.payload).toEqual({ ok: true, logFormat: 'JSON', logLevel: 'WARN' });
    const lines = jsonLines(cold.log);
    expect(platformTypes(lines)).toEqual(['platform.initStart', 'platform.start', 'platform.report']);
    expect((lines.find((l) => l.type === 'platform.report')?.record as { metrics: { initDurationMs?: number } }).metrics.initDurationMs).toBeGreaterThan(0);
    const app = appRecords(lines);
    expect(app.map((l) => l.message)).toEqual(['json-python warning 5', 'json-python caught']);
    expect(app[0]).toEqual({ timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), level: 'WARNING', message: 'json-python warning 5', logger: 'root', requestId: cold.requestId });
    expect(app[1]).toMatchObject({ level: 'ERROR', errorType: 'ValueError', errorMessage: 'json-python boom', requestId: cold.requestId });
    expect((app[1]?.stackTrace as string[]).join('')).toContain('raise ValueError("json-python boom")');
    expect(app[1]?.location).toMatch(/app\.py:handler:\d+$/);
    expect(cold.log).not.toContain('json-python print');
    expect(cold.log).not.toContain('json-python info');

    const warm = await invoke(client, { FunctionName: 'json-python', Payload: json({ n: 6 }) });
    expect(platformTypes(jsonLines(warm.log))).toEqual(['platform.start', 'platform.report']);
    expect(warm.report?.metrics.initDurationMs).toBeUndefined();
  }, 30_000);

  it('keeps prints and extra fields at INFO, and its log group holds the records', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'json-python', LoggingConfig: { ApplicationLogLevel: 'INFO' } }));
    const r = await invoke(client, { FunctionName: 'json-python', Payload: json({ n: 7 }) });
    expect(r.log).toContain('\njson-python print\n');
    expect(r.log).toContain('json-python init print');
    const info = r.log.split('\n').filter((l) => l.includes('"json-python info"')).map((l) => JSON.parse(l) as Line);
    expect(info).toEqual([{ timestamp: expect.any(String), level: 'INFO', message: 'json-python info', logger: 'root', requestId: r.requestId, orderId: 7 }]);
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/custom/json-python', filterPattern: '"platform.start"' }));
    expect((found.events ?? []).map((e) => (JSON.parse(e.message ?? '') as { record: { requestId: string } }).record.requestId)).toContain(r.requestId);
  }, 30_000);
});

describe('a JSON-format Python function whose handler raises', () => {
  it('writes the runtime\'s error record as JSON, kept at ERROR, and a runtimeDone with status error (WARN, so kept at INFO)', async () => {
    const r = await invoke(client, { FunctionName: 'py-raise', Payload: json({ order: 42 }) });
    expect(r.functionError).toBe('Unhandled');
    const lines = jsonLines(r.log);
    expect(platformTypes(lines)).toEqual(['platform.initStart', 'platform.start', 'platform.runtimeDone', 'platform.report']);
    // The platform's name for a function's own error type is Runtime.Unknown (the Runtime API keeps only
    // Runtime.*/Function.* names: aws-lambda-runtime-interface-emulator, rapi/handler/invocationerror.go, fatalerror.go).
    expect(lines.find((l) => l.type === 'platform.runtimeDone')?.record).toMatchObject({ requestId: r.requestId, status: 'error', errorType: 'Runtime.Unknown' });
    const [error] = appRecords(lines);
    expect(error).toMatchObject({ log_level: 'ERROR', errorType: 'OrderNotFound', errorMessage: 'no order 42', requestId: r.requestId });
    expect(error?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((error?.stackTrace as string[]).join('')).toContain('raise OrderNotFound');
  }, 30_000);
});

describe('a JSON-format function whose init fails', () => {
  it('shows the failed init and its re-run in the invoke phase at INFO (each initRuntimeDone and initReport WARN), then start and an error report', async () => {
    const r = await invoke(client, { FunctionName: 'engine-init-error', Payload: json({}) });
    expect(r.functionError).toBe('Unhandled');
    const lines = jsonLines(r.log);
    // The Init phase fails, Lambda re-runs the init inside the invocation (a suppressed init), which fails again.
    expect(platformTypes(lines)).toEqual([
      'platform.initStart', 'platform.initRuntimeDone', 'platform.initReport',
      'platform.initRuntimeDone', 'platform.initReport', 'platform.start', 'platform.report',
    ]);
    const records = (t: string): Line[] => lines.filter((l) => l.type === t).map((l) => l.record as Line);
    // A function's own error name is reported by the platform as Runtime.Unknown (src/stub/engine/init-phase.ts gives the sources).
    expect(records('platform.initRuntimeDone')).toEqual([
      { initializationType: 'on-demand', phase: 'init', status: 'error', errorType: 'Runtime.Unknown' },
      { initializationType: 'on-demand', phase: 'invoke', status: 'error', errorType: 'Runtime.Unknown' },
    ]);
    expect(records('platform.initReport').map((x) => [x.phase, x.status])).toEqual([['init', 'error'], ['invoke', 'error']]);
    expect(records('platform.report')[0]).toMatchObject({ requestId: r.requestId, status: 'error' });
    expect((records('platform.report')[0]!.metrics as Line).initDurationMs).toBeUndefined();
    // The runtime's own account of it, once per init, as AWS's Node client writes it in JSON: the error is the message.
    const account = ['before the failure', expect.objectContaining({ errorType: 'Error', errorMessage: 'init failed on purpose' })];
    expect(appRecords(lines).map((l) => l.message)).toEqual([...account, ...account]);
  }, 30_000);
});

describe('a function with the Text format', () => {
  it('logs as before: text platform lines, tab-separated console lines, no log-format variables', async () => {
    const r = await invoke(client, { FunctionName: 'engine-hello', Payload: json({ name: 'text' }) });
    const lines = r.log.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^INIT_START Runtime Version: nodejs20\.x\.local\tRuntime Version ARN: /);
    expect(lines).toContain(`START RequestId: ${r.requestId} Version: $LATEST`);
    expect(lines).toContain(`END RequestId: ${r.requestId}`);
    expect(lines.at(-1)).toMatch(new RegExp(`^REPORT RequestId: ${r.requestId}\\tDuration: [0-9.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [0-9.]+ ms\\t$`));
    expect(lines.find((l) => l.endsWith('\tINFO\thello from text'))).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\t${r.requestId}\\tINFO\\thello from text$`));
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/engine-hello', filterPattern: '"REPORT RequestId"' }));
    expect(found.events?.length).toBe(1);
  }, 30_000);
});
