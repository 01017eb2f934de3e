import { describe, expect, it } from 'vitest';
import { findReportLine, parseReportLine } from '../../src/measure/report-line';

const cold = 'REPORT RequestId: 3f1c\tDuration: 2.51 ms\tBilled Duration: 105 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 101.94 ms\t';
const warm = 'REPORT RequestId: 9a2b\tDuration: 1.20 ms\tBilled Duration: 2 ms\tMemory Size: 512 MB\tMax Memory Used: 68 MB\t';

describe('REPORT line', () => {
  it('reads a cold start with its init phase', () => {
    expect(parseReportLine(cold)).toMatchObject({
      requestId: '3f1c', durationMs: 2.51, billedMs: 105, memorySizeMb: 128, maxMemoryUsedMb: 67, initMs: 101.94,
    });
  });
  it('reads a warm start: no Init Duration', () => {
    expect(parseReportLine(warm)?.initMs).toBeUndefined();
  });
  it('tolerates fields it does not know', () => {
    const snap = `${warm}Restore Duration: 300.12 ms\tBilled Restore Duration: 301 ms\tNew Field: 7 ms\t`;
    const xray = `${cold}\nXRAY TraceId: 1-5e1b4151-5ac6c58f5b5dbd6a5b5dbd6a\tSegmentId: 6b5dbd6a5b5dbd6a\tSampled: true`;
    expect(parseReportLine(snap)).toMatchObject({ requestId: '9a2b', billedMs: 2, maxMemoryUsedMb: 68 });
    expect(findReportLine(xray)?.initMs).toBe(101.94);
  });
  it('reads the outcome of a failed invocation', () => {
    expect(parseReportLine(`${warm}Status: timeout`)).toMatchObject({ status: 'timeout', errorType: undefined });
    expect(parseReportLine(`${warm}Status: error\tError Type: Runtime.ExitError`)).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
    expect(parseReportLine(warm)?.status).toBe('success');
  });
  it('reads a JSON platform.report as well as a REPORT line', () => {
    const json = '{"time":"2025-01-07T19:49:07.924Z","type":"platform.report","record":{"requestId":"9a2b","metrics":{"durationMs":1.2,"billedDurationMs":2,"memorySizeMB":512,"maxMemoryUsedMB":68},"status":"success"}}';
    expect(findReportLine(`${json}\n`)).toMatchObject({ requestId: '9a2b', startType: 'warm', billedMs: 2, memorySizeMb: 512 });
    expect(parseReportLine(json)).toMatchObject({ requestId: '9a2b', startType: 'warm' });
  });
  it('finds the line of one request among several', () => {
    const log = `START RequestId: 3f1c Version: $LATEST\n${cold}\nSTART RequestId: 9a2b Version: $LATEST\n${warm}\n`;
    expect(findReportLine(log, '3f1c')?.initMs).toBe(101.94);
    expect(findReportLine(log)?.requestId).toBe('9a2b');
    expect(findReportLine('no report here')).toBeUndefined();
  });
});
