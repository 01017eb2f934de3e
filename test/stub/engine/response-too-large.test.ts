// A response over Lambda's 6 MB limit is Function.ResponseSizeTooLarge
// whatever its size, and the environment serves the next invocation
// (issue 16): the Runtime API reads and discards the body, counting it, and
// answers the runtime 413. Limit: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import type { InvokeOutcome } from '../../../src/stub/engine/types';
import { initMs, request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

const MB = 1000 * 1000;

function payloadOf(outcome: InvokeOutcome): { functionError: string | undefined; body: string } {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
  return { functionError: outcome.functionError, body: outcome.payload.toString() };
}

describe('engine: a response over the limit', () => {
  it('is Function.ResponseSizeTooLarge at 7 MB and at 20 MB, and the same environment answers next (Node.js)', async () => {
    const fn = snapshot('engine-guard', { timeoutSec: 30, memoryMb: 1024 });
    const first = await engine.invoke(request(fn, { name: 'warm-up' }));
    expect(initMs(first)).toBeGreaterThan(0);
    for (const size of [7 * MB, 20 * MB]) {
      const big = payloadOf(await engine.invoke(request(fn, { responseBytes: size })));
      expect(big.functionError, `${size}`).toBe('Unhandled');
      expect(JSON.parse(big.body).errorType, `${size}`).toBe('Function.ResponseSizeTooLarge');
      const next = await engine.invoke(request(fn, { name: `after-${size}` }));
      expect(JSON.parse(payloadOf(next).body).hello).toBe(`after-${size}`);
      // Still the environment of the first invocation: no new init.
      expect(initMs(next), `${size}`).toBeUndefined();
    }
  }, 60_000);

  // The limit is 6 MiB + 100 bytes of the posted body (aws-lambda-runtime-interface-emulator,
  // internal/lambda/interop/model.go MaxPayloadSize; rapi/handler/invocationresponse_test.go, TestResponseTooLarge).
  it('takes a response of exactly 6,291,556 bytes and refuses one byte more, from the Node.js and the Python client', async () => {
    const LIMIT = 6 * 1024 * 1024 + 100;
    const node = snapshot('engine-guard', { name: 'edge-node', timeoutSec: 30, memoryMb: 1024 });
    const python = snapshot('py-big', { name: 'edge-py', runtime: 'python3.12', handler: 'app.handler', timeoutSec: 30, memoryMb: 1024 });
    // A string result is posted as JSON: its characters and two quotes.
    const nodeEvent = (bytes: number) => ({ responseBytes: bytes - 2 });
    const pythonEvent = (bytes: number) => ({ mb: (bytes - 2) / (1024 * 1024) });
    for (const [fn, event] of [[node, nodeEvent], [python, pythonEvent]] as const) {
      const atLimit = payloadOf(await engine.invoke(request(fn, event(LIMIT))));
      expect(atLimit.functionError, fn.name).toBeUndefined();
      expect(atLimit.body.length, fn.name).toBe(LIMIT);
      const over = payloadOf(await engine.invoke(request(fn, event(LIMIT + 1))));
      expect(over.functionError, fn.name).toBe('Unhandled');
      expect(JSON.parse(over.body), fn.name).toEqual({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${LIMIT} bytes).`,
      });
    }
  }, 60_000);

  it('is Function.ResponseSizeTooLarge at 20 MB from the Python client too, and the environment lives on', async () => {
    const fn = snapshot('py-big', { runtime: 'python3.12', handler: 'app.handler', timeoutSec: 30, memoryMb: 1024 });
    const big = payloadOf(await engine.invoke(request(fn, { mb: 20 })));
    expect(JSON.parse(big.body).errorType).toBe('Function.ResponseSizeTooLarge');
    const next = await engine.invoke(request(fn, { mb: 1 }));
    expect(payloadOf(next).functionError).toBeUndefined();
    expect(initMs(next)).toBeUndefined();
  }, 60_000);
});
