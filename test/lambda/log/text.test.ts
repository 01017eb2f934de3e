// The text log format: every kind written and read back, and the exact
// bytes Lambda prints.

import { describe, expect, it } from 'vitest';
import { readText, type TextRecord, TEXT_KINDS, writeText } from '../../../src/lambda/log';

const ID = '3f6c1a2e-0000-4000-8000-000000000001';

/** At least one record of every text kind, with each optional field both present and absent. */
const RECORDS: readonly TextRecord[] = [
  { kind: 'start', requestId: ID, version: '$LATEST' },
  { kind: 'start', requestId: ID, version: '12' },
  { kind: 'end', requestId: ID },
  { kind: 'report', requestId: ID, metrics: { durationMs: 2.51, billedDurationMs: 105, memorySizeMB: 128, maxMemoryUsedMB: 67, initDurationMs: 101.94 }, status: 'success' },
  { kind: 'report', requestId: ID, metrics: { durationMs: 1.2, billedDurationMs: 2, memorySizeMB: 512, maxMemoryUsedMB: 68 }, status: 'success' },
  {
    kind: 'report', requestId: ID,
    metrics: { durationMs: 45, billedDurationMs: 564, memorySizeMB: 1024, maxMemoryUsedMB: 210, restoreDurationMs: 518.37, billedRestoreDurationMs: 519 },
    status: 'success',
  },
  { kind: 'report', requestId: ID, metrics: { durationMs: 3016.78, billedDurationMs: 3101, memorySizeMB: 128, maxMemoryUsedMB: 31, initDurationMs: 84 }, status: 'timeout' },
  { kind: 'report', requestId: ID, metrics: { durationMs: 133.61, billedDurationMs: 214, memorySizeMB: 128, maxMemoryUsedMB: 31 }, status: 'error', errorType: 'Runtime.ExitError' },
  { kind: 'initStart', runtimeVersion: 'nodejs:22.v51', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:0123abcd' },
  { kind: 'initStart', runtimeVersion: 'python:3.13.v14' },
  { kind: 'initReport', durationMs: 9908.09, status: 'success' },
  { kind: 'initReport', durationMs: 412.55, phase: 'init', status: 'success' },
  { kind: 'initReport', durationMs: 10000.12, phase: 'init', status: 'timeout' },
  { kind: 'initReport', durationMs: 4.87, phase: 'invoke', status: 'error', errorType: 'Runtime.ExitError' },
  { kind: 'restoreStart', runtimeVersion: 'python:3.12.v40', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:89ab' },
  { kind: 'restoreReport', durationMs: 511.25, status: 'success' },
  { kind: 'restoreReport', durationMs: 10000, status: 'timeout' },
  { kind: 'restoreReport', durationMs: 12.5, status: 'error', errorType: 'Runtime.ExitError' },
  { kind: 'xray', traceId: '1-5e1b4151-5ac6c58f5b5dbd6a5b5dbd6a', segmentId: '6b5dbd6a5b5dbd6a', sampled: true },
  { kind: 'xray', traceId: '1-5e1b4151-5ac6c58f5b5dbd6a5b5dbd6b', segmentId: '6b5dbd6a5b5dbd6b', sampled: false },
];

describe('text format', () => {
  it('has a round-trip case for every kind it writes', () => {
    expect(new Set(RECORDS.map((r) => r.kind))).toEqual(new Set(TEXT_KINDS));
  });

  it.each(RECORDS.map((r) => [writeText(r), r] as const))('reads back %s', (line, record) => {
    expect(readText(line)).toEqual(record);
    expect(line).not.toContain('\n');
  });

  it('prints each line as Lambda does, tab for tab', () => {
    const [start, , end, cold, , restore, timeout, error] = RECORDS;
    expect(writeText(start!)).toBe(`START RequestId: ${ID} Version: $LATEST`);
    expect(writeText(end!)).toBe(`END RequestId: ${ID}`);
    expect(writeText(cold!)).toBe(`REPORT RequestId: ${ID}\tDuration: 2.51 ms\tBilled Duration: 105 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 101.94 ms\t`);
    expect(writeText(restore!)).toBe(
      `REPORT RequestId: ${ID}\tDuration: 45.00 ms\tBilled Duration: 564 ms\tMemory Size: 1024 MB\tMax Memory Used: 210 MB\tRestore Duration: 518.37 ms\tBilled Restore Duration: 519 ms\t`,
    );
    expect(writeText(timeout!)).toBe(`REPORT RequestId: ${ID}\tDuration: 3016.78 ms\tBilled Duration: 3101 ms\tMemory Size: 128 MB\tMax Memory Used: 31 MB\tInit Duration: 84.00 ms\tStatus: timeout`);
    expect(writeText(error!)).toBe(`REPORT RequestId: ${ID}\tDuration: 133.61 ms\tBilled Duration: 214 ms\tMemory Size: 128 MB\tMax Memory Used: 31 MB\tStatus: error\tError Type: Runtime.ExitError`);
    expect(writeText({ kind: 'initReport', durationMs: 4.87, phase: 'invoke', status: 'error', errorType: 'Runtime.ExitError' }))
      .toBe('INIT_REPORT Init Duration: 4.87 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError');
    expect(writeText({ kind: 'initStart', runtimeVersion: 'nodejs:18.v9', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:7d5f' }))
      .toBe('INIT_START Runtime Version: nodejs:18.v9\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:7d5f');
    expect(writeText({ kind: 'restoreReport', durationMs: 398.97, status: 'success' })).toBe('RESTORE_REPORT Restore Duration: 398.97 ms');
    expect(writeText({ kind: 'xray', traceId: 't', segmentId: 's', sampled: true })).toBe('XRAY TraceId: t\tSegmentId: s\tSampled: true');
  });

  it('rounds durations to the 2 decimals it prints', () => {
    const line = writeText({ kind: 'report', requestId: 'r', metrics: { durationMs: 12.345, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 40 }, status: 'success' });
    expect(line).toContain('\tDuration: 12.35 ms\t');
    expect(readText(line)).toMatchObject({ metrics: { durationMs: 12.35 } });
  });

  it('keeps reading a line that gains a field it does not know', () => {
    const line = `${writeText(RECORDS[4]!)}Some Future Field: 3 ms\tStatus: error\tError Type: Runtime.OutOfMemory`;
    expect(readText(line)).toMatchObject({ kind: 'report', metrics: { maxMemoryUsedMB: 68 }, status: 'error', errorType: 'Runtime.OutOfMemory' });
  });

  it('reads an unknown status as a failure, not as success', () => {
    expect(readText('INIT_REPORT Init Duration: 5.00 ms\tPhase: init\tStatus: crashed')).toMatchObject({ status: 'error' });
  });

  it('is no record: application lines, cut lines, lines missing a required field', () => {
    for (const line of [
      '2026-01-02T03:04:05.678Z\tabc\tINFO\tREPORT RequestId: inside a message',
      'ORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB',
      'REPORT RequestId: r\tDuration: 1.00 ms\tMemory Size: 128 MB\t',
      'REPORT RequestId: r\tDuration: fast\tBilled Duration: 1 ms\tMemory Size: 128 MB\t',
      'START RequestId: ',
      'INIT_REPORT Phase: init',
      'XRAY TraceId: t',
      'STARTED',
      '',
    ]) {
      expect(readText(line), line).toBeUndefined();
    }
  });
});
