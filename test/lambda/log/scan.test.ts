// Platform records out of a whole log text: an Invoke log tail or CloudWatch
// Logs events, in either format, mixed with the application's own lines.

import { describe, expect, it } from 'vitest';
import { findReport, readRecords, type ReportRecord, writeJson, writeText } from '../../../src/lambda/log';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const report = (requestId: string, initDurationMs?: number): ReportRecord => ({
  kind: 'report',
  requestId,
  metrics: { durationMs: 2.5, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 60, ...(initDurationMs !== undefined ? { initDurationMs } : {}) },
  status: 'success',
});

const TEXT_LOG = [
  'INIT_START Runtime Version: nodejs:22.v51\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123',
  `START RequestId: ${A} Version: $LATEST`,
  `2026-01-02T03:04:05.678Z\t${A}\tINFO\tREPORT RequestId: ${B} is only a message`,
  `END RequestId: ${A}`,
  writeText(report(A, 101.94)),
  `START RequestId: ${B} Version: $LATEST`,
  `END RequestId: ${B}`,
  writeText(report(B)),
  'XRAY TraceId: 1-5e1b4151-5ac6c58f5b5dbd6a5b5dbd6a\tSegmentId: 6b5dbd6a5b5dbd6a\tSampled: true',
  '',
].join('\n');

const T = '2026-01-02T03:04:05.000Z';
const JSON_LOG = [
  writeJson({ kind: 'initStart', initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs:22.v51' }, T),
  writeJson({ kind: 'start', requestId: A, version: '$LATEST' }, T),
  `{"timestamp":"${T}","level":"INFO","requestId":"${A}","message":"platform.report"}`,
  writeJson({ kind: 'runtimeDone', requestId: A, status: 'success' }, T),
  writeJson(report(A, 101.94), T),
  writeJson({ kind: 'start', requestId: B, version: '$LATEST' }, T),
  writeJson(report(B), T),
  '',
].join('\n');

describe('readRecords', () => {
  it('returns the platform records of a text log, in order, skipping application lines', () => {
    expect(readRecords(TEXT_LOG).map((r) => r.kind)).toEqual(['initStart', 'start', 'end', 'report', 'start', 'end', 'report', 'xray']);
  });

  it('returns the platform records of a JSON log, skipping the application\'s JSON', () => {
    expect(readRecords(JSON_LOG).map((r) => r.kind)).toEqual(['initStart', 'start', 'runtimeDone', 'report', 'start', 'report']);
  });

  it('reads a log tail that begins mid-line, and CRLF line ends', () => {
    const tail = TEXT_LOG.slice(TEXT_LOG.indexOf('Version: nodejs') + 3).replace(/\n/g, '\r\n');
    expect(readRecords(tail).map((r) => r.kind)).toEqual(['start', 'end', 'report', 'start', 'end', 'report', 'xray']);
    const jsonTail = JSON_LOG.slice(10);
    expect(readRecords(jsonTail).map((r) => r.kind)).toEqual(['start', 'runtimeDone', 'report', 'start', 'report']);
  });

  it('keeps to one format when told', () => {
    const mixed = `${TEXT_LOG}${JSON_LOG}`;
    expect(readRecords(mixed, 'text')).toHaveLength(8);
    expect(readRecords(mixed, 'json')).toHaveLength(6);
    expect(readRecords(mixed)).toHaveLength(14);
  });
});

describe('findReport', () => {
  it.each([['text', TEXT_LOG], ['json', JSON_LOG]] as const)('finds a request\'s report, or the last one, in a %s log', (_format, log) => {
    expect(findReport(log, A)).toEqual(report(A, 101.94));
    expect(findReport(log, B)).toEqual(report(B));
    expect(findReport(log)).toEqual(report(B));
    expect(findReport(log, 'no-such-request')).toBeUndefined();
  });

  it('reads only the formats asked for', () => {
    expect(findReport(JSON_LOG, A, 'text')).toBeUndefined();
    expect(findReport(TEXT_LOG, A, 'json')).toBeUndefined();
    expect(findReport(`${JSON_LOG}${TEXT_LOG}`, undefined, 'json')).toEqual(report(B));
  });

  it('finds nothing in a log without a report', () => {
    expect(findReport('')).toBeUndefined();
    expect(findReport('no report here\n')).toBeUndefined();
    expect(findReport(`START RequestId: ${A} Version: $LATEST\n`)).toBeUndefined();
  });
});
