// Failed and slow inits through the real AWS SDK (Invoke with LogType Tail),
// Node.js and Python: what a caller and the harness see of them. The lines are
// those Lambda prints (src/stub/engine/init-phase.ts has the sources;
// test/stub/engine/engine-init-failures.test.ts quotes real ones):
//   INIT_REPORT Init Duration: … ms	Phase: init	Status: error|timeout	[Error Type: …]
//   (the init re-run inside the invocation; on failure)
//   INIT_REPORT Init Duration: … ms	Phase: invoke	Status: error	Error Type: …
//   START … END … REPORT (no Init Duration; Duration holds the re-run; Billed Duration = ceil(Duration))

import { billedFromPrinted } from './billed';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLine } from '../../src/lambda/log';
import { LocalLambda } from '../../src/stub';
import { FIXTURES, clientFor, invoke, json, type Invoked } from './service-helpers';

/** The Init phase's limit in this service: LocalLambdaOptions.initLimitMs, for tests only (Lambda's is 10 s). */
const LIMIT_MS = 2000;

let tmp: string;
let service: LocalLambda;
let client: LambdaClient;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'service-init-'));
  const code = (name: string): string => path.join(FIXTURES, name);
  service = new LocalLambda({
    cgroups: false,
    initLimitMs: LIMIT_MS,
    functions: [
      { name: 'node-init-once', codeDir: code('engine-init-once'), environment: { MARKER: path.join(tmp, 'node-once'), INIT_SLEEP_MS: '300' } },
      { name: 'node-init-always', codeDir: code('engine-init-error') },
      { name: 'node-init-slow', codeDir: code('engine-init-once'), environment: { MARKER: path.join(tmp, 'node-slow'), MODE: 'sleep', FAIL_SLEEP_MS: '60000' } },
      { name: 'py-init-once', codeDir: code('py-init-once'), environment: { MARKER: path.join(tmp, 'py-once') } },
      { name: 'py-init-always', codeDir: code('py-init-raise') },
      { name: 'py-import-error', codeDir: code('py-import-error') },
      { name: 'misbehave', codeDir: code('engine-misbehave'), timeoutSec: 1 },
    ],
  });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The platform lines of the tail, as kind (INIT_REPORT with its phase and status). */
function shape(r: Invoked): string[] {
  return r.log.split('\n').flatMap((line) => {
    const rec = readLine(line, 'text');
    if (rec === undefined) return [];
    return [rec.kind === 'initReport' ? `initReport:${rec.phase}:${rec.status}` : rec.kind];
  });
}

function initReportLines(r: Invoked): string[] {
  return r.log.split('\n').filter((l) => l.startsWith('INIT_REPORT '));
}

function billedIsCeilOfDuration(r: Invoked): void {
  expect(r.report?.metrics.initDurationMs).toBeUndefined();
  expect(billedFromPrinted(r.report?.metrics.durationMs ?? NaN)).toContain(r.report?.metrics.billedDurationMs);
}

describe('a Node.js init that fails once, through the SDK', () => {
  it('answers 200 with the result, the tail showing the failed init and a REPORT without Init Duration; the next invocation is warm', async () => {
    const first = await invoke(client, { FunctionName: 'node-init-once', Payload: json({}) });
    expect(first.status).toBe(200);
    expect(first.functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:error', 'start', 'end', 'report']);
    expect(initReportLines(first)).toEqual([expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/)]);
    expect(first.log).toContain(`START RequestId: ${first.requestId} Version: $LATEST\n`);
    billedIsCeilOfDuration(first);
    // The re-run init (300 ms of sleep) is inside Duration.
    expect(first.report?.metrics.durationMs).toBeGreaterThanOrEqual(300);
    expect(first.report?.status).toBe('success');

    const next = await invoke(client, { FunctionName: 'node-init-once', Payload: json({}) });
    expect(next.payload.pid).toBe(first.payload.pid);
    expect(shape(next)).toEqual(['start', 'end', 'report']);
    expect(next.report?.metrics.durationMs).toBeLessThan(300);
    billedIsCeilOfDuration(next);
  });

  it('re-runs an init past its limit (INIT_REPORT Status: timeout, no Error Type) inside the invocation', async () => {
    const first = await invoke(client, { FunctionName: 'node-init-slow', Payload: json({}) });
    expect(first.functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:timeout', 'start', 'end', 'report']);
    expect(initReportLines(first)).toEqual([expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$/)]);
    const initMs = Number(/Init Duration: ([\d.]+) ms/.exec(initReportLines(first)[0])?.[1]);
    expect(initMs).toBeGreaterThanOrEqual(LIMIT_MS - 1);
    expect(initMs).toBeLessThan(LIMIT_MS + 1500);
    billedIsCeilOfDuration(first);
    const next = await invoke(client, { FunctionName: 'node-init-slow', Payload: json({}) });
    expect(next.payload.pid).toBe(first.payload.pid);
    expect(shape(next)).toEqual(['start', 'end', 'report']);
  });
});

describe('a Node.js init that always fails, through the SDK', () => {
  it('answers Unhandled with the runtime\'s error document after INIT_REPORT Phase: init and Phase: invoke, and the next invocation re-runs the init', async () => {
    const failed = await invoke(client, { FunctionName: 'node-init-always', Payload: json({}) });
    expect(failed.status).toBe(200);
    expect(failed.functionError).toBe('Unhandled');
    expect(failed.payload).toMatchObject({ errorType: 'Error', errorMessage: 'init failed on purpose' });
    expect(shape(failed)).toEqual(['initStart', 'initReport:init:error', 'initReport:invoke:error', 'start', 'end', 'report']);
    expect(initReportLines(failed)).toEqual([
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/),
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.Unknown$/),
    ]);
    expect(failed.report).toMatchObject({ status: 'error', errorType: 'Runtime.Unknown' });
    billedIsCeilOfDuration(failed);
    const rerunMs = Number(/Init Duration: ([\d.]+) ms/.exec(initReportLines(failed)[1])?.[1]);
    expect(failed.report?.metrics.durationMs).toBeGreaterThanOrEqual(rerunMs);

    const again = await invoke(client, { FunctionName: 'node-init-always', Payload: json({}) });
    expect(again.functionError).toBe('Unhandled');
    expect(shape(again)).toEqual(['initReport:invoke:error', 'start', 'end', 'report']);
  });
});

describe('Python inits, through the SDK', () => {
  it('re-runs an init that raised once and serves the invocation and the next', async () => {
    const first = await invoke(client, { FunctionName: 'py-init-once', Payload: json({}) });
    expect(first.functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:error', 'start', 'end', 'report']);
    expect(initReportLines(first)).toEqual([expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/)]);
    expect(first.log.match(/init attempt pid=\d+ ready=(True|False)/g)).toEqual([expect.stringContaining('ready=False'), expect.stringContaining('ready=True')]);
    billedIsCeilOfDuration(first);
    const next = await invoke(client, { FunctionName: 'py-init-once', Payload: json({}) });
    expect(next.payload.pid).toBe(first.payload.pid);
    expect(shape(next)).toEqual(['start', 'end', 'report']);
  });

  it('fails an init that always raises with its own document; a Runtime.* name stays in INIT_REPORT and REPORT', async () => {
    const raised = await invoke(client, { FunctionName: 'py-init-always', Payload: json({}) });
    expect(raised.functionError).toBe('Unhandled');
    expect(raised.payload).toMatchObject({ errorType: 'KeyError', errorMessage: "'TABLE_NAME'" });
    expect(shape(raised)).toEqual(['initStart', 'initReport:init:error', 'initReport:invoke:error', 'start', 'end', 'report']);
    expect(raised.report).toMatchObject({ status: 'error', errorType: 'Runtime.Unknown' });
    billedIsCeilOfDuration(raised);

    const imported = await invoke(client, { FunctionName: 'py-import-error', Payload: json({}) });
    expect(imported.payload.errorType).toBe('Runtime.ImportModuleError');
    expect(initReportLines(imported)).toEqual([
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ImportModuleError$/),
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.ImportModuleError$/),
    ]);
    expect(imported.report).toMatchObject({ status: 'error', errorType: 'Runtime.ImportModuleError' });
  });
});

describe('REPORT outcome of a timed-out and a crashed invocation, through the SDK', () => {
  it('prints Status: timeout alone, and Status: error with Error Type: Runtime.ExitError, as Lambda does', async () => {
    // AWS Lambda Developer Guide, lambda-runtime-environment.html: "… Max Memory Used: 31 MB Init Duration: 84.00 ms Status: timeout"
    // and "… Init Duration: 80.00 ms Status: error Error Type: Runtime.ExitError".
    const timedOut = await invoke(client, { FunctionName: 'misbehave', Payload: json({ mode: 'sleep', ms: 5000 }) });
    expect(timedOut.functionError).toBe('Unhandled');
    expect(timedOut.payload.errorType).toBe('Sandbox.Timedout');
    expect(timedOut.log.trimEnd().split('\n').at(-1)).toMatch(
      /^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\tStatus: timeout$/,
    );
    expect(timedOut.report).toMatchObject({ status: 'timeout' });
    expect(timedOut.report?.errorType).toBeUndefined();

    await invoke(client, { FunctionName: 'misbehave', Payload: json({}) });
    const crashed = await invoke(client, { FunctionName: 'misbehave', Payload: json({ mode: 'exit' }) });
    expect(crashed.payload.errorType).toBe('Runtime.ExitError');
    expect(crashed.log.trimEnd().split('\n').at(-1)).toMatch(
      /^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tStatus: error\tError Type: Runtime\.ExitError$/,
    );
    expect(crashed.report).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
  });
});
