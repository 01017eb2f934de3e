// A function printing 20 MB per invocation without line breaks does not grow
// the service without bound (issue 16): the log store keeps at most 8 MiB per
// stream and 64 MiB in all, measured by its own byte count.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { DEFAULT_LOG_LIMITS } from '../../../src/stub/engine/log-store';
import { request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

const PRINT = 20 * 1000 * 1000;

describe('engine: the log store is bounded in bytes', () => {
  it('keeps at most 8 MiB per stream and 64 MiB in all when functions print 20 MB per invocation', async () => {
    expect(DEFAULT_LOG_LIMITS).toMatchObject({ maxBytesPerStream: 8 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 });
    const fn = snapshot('engine-guard', { timeoutSec: 30, memoryMb: 1024 });
    for (let i = 0; i < 3; i++) {
      const out = await engine.invoke(request(fn, { name: `n${i}`, printBytes: PRINT }));
      expect(out.kind).toBe('response');
      expect(engine.logs.stats().bytes).toBeLessThanOrEqual(DEFAULT_LOG_LIMITS.maxBytesPerStream);
    }
    // The newest output is what is kept: the last REPORT is there.
    const stream = engine.logs.streams(`/aws/lambda/${fn.name}`)[0];
    const events = engine.logs.events(stream.logGroupName, stream.logStreamName);
    expect(events.at(-1)?.message).toMatch(/^REPORT RequestId: /);
    // Ten functions (ten streams) of 20 MB each: 200 MB printed, at most 64 MiB kept.
    for (let i = 0; i < 10; i++) {
      await engine.invoke(request(snapshot('engine-guard', { name: `chatty-${i}`, timeoutSec: 30, memoryMb: 1024 }), { printBytes: PRINT }));
      expect(engine.logs.stats().bytes).toBeLessThanOrEqual(DEFAULT_LOG_LIMITS.maxTotalBytes);
    }
    expect(engine.logs.stats().bytes).toBeGreaterThan(DEFAULT_LOG_LIMITS.maxTotalBytes / 2);
  }, 120_000);
});
