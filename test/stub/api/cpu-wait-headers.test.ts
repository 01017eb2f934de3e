// Invoke's answer carries the invocation's wait for a CPU in two headers of
// coldbench's own, with or without a log tail, while the REPORT line stays
// exactly Lambda's (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
// shows its fields: RequestId, Duration, Billed Duration, Memory Size, Max
// Memory Used, and Init Duration on a cold start).

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CPU_THROTTLED_HEADER, HOST_WAIT_HEADER, LocalLambda } from '../../../src/stub';
import { FIXTURES } from '../service-helpers';

let service: LocalLambda;
let url: string;

beforeAll(async () => {
  service = new LocalLambda({
    functions: [{ name: 'spin', codeDir: path.join(FIXTURES, '..', 'run', 'functions', 'spinner'), memoryMb: 256, timeoutSec: 30 }],
    host: '127.0.0.1',
    port: 0,
    onWarning: () => undefined,
  });
  url = await service.start();
});
afterAll(async () => {
  await service.stop();
});

async function invoke(tail: boolean): Promise<Response> {
  const res = await fetch(`${url}/2015-03-31/functions/spin/invocations`, {
    method: 'POST',
    body: JSON.stringify({ cpuMs: 20 }),
    headers: tail ? { 'X-Amz-Log-Type': 'Tail' } : {},
  });
  await res.arrayBuffer();
  return res;
}

const MS = /^(0|[1-9]\d*)(\.\d{1,3})?$/;

describe('Invoke: the wait for a CPU in headers of its own', () => {
  it('sends both figures as plain milliseconds, with a log tail and without', async () => {
    await invoke(false); // cold start
    for (const tail of [true, false]) {
      const res = await invoke(tail);
      expect(res.status).toBe(200);
      const host = res.headers.get(HOST_WAIT_HEADER);
      const throttled = res.headers.get(CPU_THROTTLED_HEADER);
      expect(host).toMatch(MS);
      expect(throttled).toMatch(MS);
      if (tail) {
        const log = Buffer.from(res.headers.get('X-Amz-Log-Result') ?? '', 'base64').toString('utf8');
        const report = log.split('\n').find((l) => l.startsWith('REPORT '));
        // Lambda's fields and nothing else: the figures travel beside the REPORT line, never in it.
        expect(report).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\t$/);
        const duration = Number(/\tDuration: ([\d.]+) ms/.exec(report as string)?.[1]);
        expect(Number(host) + Number(throttled)).toBeLessThanOrEqual(duration + 1);
      }
    }
  }, 60_000);

  it('sends neither on an answer that never reached a runtime (DryRun)', async () => {
    const res = await fetch(`${url}/2015-03-31/functions/spin/invocations`, { method: 'POST', body: '{}', headers: { 'X-Amz-Invocation-Type': 'DryRun' } });
    expect(res.status).toBe(204);
    expect(res.headers.get(HOST_WAIT_HEADER)).toBeNull();
  });
});
