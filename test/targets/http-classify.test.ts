// How an HTTP answer (or its absence) and its joined REPORT line read as a row's status.

import { describe, expect, it } from 'vitest';
import { parseReportLine } from '../../src/measure/report-line';
import { classify } from '../../src/targets/http';

const report = (extra: string) => parseReportLine(`REPORT RequestId: r1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t${extra}`);

describe('classify', () => {
  it('2xx ok, 429 throttled, 502 function_error, others error named by status or failure', () => {
    expect(classify(204, undefined, undefined)).toEqual({ status: 'ok', errorType: undefined });
    expect(classify(429, undefined, undefined)).toEqual({ status: 'throttled', errorType: 'HTTP 429' });
    expect(classify(502, undefined, undefined)).toEqual({ status: 'function_error', errorType: 'HTTP 502' });
    expect(classify(503, undefined, undefined)).toEqual({ status: 'error', errorType: 'HTTP 503' });
    expect(classify(301, undefined, undefined)).toEqual({ status: 'error', errorType: 'HTTP 301' });
    expect(classify(undefined, 'ECONNREFUSED', undefined)).toEqual({ status: 'error', errorType: 'ECONNREFUSED' });
    expect(classify(undefined, 'timeout', undefined)).toEqual({ status: 'error', errorType: 'timeout' });
  });

  it('a 502 whose REPORT line says timeout is a timeout; its Error Type names a crash', () => {
    expect(classify(502, undefined, report('Status: timeout'))).toEqual({ status: 'timeout', errorType: 'Sandbox.Timedout' });
    expect(classify(502, undefined, report('Status: error\tError Type: Runtime.ExitError'))).toEqual({ status: 'function_error', errorType: 'Runtime.ExitError' });
  });
});
