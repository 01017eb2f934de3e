// logs/: the log tails of failed invocations, one file each, never more than the limit.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FailureLogs, LOG_FILES_KEPT, logFileName } from '../../src/report/logs';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('FailureLogs', () => {
  it('writes the first 100 failures with a tail, one file each, and nothing for successes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-logs-'));
    dirs.push(dir);
    const logs = new FailureLogs(dir);
    logs.add({ seq: 1, request_id: 'ok-1', status: 'ok' }, 'START\n');
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
    logs.add({ seq: 2, request_id: 'no-tail', status: 'throttled' }, undefined);
    for (let seq = 3; seq < 3 + LOG_FILES_KEPT + 20; seq++) logs.add({ seq, request_id: `req-${seq}`, status: 'function_error' }, `tail ${seq}`);
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(LOG_FILES_KEPT).toBe(100);
    expect(files).toHaveLength(100);
    expect(files[0]).toBe('000003-req-3.log');
    expect(files.at(-1)).toBe('000102-req-102.log');
    expect(fs.readFileSync(path.join(dir, 'logs', files[0]), 'utf8')).toBe('tail 3\n');
    expect(logs.filesWritten).toBe(100);
    expect(logs.tailsSkipped).toBe(20);
  });

  it('names a file safely whatever the request id', () => {
    expect(logFileName(7, '../x/y')).toBe('000007-.._x_y.log');
    expect(logFileName(12, undefined)).toBe('000012-no-request-id.log');
  });
});
