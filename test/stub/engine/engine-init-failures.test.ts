// Failed and slow inits as Lambda handles them (src/stub/engine/init-phase.ts
// has the sources): INIT_REPORT with Phase, Status and Error Type, the init
// re-run inside the invocation (no Init Duration; its time inside Duration and
// Billed Duration), a failed re-run's own INIT_REPORT (Phase: invoke), and the
// environment kept for the next invocation.
//
// Real lines these are checked against (CloudWatch Logs, text format, as quoted in public bug
// reports; a Node.js function with a syntax error, Feb 2025: the invocation's log tail):
//   INIT_REPORT Init Duration: 150.79 ms	Phase: init	Status: error	Error Type: Runtime.UserCodeSyntaxError
//   INIT_REPORT Init Duration: 1329.49 ms	Phase: invoke	Status: error	Error Type: Runtime.UserCodeSyntaxError
//   START RequestId: f8400400-… Version: $LATEST
//   END RequestId: f8400400-…
//   REPORT RequestId: f8400400-…	Duration: 1338.34 ms	Billed Duration: 1339 ms	Memory Size: 128 MB	Max Memory Used: 71 MB	Status: error	Error Type: Runtime.UserCodeSyntaxError
// and, in Feb 2026 (init billed since Aug 2025), a ReferenceError at import:
// `INIT_REPORT Init Duration: 998.15 ms	Phase: invoke	Status: error	Error Type: Runtime.Unknown`
// followed by `REPORT … Duration: 1012.45 ms	Billed Duration: 1013 ms … Status: error	Error Type: Runtime.Unknown`:
// the failed init's time is in no REPORT, the re-run's is inside Duration. A provided.al2023
// function without bootstrap (Feb 2024): INIT_START, `INIT_REPORT Init Duration: 0.21 ms	Phase: init
// Status: error	Error Type: Runtime.InvalidEntrypoint`, the same with `Phase: invoke`, START,
// `RequestId: … Error: Couldn't find valid bootstrap(s): […]`, `Runtime.InvalidEntrypoint`, END,
// REPORT: one INIT_START only. LocalStack's Lambda runtime (github.com/localstack/lambda-runtime-init,
// cmd/localstack/events.go), checked against AWS, prints the same shapes.

import { billedFromPrinted } from '../billed';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLine, type PlatformRecord, type ReportRecord } from '../../../src/lambda/log';
import { createEngine } from '../../../src/stub/engine/engine';
import type { InvokeOutcome } from '../../../src/stub/engine/types';
import { asResponse, request, snapshot } from './helpers';

/** The Init phase's limit here (EngineOptions.initLimitMs, tests only): short of 10 s, long enough for a loaded machine to start Node.js. */
const LIMIT_MS = 2000;
const engine = createEngine({ initLimitMs: LIMIT_MS, cgroups: false });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'init-failures-'));
afterAll(async () => {
  await engine.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let markers = 0;
const marker = (): string => path.join(tmp, `marker-${++markers}`);
const once = (environment: Record<string, string>, over = {}) => snapshot('engine-init-once', { environment, ...over });

/** The invocation's log lines, each with its platform record when it is one. */
function lines(outcome: InvokeOutcome): { text: string; record: PlatformRecord | undefined }[] {
  return asResponse(outcome).log.split('\n').filter((l) => l !== '').map((text) => ({ text, record: readLine(text, 'text') }));
}

/** The platform lines, as kind (and phase for INIT_REPORT): the sequence Lambda prints. */
function shape(outcome: InvokeOutcome): string[] {
  return lines(outcome).flatMap(({ record }) => {
    if (record === undefined) return [];
    return [record.kind === 'initReport' ? `initReport:${record.phase}:${record.status}` : record.kind];
  });
}

function initReports(outcome: InvokeOutcome): Extract<PlatformRecord, { kind: 'initReport' }>[] {
  return lines(outcome).flatMap(({ record }) => (record?.kind === 'initReport' ? [record] : []));
}

function report(outcome: InvokeOutcome): ReportRecord {
  const found = lines(outcome).find(({ record }) => record?.kind === 'report');
  if (found?.record?.kind !== 'report') throw new Error(`no REPORT in ${asResponse(outcome).log}`);
  return found.record;
}

const payload = (outcome: InvokeOutcome): Record<string, unknown> => JSON.parse(asResponse(outcome).payload.toString('utf8')) as Record<string, unknown>;

describe('engine: an init that fails once', () => {
  it('reports the failed init, re-runs it inside the invocation, and serves that invocation and the next', async () => {
    const fn = once({ MARKER: marker(), INIT_SLEEP_MS: '300' });
    const req = request(fn);
    const first = await engine.invoke(req);
    expect(asResponse(first).functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:error', 'start', 'end', 'report']);
    const text = lines(first).map((l) => l.text);
    // The exact INIT_REPORT Lambda prints; a function's own error name (Error) is Runtime.Unknown there.
    const initReport = text.find((l) => l.startsWith('INIT_REPORT '));
    expect(initReport).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/);
    // Both inits printed, the failed one before its INIT_REPORT, the re-run before START.
    const attempts = text.flatMap((l, i) => (l.includes('init attempt') ? [i] : []));
    expect(attempts).toHaveLength(2);
    const reportAt = text.indexOf(initReport as string);
    const startAt = text.findIndex((l) => l.startsWith('START '));
    expect(attempts[0]).toBeLessThan(reportAt);
    expect(attempts[1]).toBeGreaterThan(reportAt);
    expect(attempts[1]).toBeLessThan(startAt);
    expect(text[startAt]).toBe(`START RequestId: ${req.requestId} Version: $LATEST`);
    // The REPORT: no Init Duration; Duration holds the re-run init (300 ms of sleep); billed to the ms, nothing more.
    const r = report(first);
    expect(text.at(-1)).toMatch(/^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\t$/);
    expect(r.metrics.initDurationMs).toBeUndefined();
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(300);
    expect(billedFromPrinted(r.metrics.durationMs)).toContain(r.metrics.billedDurationMs);
    expect(initReports(first)[0].durationMs).toBeGreaterThanOrEqual(300);
    const served = payload(first).pid;

    // The re-run's runtime stays: the next invocation is warm in it.
    const second = await engine.invoke(request(fn));
    expect(shape(second)).toEqual(['start', 'end', 'report']);
    expect(payload(second).pid).toBe(served);
    expect(report(second).metrics.initDurationMs).toBeUndefined();
    expect(report(second).metrics.durationMs).toBeLessThan(300);
  });

  it('reports an init that exits without a word as Runtime.ExitError, and re-runs it', async () => {
    const fn = once({ MARKER: marker(), MODE: 'exit' });
    const first = await engine.invoke(request(fn));
    expect(asResponse(first).functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:error', 'start', 'end', 'report']);
    expect(initReports(first)[0].errorType).toBe('Runtime.ExitError');
    expect(report(first).status).toBe('success');
  });

  it('reports an init past its limit as Status: timeout (no Error Type) and re-runs it within the function timeout', async () => {
    const fn = once({ MARKER: marker(), MODE: 'sleep', FAIL_SLEEP_MS: '60000', INIT_SLEEP_MS: '100' });
    const first = await engine.invoke(request(fn));
    expect(asResponse(first).functionError).toBeUndefined();
    expect(shape(first)).toEqual(['initStart', 'initReport:init:timeout', 'start', 'end', 'report']);
    const line = lines(first).find((l) => l.record?.kind === 'initReport')?.text;
    expect(line).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$/);
    const init = initReports(first)[0];
    // A timer may fire a fraction of a millisecond early against performance.now().
    expect(init.durationMs).toBeGreaterThanOrEqual(LIMIT_MS - 1);
    expect(init.durationMs).toBeLessThan(LIMIT_MS + 1000);
    const r = report(first);
    expect(r.metrics.initDurationMs).toBeUndefined();
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(100);
    expect(billedFromPrinted(r.metrics.durationMs)).toContain(r.metrics.billedDurationMs);
    const next = await engine.invoke(request(fn));
    expect(shape(next)).toEqual(['start', 'end', 'report']);
  });
});

describe('engine: an init that always fails', () => {
  it('fails the invocation with the re-run\'s error after both INIT_REPORTs, and re-runs the init for the next one', async () => {
    const fn = snapshot('engine-init-error');
    const req = request(fn);
    const failed = await engine.invoke(req);
    expect(asResponse(failed).functionError).toBe('Unhandled');
    // The caller gets the runtime's own document, as Lambda returns it.
    expect(payload(failed)).toMatchObject({ errorType: 'Error', errorMessage: 'init failed on purpose' });
    expect(shape(failed)).toEqual(['initStart', 'initReport:init:error', 'initReport:invoke:error', 'start', 'end', 'report']);
    const text = lines(failed).map((l) => l.text);
    expect(text.filter((l) => l.endsWith('\tbefore the failure'))).toHaveLength(2);
    expect(text.filter((l) => l.startsWith('INIT_REPORT '))).toEqual([
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown$/),
      expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.Unknown$/),
    ]);
    // Nothing between START and END: Lambda prints no platform lines there for a posted init error.
    const startAt = text.indexOf(`START RequestId: ${req.requestId} Version: $LATEST`);
    expect(text[startAt + 1]).toBe(`END RequestId: ${req.requestId}`);
    expect(text.at(-1)).toMatch(/\tMax Memory Used: \d+ MB\tStatus: error\tError Type: Runtime\.Unknown$/);
    const r = report(failed);
    expect(r).toMatchObject({ status: 'error', errorType: 'Runtime.Unknown' });
    expect(r.metrics.initDurationMs).toBeUndefined();
    // Duration holds the re-run init (Phase: invoke), not the failed Init phase.
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(initReports(failed)[1].durationMs);
    expect(billedFromPrinted(r.metrics.durationMs)).toContain(r.metrics.billedDurationMs);

    // The environment stays: the next invocation re-runs the init at once (no INIT_START, Phase: invoke).
    const again = await engine.invoke(request(fn));
    expect(asResponse(again).functionError).toBe('Unhandled');
    expect(shape(again)).toEqual(['initReport:invoke:error', 'start', 'end', 'report']);
    expect(report(again)).toMatchObject({ status: 'error', errorType: 'Runtime.Unknown' });
  });

  it('keeps a Runtime.* error name, and reports a re-run that exits as Runtime.ExitError with Lambda\'s lines', async () => {
    const missing = await engine.invoke(request(snapshot('engine-hello', { handler: 'nope.handler' })));
    expect(payload(missing).errorType).toBe('Runtime.ImportModuleError');
    expect(initReports(missing).map((r) => [r.phase, r.errorType])).toEqual([['init', 'Runtime.ImportModuleError'], ['invoke', 'Runtime.ImportModuleError']]);
    expect(report(missing)).toMatchObject({ status: 'error', errorType: 'Runtime.ImportModuleError' });

    const fn = once({ MODE: 'exit' });
    const req = request(fn);
    const exited = await engine.invoke(req);
    expect(payload(exited)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3` });
    expect(shape(exited)).toEqual(['initStart', 'initReport:init:error', 'initReport:invoke:error', 'start', 'end', 'report']);
    const text = lines(exited).map((l) => l.text);
    const startAt = text.indexOf(`START RequestId: ${req.requestId} Version: $LATEST`);
    // As Lambda prints a runtime that could not start: the message and the error type between START and END.
    expect(text.slice(startAt + 1, startAt + 4)).toEqual([
      `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3`, 'Runtime.ExitError', `END RequestId: ${req.requestId}`,
    ]);
    expect(report(exited)).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
  });

  it('reports a runtime that cannot be launched as Runtime.InvalidEntrypoint in both phases', async () => {
    const req = request(snapshot('engine-hello', { runtime: 'provided.al2' }));
    const failed = await engine.invoke(req);
    expect(payload(failed).errorType).toBe('Runtime.InvalidEntrypoint');
    expect(shape(failed)).toEqual(['initStart', 'initReport:init:error', 'initReport:invoke:error', 'start', 'end', 'report']);
    expect(initReports(failed).map((r) => r.errorType)).toEqual(['Runtime.InvalidEntrypoint', 'Runtime.InvalidEntrypoint']);
    expect(lines(failed).map((l) => l.text)).toContain('Runtime.InvalidEntrypoint');
  });

  it('times out a re-run past the function timeout: Phase: invoke Status: timeout, Sandbox.Timedout, and the next invocation is served the same way', async () => {
    const fn = once({ MODE: 'sleep', FAIL_SLEEP_MS: '60000' }, { timeoutSec: 1 });
    const req = request(fn);
    const timedOut = await engine.invoke(req);
    expect(payload(timedOut)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${req.requestId} Error: Task timed out after 1.00 seconds` });
    expect(shape(timedOut)).toEqual(['initStart', 'initReport:init:timeout', 'initReport:invoke:timeout', 'start', 'end', 'report']);
    const text = lines(timedOut).map((l) => l.text);
    expect(text.filter((l) => l.startsWith('INIT_REPORT ')).at(-1)).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: timeout$/);
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^\\S+ ${req.requestId} Task timed out after 1\\.00 seconds$`)));
    expect(text.at(-1)).toMatch(/\tMax Memory Used: \d+ MB\tStatus: timeout$/);
    const r = report(timedOut);
    expect(r.metrics.initDurationMs).toBeUndefined();
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(1000);
    expect(r.metrics.durationMs).toBeLessThan(4000);
    expect(billedFromPrinted(r.metrics.durationMs)).toContain(r.metrics.billedDurationMs);
    const next = await engine.invoke(request(fn));
    expect(payload(next).errorType).toBe('Sandbox.Timedout');
    expect(shape(next)).toEqual(['initReport:invoke:timeout', 'start', 'end', 'report']);
  });
});

describe('engine: REPORT outcome of an invocation that fails after its init', () => {
  it('prints Status: timeout alone for a timeout and Status: error with Error Type for a crash, as Lambda does', async () => {
    // AWS Lambda Developer Guide, lambda-runtime-environment.html:
    //   REPORT RequestId: 527cb862-… Duration: 3016.78 ms Billed Duration: 3101 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 84.00 ms Status: timeout
    //   REPORT RequestId: 5b866fb1-… Duration: 133.61 ms Billed Duration: 214 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 80.00 ms Status: error Error Type: Runtime.ExitError
    const slow = snapshot('engine-misbehave', { timeoutSec: 1 });
    const timedOut = await engine.invoke(request(slow, { mode: 'sleep', ms: 5000 }));
    const timeoutLine = lines(timedOut).map((l) => l.text).at(-1);
    expect(timeoutLine).toMatch(/^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\tStatus: timeout$/);
    const t = report(timedOut);
    expect(t.errorType).toBeUndefined();
    expect(billedFromPrinted(t.metrics.durationMs + (t.metrics.initDurationMs ?? 0), 2)).toContain(t.metrics.billedDurationMs);

    const crash = snapshot('engine-misbehave');
    await engine.invoke(request(crash, {}));
    const crashed = await engine.invoke(request(crash, { mode: 'exit' }));
    const crashLine = lines(crashed).map((l) => l.text).at(-1);
    expect(crashLine).toMatch(/^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tStatus: error\tError Type: Runtime\.ExitError$/);
    expect(report(crashed)).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
  });
});
