// `coldbench run` (the built executable, a child process) with response
// streaming: the aws target pointed at a separate local service invokes with
// InvokeWithResponseStream, and the local target does the same on its own
// service. Every row's ttfb_ms (the first PayloadChunk) is below its client_ms
// (the whole stream), and cold/warm still come from the REPORT line in
// InvokeComplete's log tail.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DUMMY_AWS_ENV, ROOT, csvHeader, num, readCsv, runCli, separateServiceForSuite, tempDir, writeScenario, type CsvRecord } from '../run/helpers';

const STREAM_NODE = path.join(ROOT, 'test', 'fixtures', 'functions', 'stream-node');
/** The fixture waits this long between its two writes: the first byte is out that long before the end. */
const PAUSE_MS = 200;

const dir = tempDir('coldbench-cli-stream-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const phases = [
  { name: 'cold', pattern: 'cold', count: 2 },
  { name: 'warm', pattern: 'sequential', count: 3 },
];

function checkRows(out: string, rows: CsvRecord[]): void {
  const header = csvHeader(path.join(out, 'invocations.csv'));
  // The contract's place: column 24 (1-based), after host_wait_ms.
  expect(header.indexOf('ttfb_ms')).toBe(23);
  expect(header.indexOf('host_wait_ms')).toBe(22);
  expect(rows).toHaveLength(5);
  for (const row of rows) {
    expect(row.status).toBe('ok');
    expect(row.ttfb_ms).toMatch(/^\d+(\.\d+)?$/);
    const ttfb = num(row.ttfb_ms);
    const client = num(row.client_ms);
    expect(ttfb).toBeGreaterThan(0);
    expect(ttfb).toBeLessThan(client);
    // The handler's pause lies between the first byte and the end of the stream.
    expect(client - ttfb).toBeGreaterThan(PAUSE_MS / 2);
    expect(num(row.duration_ms)).toBeGreaterThanOrEqual(PAUSE_MS);
  }
  expect(rows.map((r) => r.cold)).toEqual(['true', 'true', 'false', 'false', 'false']);
  expect(rows.filter((r) => r.phase === 'cold').every((r) => r.init_ms !== '')).toBe(true);
}

describe('coldbench run with response streaming', () => {
  const service = separateServiceForSuite([{ name: 'stream-node', codeDir: STREAM_NODE }]);

  it('aws target, responseStreaming: ttfb_ms below client_ms on every row, cold/warm from the REPORT line', async () => {
    const file = writeScenario(dir, {
      name: 'stream-aws',
      target: { kind: 'aws', function: 'stream-node', region: 'us-east-1', endpoint: service.endpoint, responseStreaming: true },
      payload: { pauseMs: PAUSE_MS },
      phases,
    }, 'aws.json');
    const out = path.join(dir, 'aws');
    const res = await runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
    expect(res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('local-lambda: warning:'))).toEqual([]);
    expect(res.code).toBe(0);
    checkRows(out, readCsv(path.join(out, 'invocations.csv')));
  });

  it('local target, responseStreaming: the same', async () => {
    const file = writeScenario(dir, {
      name: 'stream-local',
      target: { kind: 'local', function: 'stream-node', code: STREAM_NODE, responseStreaming: true },
      payload: { pauseMs: PAUSE_MS },
      phases,
    }, 'local.json');
    const out = path.join(dir, 'local');
    const res = await runCli(['run', file, '--out', out, '--quiet']);
    expect(res.code).toBe(0);
    checkRows(out, readCsv(path.join(out, 'invocations.csv')));
  });

  it('without the option ttfb_ms stays empty', async () => {
    const file = writeScenario(dir, {
      name: 'buffered',
      target: { kind: 'local', function: 'stream-node', code: STREAM_NODE },
      payload: { pauseMs: 0 },
      phases: [{ name: 'warm', pattern: 'sequential', count: 2 }],
    }, 'buffered.json');
    const out = path.join(dir, 'buffered');
    const res = await runCli(['run', file, '--out', out, '--quiet']);
    expect(res.code).toBe(0);
    expect(readCsv(path.join(out, 'invocations.csv')).map((r) => r.ttfb_ms)).toEqual(['', '']);
  });

  it('responseStreaming must be true or false: exit 2 naming the field', async () => {
    const file = writeScenario(dir, {
      target: { kind: 'aws', function: 'stream-node', region: 'us-east-1', responseStreaming: 'yes' },
      phases: [{ name: 'a', pattern: 'sequential', count: 1 }],
    }, 'bad.json');
    const res = await runCli(['run', file, '--yes']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/bad\.json:\d+.*target\.responseStreaming: must be true or false/);
  });
});
