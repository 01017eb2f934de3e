// The sample lines AWS's documentation shows, with the record each holds as
// the page says it reads: checked by samples.test.ts, reused wherever the
// harness reads platform records (test/measure/start.test.ts). The pages
// render the text format's tabs as spaces; the reader reads both. The pages
// print JSON examples over several lines; each is on one line here, as
// CloudWatch Logs holds a record. Where a page's JSON example is not valid
// JSON, the entry holds it corrected and says what was corrected.

import type { PlatformRecord } from '../../../src/lambda/log';

export interface Sample {
  readonly source: string;
  readonly line: string;
  /** The record the line holds, or undefined for a line that is not a platform record. */
  readonly record: PlatformRecord | undefined;
  readonly corrected?: string;
}

export const DG = 'https://docs.aws.amazon.com/lambda/latest/dg';
export const LIFECYCLE = `${DG}/lambda-runtime-environment.html`;
const RUNTIME_VERSION = `${DG}/runtime-management-identify.html`;
export const TELEMETRY = `${DG}/telemetry-schema-reference.html`;
export const LOGS_API = `${DG}/runtimes-logs-api.html`;
/** The Node.js logging page as the Developer Guide's repository kept it (an older REPORT line, X-Ray fields included). */
const NODE_LOGGING = 'https://github.com/awsdocs/aws-lambda-developer-guide/blob/main/doc_source/nodejs-logging.md';

const TRACE_2022 = { spanId: '54565fb41ac79632', type: 'X-Amzn-Trace-Id', value: 'Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1' } as const;

export const SAMPLES: readonly Sample[] = [
  // Text format.
  {
    source: LIFECYCLE,
    line: 'INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: timeout',
    record: { kind: 'initReport', durationMs: 1236.04, phase: 'init', status: 'timeout' },
  },
  {
    source: LIFECYCLE,
    line: 'INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: error Error Type: Extension.Crash',
    record: { kind: 'initReport', durationMs: 1236.04, phase: 'init', status: 'error', errorType: 'Extension.Crash' },
  },
  {
    source: LIFECYCLE,
    line: 'RESTORE_REPORT Restore Duration: 1236.04 ms Status: timeout',
    record: { kind: 'restoreReport', durationMs: 1236.04, status: 'timeout' },
  },
  {
    source: LIFECYCLE,
    line: 'RESTORE_REPORT Restore Duration: 1236.04 ms Status: error Error Type: Runtime.ExitError',
    record: { kind: 'restoreReport', durationMs: 1236.04, status: 'error', errorType: 'Runtime.ExitError' },
  },
  {
    source: LIFECYCLE,
    line: 'START RequestId: c3252230-c73d-49f6-8844-968c01d1e2e1 Version: $LATEST',
    record: { kind: 'start', requestId: 'c3252230-c73d-49f6-8844-968c01d1e2e1', version: '$LATEST' },
  },
  {
    source: LIFECYCLE,
    line: 'RequestId: c3252230-c73d-49f6-8844-968c01d1e2e1 Error: Runtime exited without providing a reason',
    record: undefined,
  },
  { source: LIFECYCLE, line: 'Runtime.ExitError', record: undefined },
  {
    source: LIFECYCLE,
    line: 'END RequestId: c3252230-c73d-49f6-8844-968c01d1e2e1',
    record: { kind: 'end', requestId: 'c3252230-c73d-49f6-8844-968c01d1e2e1' },
  },
  {
    source: LIFECYCLE,
    line: 'REPORT RequestId: c3252230-c73d-49f6-8844-968c01d1e2e1 Duration: 933.59 ms Billed Duration: 934 ms Memory Size: 128 MB Max Memory Used: 9 MB',
    record: {
      kind: 'report', requestId: 'c3252230-c73d-49f6-8844-968c01d1e2e1',
      metrics: { durationMs: 933.59, billedDurationMs: 934, memorySizeMB: 128, maxMemoryUsedMB: 9 }, status: 'success',
    },
  },
  {
    source: LIFECYCLE,
    line: '2024-03-04T17:22:38.033Z b70435cc-261c-4438-b9b6-efe4c8f04b21 Task timed out after 3.00 seconds',
    record: undefined,
  },
  {
    source: LIFECYCLE,
    line: 'REPORT RequestId: b70435cc-261c-4438-b9b6-efe4c8f04b21 Duration: 3004.92 ms Billed Duration: 3117 ms Memory Size: 128 MB Max Memory Used: 33 MB Init Duration: 111.23 ms',
    record: {
      kind: 'report', requestId: 'b70435cc-261c-4438-b9b6-efe4c8f04b21',
      metrics: { durationMs: 3004.92, billedDurationMs: 3117, memorySizeMB: 128, maxMemoryUsedMB: 33, initDurationMs: 111.23 }, status: 'success',
    },
  },
  {
    source: LIFECYCLE,
    line: 'REPORT RequestId: 5b866fb1-7154-4af6-8078-6ef6ca4c2ddd Duration: 133.61 ms Billed Duration: 214 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 80.00 ms Status: error Error Type: Runtime.ExitError',
    record: {
      kind: 'report', requestId: '5b866fb1-7154-4af6-8078-6ef6ca4c2ddd',
      metrics: { durationMs: 133.61, billedDurationMs: 214, memorySizeMB: 128, maxMemoryUsedMB: 31, initDurationMs: 80 },
      status: 'error', errorType: 'Runtime.ExitError',
    },
  },
  {
    source: LIFECYCLE,
    line: 'REPORT RequestId: 527cb862-4f5e-49a9-9ae4-a7edc90f0fda Duration: 3016.78 ms Billed Duration: 3101 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 84.00 ms Status: timeout',
    record: {
      kind: 'report', requestId: '527cb862-4f5e-49a9-9ae4-a7edc90f0fda',
      metrics: { durationMs: 3016.78, billedDurationMs: 3101, memorySizeMB: 128, maxMemoryUsedMB: 31, initDurationMs: 84 }, status: 'timeout',
    },
  },
  {
    source: RUNTIME_VERSION,
    line: 'INIT_START Runtime Version: python:3.13.v14    Runtime Version ARN: arn:aws:lambda:eu-south-1::runtime:7b620fc2e66107a1046b140b9d320295811af3ad5d4c6a011fad1fa65127e9e6I',
    record: {
      kind: 'initStart', runtimeVersion: 'python:3.13.v14',
      runtimeVersionArn: 'arn:aws:lambda:eu-south-1::runtime:7b620fc2e66107a1046b140b9d320295811af3ad5d4c6a011fad1fa65127e9e6I',
    },
  },
  {
    source: NODE_LOGGING,
    line: 'START RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac Version: $LATEST',
    record: { kind: 'start', requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac', version: '$LATEST' },
  },
  { source: NODE_LOGGING, line: '2019-06-07T19:11:20.564Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tWARN\tEvent not processed.', record: undefined },
  {
    source: NODE_LOGGING,
    line: 'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true',
    record: {
      kind: 'report', requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
      metrics: { durationMs: 128.83, billedDurationMs: 200, memorySizeMB: 128, maxMemoryUsedMB: 74, initDurationMs: 166.62 }, status: 'success',
      tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-5d9d007f-0a8c7fd02xmpl480aed55ef0;Parent=3d752xmpl1bbe37e;Sampled=1' },
    },
  },

  // JSON format: the Telemetry API's event schema, which JSON system logs take.
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:00:15.064Z", "type": "platform.initStart", "record": {"initializationType": "on-demand", "phase": "init", "runtimeVersion": "nodejs-14.v3", "runtimeVersionArn": "arn", "functionName": "myFunction", "functionVersion": "$LATEST", "instanceId": "82561ce0-53dd-47d1-90e0-c8f5e063e62e", "instanceMaxMemory": 256}}',
    record: {
      kind: 'initStart', initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs-14.v3', runtimeVersionArn: 'arn',
      functionName: 'myFunction', functionVersion: '$LATEST', instanceId: '82561ce0-53dd-47d1-90e0-c8f5e063e62e', instanceMaxMemory: 256,
    },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:01:15.000Z", "type": "platform.initRuntimeDone", "record": {"initializationType": "on-demand", "status": "success", "spans": [{"name": "someTimeSpan", "start": "2022-06-02T12:02:33.913Z", "durationMs": 70.5}]}}',
    corrected: 'the page has no comma after "on-demand"',
    record: { kind: 'initRuntimeDone', initializationType: 'on-demand', status: 'success', spans: [{ name: 'someTimeSpan', start: '2022-06-02T12:02:33.913Z', durationMs: 70.5 }] },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:01:15.000Z", "type": "platform.initReport", "record": {"initializationType": "on-demand", "status": "success", "phase": "init", "metrics": {"durationMs": 125.33}, "spans": [{"name": "someTimeSpan", "start": "2022-06-02T12:02:33.913Z", "durationMs": 90.1}]}}',
    record: {
      kind: 'initReport', durationMs: 125.33, initializationType: 'on-demand', phase: 'init', status: 'success',
      spans: [{ name: 'someTimeSpan', start: '2022-06-02T12:02:33.913Z', durationMs: 90.1 }],
    },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:00:15.064Z", "type": "platform.start", "record": {"requestId": "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa", "version": "$LATEST", "tracing": {"spanId": "54565fb41ac79632", "type": "X-Amzn-Trace-Id", "value": "Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1"}}}',
    record: { kind: 'start', requestId: '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa', version: '$LATEST', tracing: TRACE_2022 },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:01:15.000Z", "type": "platform.runtimeDone", "record": {"requestId": "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa", "status": "success", "tracing": {"spanId": "54565fb41ac79632", "type": "X-Amzn-Trace-Id", "value": "Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1"}, "spans": [{"name": "someTimeSpan", "start": "2022-08-02T12:01:23:521Z", "durationMs": 80.0}], "metrics": {"durationMs": 140.0, "producedBytes": 16}}}',
    record: {
      kind: 'runtimeDone', requestId: '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa', status: 'success', tracing: TRACE_2022,
      spans: [{ name: 'someTimeSpan', start: '2022-08-02T12:01:23:521Z', durationMs: 80 }], metrics: { durationMs: 140, producedBytes: 16 },
    },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:01:15.000Z", "type": "platform.report", "record": {"metrics": {"billedDurationMs": 694, "durationMs": 693.92, "initDurationMs": 397.68, "maxMemoryUsedMB": 84, "memorySizeMB": 128}, "requestId": "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa"}}',
    corrected: 'the page has a comma after the last field of "record"',
    record: {
      kind: 'report', requestId: '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa',
      metrics: { durationMs: 693.92, billedDurationMs: 694, memorySizeMB: 128, maxMemoryUsedMB: 84, initDurationMs: 397.68 }, status: 'success',
    },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:00:15.064Z", "type": "platform.restoreStart", "record": {"runtimeVersion": "nodejs-14.v3", "runtimeVersionArn": "arn", "functionName": "myFunction", "functionVersion": "$LATEST", "instanceId": "82561ce0-53dd-47d1-90e0-c8f5e063e62e", "instanceMaxMemory": 256}}',
    record: {
      kind: 'restoreStart', runtimeVersion: 'nodejs-14.v3', runtimeVersionArn: 'arn', functionName: 'myFunction', functionVersion: '$LATEST',
      instanceId: '82561ce0-53dd-47d1-90e0-c8f5e063e62e', instanceMaxMemory: 256,
    },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:00:15.064Z", "type": "platform.restoreRuntimeDone", "record": {"status": "success", "spans": [{"name": "someTimeSpan", "start": "2022-08-02T12:01:23:521Z", "durationMs": 80.0}]}}',
    record: { kind: 'restoreRuntimeDone', status: 'success', spans: [{ name: 'someTimeSpan', start: '2022-08-02T12:01:23:521Z', durationMs: 80 }] },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:00:15.064Z", "type": "platform.restoreReport", "record": {"status": "success", "metrics": {"durationMs": 15.19}, "spans": [{"name": "someTimeSpan", "start": "2022-08-02T12:01:23:521Z", "durationMs": 30.0}]}}',
    record: { kind: 'restoreReport', durationMs: 15.19, status: 'success', spans: [{ name: 'someTimeSpan', start: '2022-08-02T12:01:23:521Z', durationMs: 30 }] },
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:03:50.000Z", "type": "function", "record": {"timestamp": "2022-10-12T00:03:50.000Z", "level": "INFO", "requestId": "79b4f56e-95b1-4643-9700-2807f4e68189", "message": "Hello world, I am a function!"}}',
    record: undefined,
  },
  {
    source: TELEMETRY,
    line: '{"time": "2022-10-12T00:02:35.000Z", "type": "platform.logsDropped", "record": {"droppedBytes": 12345, "droppedRecords": 123, "reason": "Some logs were dropped because the downstream consumer is slower than the logs production rate"}}',
    record: undefined,
  },
  {
    source: LOGS_API,
    line: '{"time": "2020-08-20T12:31:32.123Z", "type": "platform.start", "record": {"requestId": "6f7f0961f83442118a7af6fe80b88d56"}}',
    record: { kind: 'start', requestId: '6f7f0961f83442118a7af6fe80b88d56' },
  },
  {
    source: LOGS_API,
    line: '{"time": "2020-08-20T12:31:32.123Z", "type": "platform.end", "record": {"requestId": "6f7f0961f83442118a7af6fe80b88d56"}}',
    record: { kind: 'end', requestId: '6f7f0961f83442118a7af6fe80b88d56' },
  },
  {
    source: LOGS_API,
    line: '{"time": "2020-08-20T12:31:32.123Z", "type": "platform.report", "record": {"requestId": "6f7f0961f83442118a7af6fe80b88d56", "metrics": {"durationMs": 101.51, "billedDurationMs": 300, "memorySizeMB": 512, "maxMemoryUsedMB": 33, "initDurationMs": 116.67}}}',
    record: {
      kind: 'report', requestId: '6f7f0961f83442118a7af6fe80b88d56',
      metrics: { durationMs: 101.51, billedDurationMs: 300, memorySizeMB: 512, maxMemoryUsedMB: 33, initDurationMs: 116.67 }, status: 'success',
    },
  },
  {
    source: LOGS_API,
    line: '{"time": "2020-08-20T12:31:32.123Z", "type": "platform.fault", "record": "RequestId: d783b35e-a91d-4251-af17-035953428a2c Process exited before completing request"}',
    record: undefined,
  },
  ...(['success', 'failure', 'timeout'] as const).map((status): Sample => ({
    source: LOGS_API,
    line: `{"time": "2021-02-04T20:00:05.123Z", "type": "platform.runtimeDone", "record": {"requestId": "6f7f0961f83442118a7af6fe80b88", "status": "${status}"}}`,
    record: { kind: 'runtimeDone', requestId: '6f7f0961f83442118a7af6fe80b88', status },
  })),
];

/** The one sample whose line starts with `prefix` (throws when none or several do). */
export function sampleLine(prefix: string): string {
  const found = SAMPLES.filter((s) => s.line.startsWith(prefix));
  if (found.length !== 1) throw new Error(`${found.length} samples start with ${prefix}`);
  return found[0]!.line;
}
