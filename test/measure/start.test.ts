// The start type of one invocation, told from the platform records of its
// log: AWS's documentation samples (test/lambda/log/aws-samples.ts) put
// together as Lambda prints them, and constructed logs for the cases no page
// shows, in both log formats, mixed with application lines, cut as a 4 KB
// tail cuts them.

import { describe, expect, it } from 'vitest';
import { type JsonRecord, type TextRecord, writeJson, writeText } from '../../src/lambda/log';
import { classifyRecords, findReportLine } from '../../src/measure/start';
import { readRecords } from '../../src/lambda/log';
import { SAMPLES, sampleLine } from '../lambda/log/aws-samples';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const T = '2026-01-02T03:04:05.000Z';
const json = (r: JsonRecord): string => writeJson(r, T);
const text = (r: TextRecord): string => writeText(r);

// AWS's samples (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
const INIT_TIMEOUT = sampleLine('INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: timeout');
const INIT_CRASH = sampleLine('INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: error');
const START_C3 = sampleLine('START RequestId: c3252230');
const EXITED = sampleLine('RequestId: c3252230');
const EXIT_ERROR = sampleLine('Runtime.ExitError');
const END_C3 = sampleLine('END RequestId: c3252230');
const REPORT_C3 = sampleLine('REPORT RequestId: c3252230');
const TIMED_OUT = sampleLine('2024-03-04T17:22:38.033Z b70435cc');
const REPORT_B7 = sampleLine('REPORT RequestId: b70435cc');
const REPORT_5B = sampleLine('REPORT RequestId: 5b866fb1');
const REPORT_52 = sampleLine('REPORT RequestId: 527cb862');
const INIT_START_PY = sampleLine('INIT_START Runtime Version: python');
const RESTORE_TIMEOUT = sampleLine('RESTORE_REPORT Restore Duration: 1236.04 ms Status: timeout');
const NODE_APP = sampleLine('2019-06-07T19:11:20.564Z');
const REPORT_XRAY = sampleLine('REPORT RequestId: c793869b');
// Telemetry schema samples (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html).
const jsonSample = (type: string, requestId?: string): string => {
  const found = SAMPLES.filter((s) => s.line.includes(`"type": "${type}"`) && (requestId === undefined || s.line.includes(requestId)));
  if (found.length === 0) throw new Error(`no JSON sample of ${type}`);
  return found[0]!.line;
};
const J_INIT_START = jsonSample('platform.initStart');
const J_INIT_DONE = jsonSample('platform.initRuntimeDone');
const J_INIT_REPORT = jsonSample('platform.initReport');
const J_START = jsonSample('platform.start', '6d68ca91');
const J_RUNTIME_DONE = jsonSample('platform.runtimeDone', '6d68ca91');
const J_REPORT = jsonSample('platform.report', '6d68ca91');
const J_FUNCTION = jsonSample('function');
const J_RESTORE_START = jsonSample('platform.restoreStart');
const J_RESTORE_DONE = jsonSample('platform.restoreRuntimeDone');
const J_RESTORE_REPORT = jsonSample('platform.restoreReport');
const J_LOGS_API_REPORT = jsonSample('platform.report', '6f7f0961');

describe('start type, text format', () => {
  it('warm: a REPORT without Init or Restore Duration', () => {
    expect(findReportLine(lines(START_C3, END_C3, REPORT_C3), 'c3252230-c73d-49f6-8844-968c01d1e2e1')).toEqual({
      requestId: 'c3252230-c73d-49f6-8844-968c01d1e2e1', startType: 'warm', durationMs: 933.59, billedMs: 934, memorySizeMb: 128,
      maxMemoryUsedMb: 9, initMs: undefined, restoreMs: undefined, billedRestoreMs: undefined, status: 'success', errorType: undefined,
    });
  });

  it('cold: Init Duration in the REPORT, also with a timed-out or failed invocation', () => {
    expect(findReportLine(lines(INIT_START_PY, TIMED_OUT, REPORT_B7))).toMatchObject({
      startType: 'cold', initMs: 111.23, initFrom: 'report', durationMs: 3004.92, billedMs: 3117, status: 'success',
    });
    expect(findReportLine(lines(REPORT_5B))).toMatchObject({ startType: 'cold', initMs: 80, status: 'error', errorType: 'Runtime.ExitError' });
    expect(findReportLine(lines(REPORT_52))).toMatchObject({ startType: 'cold', initMs: 84, status: 'timeout', errorType: undefined });
    // The older REPORT line with X-Ray fields at its end, after an application line.
    expect(findReportLine(lines(NODE_APP, REPORT_XRAY))).toMatchObject({ startType: 'cold', initMs: 166.62, billedMs: 200 });
  });

  it("cold: a suppressed init, AWS's own failed-init log (INIT_REPORT, then an invocation whose REPORT has no Init Duration)", () => {
    for (const initReport of [INIT_TIMEOUT, INIT_CRASH]) {
      const log = lines(INIT_START_PY, initReport, START_C3, EXITED, EXIT_ERROR, END_C3, REPORT_C3);
      expect(findReportLine(log, 'c3252230-c73d-49f6-8844-968c01d1e2e1')).toMatchObject({
        startType: 'cold', initMs: 1236.04, initFrom: 'initReport', durationMs: 933.59, billedMs: 934,
      });
    }
  });

  it('cold: an init re-run in the invoke phase; init_ms from the failed init-phase INIT_REPORT when both are there', () => {
    const invokePhase = text({ kind: 'initReport', durationMs: 2000.5, phase: 'invoke', status: 'error', errorType: 'Runtime.ExitError' });
    expect(findReportLine(lines(START_C3, invokePhase, END_C3, REPORT_C3))).toMatchObject({ startType: 'cold', initMs: 2000.5 });
    expect(findReportLine(lines(INIT_TIMEOUT, START_C3, invokePhase, END_C3, REPORT_C3))).toMatchObject({ startType: 'cold', initMs: 1236.04 });
  });

  it('warm: an INIT_REPORT of an init that succeeded ahead of the request (provisioned concurrency) is not this invocation\'s', () => {
    const ahead = text({ kind: 'initReport', durationMs: 850.1, phase: 'init', status: 'success' });
    expect(findReportLine(lines(INIT_START_PY, ahead, START_C3, END_C3, REPORT_C3))).toMatchObject({ startType: 'warm', initMs: undefined });
  });

  it('restore: Restore Duration and Billed Restore Duration in the REPORT (SnapStart)', () => {
    const report = text({
      kind: 'report', requestId: 'r-1', status: 'success',
      metrics: { durationMs: 42.3, billedDurationMs: 43, memorySizeMB: 1024, maxMemoryUsedMB: 120, restoreDurationMs: 310.55, billedRestoreDurationMs: 311 },
    });
    const restoreStart = text({ kind: 'restoreStart', runtimeVersion: 'python:3.12.v40', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc' });
    const restoreReport = text({ kind: 'restoreReport', durationMs: 310.55, status: 'success' });
    expect(findReportLine(lines(restoreStart, restoreReport, 'START RequestId: r-1 Version: 3', 'END RequestId: r-1', report), 'r-1')).toEqual({
      requestId: 'r-1', startType: 'restore', durationMs: 42.3, billedMs: 43, memorySizeMb: 1024, maxMemoryUsedMb: 120,
      initMs: undefined, restoreMs: 310.55, billedRestoreMs: 311, status: 'success', errorType: undefined,
    });
    // A failed restore's RESTORE_REPORT is not an init: the start stays what the REPORT says.
    expect(findReportLine(lines(RESTORE_TIMEOUT, REPORT_C3))?.startType).toBe('warm');
  });

  it('reads a 4 KB tail that begins mid-line, among application lines', () => {
    const noise = Array.from({ length: 60 }, (_, i) => `2026-01-02T03:04:05.${String(i).padStart(3, '0')}Z\tc3252230-c73d-49f6-8844-968c01d1e2e1\tINFO\tstep ${i} of the handler`);
    const full = lines(INIT_TIMEOUT, START_C3, ...noise, END_C3, REPORT_C3);
    const tail = full.slice(full.length - 4096);
    expect(tail.startsWith('START') || tail.startsWith('INIT_REPORT')).toBe(false);
    // The INIT_REPORT was cut off the tail: the start reads warm (the documented limit of the tail).
    expect(findReportLine(tail)).toMatchObject({ startType: 'warm', requestId: 'c3252230-c73d-49f6-8844-968c01d1e2e1' });
    // A tail cut inside the INIT_REPORT line reads no INIT_REPORT either: a cut line is no record.
    const cut = full.slice(full.indexOf('Duration: 1236.04'));
    expect(findReportLine(cut)?.startType).toBe('warm');
    // Kept whole, it makes the start cold.
    expect(findReportLine(full)?.startType).toBe('cold');
  });

  it('an application line that mentions INIT_REPORT is not one', () => {
    const app = '2026-01-02T03:04:05.000Z\tc3252230-c73d-49f6-8844-968c01d1e2e1\tINFO\tINIT_REPORT Init Duration: 5.00 ms Phase: init Status: error';
    expect(findReportLine(lines(START_C3, app, END_C3, REPORT_C3))?.startType).toBe('warm');
  });

  it('picks the report of the request asked for, else the last one; none is unknown', () => {
    const log = lines(REPORT_B7, REPORT_C3);
    expect(findReportLine(log, 'b70435cc-261c-4438-b9b6-efe4c8f04b21')?.startType).toBe('cold');
    expect(findReportLine(log, 'no-such-id')?.requestId).toBe('c3252230-c73d-49f6-8844-968c01d1e2e1');
    expect(findReportLine(lines(INIT_TIMEOUT, START_C3, EXITED))).toBeUndefined();
    expect(findReportLine('')).toBeUndefined();
  });
});

describe('start type, JSON format', () => {
  it("cold: AWS's sample init and invoke records, initDurationMs in platform.report", () => {
    const log = lines(J_INIT_START, J_INIT_DONE, J_INIT_REPORT, J_START, J_FUNCTION, J_RUNTIME_DONE, J_REPORT);
    expect(findReportLine(log, '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa')).toEqual({
      requestId: '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa', startType: 'cold', durationMs: 693.92, billedMs: 694, memorySizeMb: 128,
      maxMemoryUsedMb: 84, initMs: 397.68, initFrom: 'report', restoreMs: undefined, billedRestoreMs: undefined, status: 'success', errorType: undefined,
    });
    expect(findReportLine(lines(J_LOGS_API_REPORT))).toMatchObject({ startType: 'cold', initMs: 116.67, billedMs: 300, memorySizeMb: 512 });
  });

  it('warm: a platform.report without initDurationMs, with JSON application logs around it', () => {
    const appLog = '{"timestamp":"2026-01-02T03:04:05.001Z","level":"INFO","requestId":"w-1","message":"platform.report is only a word here"}';
    const log = lines(
      json({ kind: 'start', requestId: 'w-1', version: '$LATEST' }),
      appLog,
      json({ kind: 'runtimeDone', requestId: 'w-1', status: 'success' }),
      json({ kind: 'report', requestId: 'w-1', status: 'success', metrics: { durationMs: 2.25, billedDurationMs: 3, memorySizeMB: 256, maxMemoryUsedMB: 70 } }),
    );
    expect(findReportLine(log, 'w-1')).toMatchObject({ startType: 'warm', initMs: undefined, billedMs: 3, memorySizeMb: 256, maxMemoryUsedMb: 70 });
  });

  it('restore: restoreDurationMs and billedRestoreDurationMs, after the restore records', () => {
    const log = lines(
      J_RESTORE_START, J_RESTORE_DONE, J_RESTORE_REPORT,
      json({ kind: 'start', requestId: 'r-2', version: '7' }),
      json({
        kind: 'report', requestId: 'r-2', status: 'success',
        metrics: { durationMs: 12.5, billedDurationMs: 13, memorySizeMB: 512, maxMemoryUsedMB: 90, restoreDurationMs: 15.19, billedRestoreDurationMs: 16 },
      }),
    );
    expect(findReportLine(log, 'r-2')).toMatchObject({ startType: 'restore', restoreMs: 15.19, billedRestoreMs: 16, initMs: undefined, billedMs: 13 });
  });

  it('cold: a suppressed init (platform.initReport timeout, the re-run in phase invoke), report without initDurationMs', () => {
    const log = lines(
      json({ kind: 'initStart', initializationType: 'on-demand', phase: 'init', functionName: 'f', functionVersion: '$LATEST' }),
      json({ kind: 'initReport', durationMs: 10000.02, initializationType: 'on-demand', phase: 'init', status: 'timeout' }),
      json({ kind: 'start', requestId: 's-1', version: '$LATEST' }),
      json({ kind: 'initStart', initializationType: 'on-demand', phase: 'invoke', functionName: 'f', functionVersion: '$LATEST' }),
      json({ kind: 'initReport', durationMs: 10500.3, initializationType: 'on-demand', phase: 'invoke', status: 'success' }),
      json({ kind: 'report', requestId: 's-1', status: 'success', metrics: { durationMs: 10600.1, billedDurationMs: 10601, memorySizeMB: 128, maxMemoryUsedMB: 99 } }),
    );
    expect(findReportLine(log, 's-1')).toMatchObject({ startType: 'cold', initMs: 10000.02, initFrom: 'initReport', durationMs: 10600.1 });
  });

  it('warm: provisioned concurrency and Lambda Managed Instances initialise ahead; their reports have no initDurationMs', () => {
    const pcInit = json({ kind: 'initReport', durationMs: 800, initializationType: 'provisioned-concurrency', phase: 'init', status: 'success' });
    const pcReport = json({ kind: 'report', requestId: 'p-1', status: 'success', metrics: { durationMs: 5, billedDurationMs: 5, memorySizeMB: 128, maxMemoryUsedMB: 60 } });
    expect(findReportLine(lines(pcInit, pcReport))?.startType).toBe('warm');
    // Managed Instances: no maxMemoryUsedMB in the report (environments run invocations concurrently).
    const lmi = json({ kind: 'report', requestId: 'm-1', status: 'success', metrics: { durationMs: 5.5, billedDurationMs: 6, memorySizeMB: 2048 } });
    expect(findReportLine(lines(lmi))).toMatchObject({ startType: 'warm', maxMemoryUsedMb: undefined, memorySizeMb: 2048 });
  });

  it("reads the report's status and error type", () => {
    const failed = json({ kind: 'report', requestId: 'e-1', status: 'error', errorType: 'Runtime.ExitError', metrics: { durationMs: 5, billedDurationMs: 5, memorySizeMB: 128, maxMemoryUsedMB: 60 } });
    const timedOut = json({ kind: 'report', requestId: 't-1', status: 'timeout', metrics: { durationMs: 3000, billedDurationMs: 3000, memorySizeMB: 128, maxMemoryUsedMB: 60 } });
    expect(findReportLine(lines(failed))).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
    expect(findReportLine(lines(timedOut))).toMatchObject({ status: 'timeout', errorType: undefined });
  });

  it('reads a tail cut inside a JSON record', () => {
    const big = `{"timestamp":"2026-01-02T03:04:05.001Z","level":"INFO","requestId":"c-1","message":"${'x'.repeat(5000)}"}`;
    const report = json({ kind: 'report', requestId: 'c-1', status: 'success', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 60, initDurationMs: 150.5 } });
    const full = lines(json({ kind: 'start', requestId: 'c-1' }), big, report);
    expect(findReportLine(full.slice(full.length - 4096), 'c-1')).toMatchObject({ startType: 'cold', initMs: 150.5 });
  });
});

describe('classifyRecords: one log stream, several invocations', () => {
  it('ties each INIT_REPORT to the next report of its stream only', () => {
    const stream = lines(REPORT_C3, INIT_TIMEOUT, START_C3, REPORT_5B.replace('Init Duration: 80.00 ms ', ''), REPORT_52.replace('Init Duration: 84.00 ms ', ''));
    const out = classifyRecords(readRecords(stream));
    expect(out.map((r) => [r.requestId.slice(0, 8), r.startType, r.initMs])).toEqual([
      ['c3252230', 'warm', undefined],
      ['5b866fb1', 'cold', 1236.04],
      ['527cb862', 'warm', undefined],
    ]);
  });
});
