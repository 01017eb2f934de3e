// The JSON log format: every kind written and read back, and the shape
// Lambda writes.

import { describe, expect, it } from 'vitest';
import { JSON_KINDS, type JsonRecord, readJson, readJsonEvent, writeJson } from '../../../src/lambda/log';

const ID = '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa';
const TRACING = { spanId: '54565fb41ac79632', type: 'X-Amzn-Trace-Id', value: 'Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1' } as const;
const SPANS = [{ name: 'responseLatency', start: '2022-08-02T12:01:23.521Z', durationMs: 23.02 }];
const TIME = '2025-01-07T19:49:07.924Z';

/** At least one record of every JSON kind, with each optional field both present and absent. */
const RECORDS: readonly JsonRecord[] = [
  { kind: 'start', requestId: ID, version: '$LATEST', tracing: TRACING },
  { kind: 'start', requestId: ID },
  { kind: 'end', requestId: ID },
  {
    kind: 'report', requestId: ID,
    metrics: { durationMs: 329.177, billedDurationMs: 833, memorySizeMB: 1792, maxMemoryUsedMB: 125, initDurationMs: 503.083 },
    status: 'success', tracing: TRACING, spans: SPANS,
  },
  {
    kind: 'report', requestId: ID,
    metrics: { durationMs: 147.156, billedDurationMs: 201, memorySizeMB: 512, maxMemoryUsedMB: 91, restoreDurationMs: 500.795, billedRestoreDurationMs: 53 },
    status: 'success',
  },
  { kind: 'report', requestId: ID, metrics: { durationMs: 3000.5, billedDurationMs: 3001, memorySizeMB: 128, maxMemoryUsedMB: 31 }, status: 'timeout' },
  { kind: 'report', requestId: ID, metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128 }, status: 'error', errorType: 'Runtime.ExitError' },
  {
    kind: 'initStart', initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs:22.v51', runtimeVersionArn: 'arn:aws:lambda:us-east-2::runtime:1fe1',
    functionName: 'worker10', functionVersion: '$LATEST', instanceId: '2025/01/07/worker10[$LATEST]002cf782', instanceMaxMemory: 1879048192,
  },
  { kind: 'initStart', initializationType: 'provisioned-concurrency', phase: 'init' },
  { kind: 'initReport', durationMs: 125.33, initializationType: 'on-demand', phase: 'init', status: 'success', spans: SPANS },
  { kind: 'initReport', durationMs: 10000.123, initializationType: 'on-demand', phase: 'invoke', status: 'error', errorType: 'Runtime.Unknown' },
  { kind: 'initRuntimeDone', initializationType: 'snap-start', phase: 'snap-start', status: 'success', spans: SPANS },
  { kind: 'initRuntimeDone', status: 'failure', errorType: 'Runtime.ImportModuleError' },
  { kind: 'runtimeDone', requestId: ID, status: 'success', metrics: { durationMs: 140, producedBytes: 16 }, tracing: TRACING, spans: SPANS },
  { kind: 'runtimeDone', requestId: ID, status: 'timeout' },
  {
    kind: 'restoreStart', runtimeVersion: 'python:3.12.v40', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:89ab',
    functionName: 'myFunction', functionVersion: '3', instanceId: '82561ce0-53dd-47d1-90e0-c8f5e063e62e', instanceMaxMemory: 256,
  },
  { kind: 'restoreReport', durationMs: 15.19, status: 'success', spans: SPANS },
  { kind: 'restoreReport', status: 'timeout' },
  { kind: 'restoreRuntimeDone', status: 'success', spans: SPANS },
  { kind: 'restoreRuntimeDone', status: 'error', errorType: 'Runtime.ExitError' },
];

describe('JSON format', () => {
  it('has a round-trip case for every kind it writes', () => {
    expect(new Set(RECORDS.map((r) => r.kind))).toEqual(new Set(JSON_KINDS));
  });

  it.each(RECORDS.map((r) => [writeJson(r, TIME), r] as const))('reads back %s', (line, record) => {
    expect(readJsonEvent(line)).toEqual({ time: TIME, record });
    expect(line).not.toContain('\n');
  });

  it('writes the envelope and record as Lambda does, in its order, durations to the microsecond', () => {
    const line = writeJson(
      { kind: 'report', requestId: ID, metrics: { durationMs: 329.1774, billedDurationMs: 833, memorySizeMB: 1792, maxMemoryUsedMB: 125, initDurationMs: 503.0831 }, status: 'success' },
      new Date(Date.UTC(2025, 0, 7, 19, 49, 7, 924)),
    );
    expect(line).toBe(
      `{"time":"${TIME}","type":"platform.report","record":{"requestId":"${ID}","status":"success",` +
        '"metrics":{"durationMs":329.177,"billedDurationMs":833,"memorySizeMB":1792,"maxMemoryUsedMB":125,"initDurationMs":503.083}}}',
    );
    expect(writeJson({ kind: 'initReport', durationMs: 4.5, phase: 'init', status: 'timeout', initializationType: 'on-demand' }, TIME)).toBe(
      `{"time":"${TIME}","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":4.5}}}`,
    );
  });

  it('writes platform.report byte for byte as a real one: requestId, status, metrics', () => {
    // A real Invoke's LogResult with LogFormat JSON (eu-west-3, nodejs:18.v28, 2024-05-20), as quoted in a public
    // repository's log parser; the documentation's Telemetry API examples differ.
    const real = '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715",'
      + '"status":"success","metrics":{"durationMs":11.642,"billedDurationMs":12,"memorySizeMB":128,"maxMemoryUsedMB":67,"initDurationMs":174.055}}}';
    const read = readJsonEvent(real);
    if (read === undefined || read.record.kind !== 'report') throw new Error('the real sample does not read back as a report');
    expect(writeJson(read.record, read.time)).toBe(real);
    expect(writeJson({ ...read.record, status: 'timeout', errorType: 'Sandbox.Timedout' }, read.time))
      .toContain('"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"timeout","errorType":"Sandbox.Timedout","metrics":{');
  });

  it('ignores fields it does not know and reads a missing status as success', () => {
    const line = `{"time":"${TIME}","type":"platform.report","future":1,"record":{"requestId":"r","metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":9,"cpuMs":3},"extra":{}}}`;
    expect(readJson(line)).toEqual({ kind: 'report', requestId: 'r', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 9 }, status: 'success' });
  });

  it('is no record: application JSON, other event types, cut lines, records missing a required field', () => {
    for (const line of [
      `{"timestamp":"${TIME}","level":"INFO","requestId":"r","message":"platform.report"}`,
      `{"time":"${TIME}","type":"function","record":"hello"}`,
      `{"time":"${TIME}","type":"platform.logsDropped","record":{"droppedBytes":1,"droppedRecords":1,"reason":"slow"}}`,
      `"type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128}}}`,
      `{"time":"${TIME}","type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":1,"memorySizeMB":128}}}`,
      `{"time":"${TIME}","type":"platform.report","record":{"metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128}}}`,
      `{"time":"${TIME}","type":"platform.initReport","record":{"phase":"init","status":"success"}}`,
      `{"time":"${TIME}","type":"platform.start","record":"RequestId: r"}`,
      '[1,2]',
      'null',
    ]) {
      expect(readJson(line), line).toBeUndefined();
    }
  });
});
