// The aws target with responseStreaming against the local service (the
// unmodified SDK, an endpoint override): each attempt's time to first byte,
// its outcome from InvokeComplete (a failure mid-stream or before any byte),
// and its start type from the REPORT line in InvokeComplete's log tail.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub';
import { AwsTarget } from '../../src/targets/aws';
import { Journal } from '../../src/targets/journal';
import { FIXTURES } from '../stub/service-helpers';

let service: LocalLambda;
let target: AwsTarget;

beforeAll(async () => {
  const code = path.join(FIXTURES, 'stream-node');
  service = new LocalLambda({
    functions: [{ name: 'stream-node', codeDir: code }, { name: 'stream-short', codeDir: code, timeoutSec: 1 }],
    onWarning: () => undefined,
  });
  const endpoint = await service.start();
  target = new AwsTarget({
    function: 'stream-node', region: 'us-east-1', endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    journal: Journal.inMemory(), responseStreaming: true,
  });
  await target.open();
});

afterAll(async () => {
  await target?.close();
  await service?.stop();
});

const invoke = (event: unknown) => target.invoke(Buffer.from(JSON.stringify(event)), performance.now());

describe('aws target, responseStreaming', () => {
  it('measures the time to the first PayloadChunk, below the time to the stream\'s end; cold, then warm', async () => {
    const cold = await invoke({ pauseMs: 200 });
    expect(cold.status).toBe('ok');
    expect(cold.report?.startType).toBe('cold');
    const warm = await invoke({ pauseMs: 200 });
    expect(warm.report?.startType).toBe('warm');
    for (const a of [cold, warm]) {
      expect(a.ttfbMs).toBeGreaterThan(0);
      expect(a.clientMs - (a.ttfbMs as number)).toBeGreaterThan(100);
      expect(a.requestId).toBe(a.report?.requestId);
    }
  });

  it('a failure mid-stream: function_error with InvokeComplete\'s ErrorCode and ErrorDetails, ttfb of the chunk before it', async () => {
    const a = await invoke({ mode: 'fail' });
    expect(a.status).toBe('function_error');
    expect(a.errorType).toBe('TypeError');
    expect(a.errorMessage).toBe('broke mid-stream');
    expect(a.ttfbMs).toBeDefined();
    expect(a.logTail).toContain('Invoke Error');
  });

  it('a timeout: status timeout, Sandbox.Timedout', async () => {
    const short = new AwsTarget({
      function: 'stream-short', region: 'us-east-1', endpoint: service.endpoint as string, credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      journal: Journal.inMemory(), responseStreaming: true,
    });
    await short.open();
    try {
      const a = await short.invoke(Buffer.from('{"mode":"hang"}'), performance.now());
      expect(a.status).toBe('timeout');
      expect(a.errorType).toBe('Sandbox.Timedout');
    } finally {
      await short.close();
    }
  });
});
