// The response size as the Runtime API counts it: 6 MiB + 100 bytes
// (6,291,556), on the body's data. Each case names the AWS file it comes
// from, in aws/aws-lambda-runtime-interface-emulator (internal/lambda/…);
// the number is also the one real Lambda names in its error ("Response payload
// size exceeded maximum allowed payload size (6291556 bytes).").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_BODY, invalidTransitionBody, ProbeService, type Step } from './runtime-api-probe';

const LIMIT = 6 * 1024 * 1024 + 100;
const TOO_LARGE_BODY = `{"errorMessage":"Exceeded maximum allowed payload size (${LIMIT} bytes).","errorType":"RequestEntityTooLarge"}\n`;

const svc = new ProbeService();
beforeAll(() => svc.start([{ name: 'rapi-size', memorySize: 1024, timeout: 30 }]));
afterAll(() => svc.stop());

const respond = (bytes: number, chunked?: number): Step => ({ m: 'POST', p: '/runtime/invocation/{id}/response', b: { fill: bytes }, ...(chunked !== undefined ? { chunked } : {}) });

/** The caller's document for a response over the limit. */
const tooLargeForCaller = { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${LIMIT} bytes).` };

describe('Runtime API response size (provided bootstrap)', () => {
  // interop/model.go, MaxPayloadSize = 6*1024*1024 + 100: a response of exactly that many bytes is taken.
  it(`takes a response of exactly ${LIMIT} bytes (Content-Length), and the caller gets all of it`, async () => {
    const { invoked, seen } = await svc.steps('rapi-size', [respond(LIMIT)]);
    expect(seen[0]).toMatchObject({ status: 202, body: ACCEPTED_BODY });
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.payload.length).toBe(LIMIT);
    expect(invoked.payload.every((b) => b === 0x61)).toBe(true);
  }, 60_000);

  // rapi/handler/invocationresponse_test.go, TestResponseTooLarge (MaxPayloadSize + 1): 413 to the runtime,
  // Function.ResponseSizeTooLarge to the caller (interop/model.go, ErrorResponseTooLarge.AsErrorResponse).
  it(`answers ${LIMIT + 1} bytes 413 RequestEntityTooLarge, and the caller gets Function.ResponseSizeTooLarge`, async () => {
    const { invoked, seen } = await svc.steps('rapi-size', [respond(LIMIT + 1)]);
    expect(seen[0]).toMatchObject({ status: 413, body: TOO_LARGE_BODY, headers: { 'content-type': 'application/json' } });
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual(tooLargeForCaller);
    expect(invoked.log).toMatch(/\tStatus: error\tError Type: Function\.ResponseSizeTooLarge\n?$/m);
  }, 60_000);

  // handler/invocationresponse.go: a response over the limit still moves the runtime to ResponseSent; the environment lives on.
  it('keeps the environment after a response over the limit: the next invocation is warm', async () => {
    const { invoked: big } = await svc.steps('rapi-size', [respond(20 * 1024 * 1024)]);
    expect(JSON.parse(big.text)).toEqual(tooLargeForCaller);
    const next = await svc.steps('rapi-size', [{ m: 'POST', p: '/runtime/invocation/{id}/response', b: 'after' }]);
    expect(next.invoked.text).toBe('after');
    expect(next.invoked.report?.metrics.initDurationMs).toBeUndefined();
  }, 60_000);

  // handler/invocationresponse.go calls runtime.ResponseSent() after a 413: a response after it is refused as a second one.
  it('refuses a response after a 413 as a second response', async () => {
    const { invoked, seen } = await svc.steps('rapi-size', [respond(LIMIT + 1), { m: 'POST', p: '/runtime/invocation/{id}/response', b: 'late' }]);
    expect(seen.map((s) => s.status)).toEqual([413, 403]);
    expect(seen[1]?.body).toBe(invalidTransitionBody('RuntimeResponseSentState', 'InvocationResponse'));
    expect(JSON.parse(invoked.text)).toEqual(tooLargeForCaller);
  }, 60_000);

  // interop/model.go, MaxPayloadSize counts the body: a chunked body's framing does not count against it.
  it(`takes a chunked response of exactly ${LIMIT} bytes whose framing makes the bytes sent larger`, async () => {
    // 1,000-byte chunks: about 6,300 chunk lines and CRLFs, some 50 KB of framing.
    const { invoked, seen } = await svc.steps('rapi-size', [respond(LIMIT, 1000)]);
    expect(seen[0]).toMatchObject({ status: 202, body: ACCEPTED_BODY });
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.payload.length).toBe(LIMIT);
  }, 60_000);

  it(`answers a chunked response of ${LIMIT + 1} bytes 413`, async () => {
    const { invoked, seen } = await svc.steps('rapi-size', [respond(LIMIT + 1, 1000)]);
    expect(seen[0]).toMatchObject({ status: 413, body: TOO_LARGE_BODY });
    expect(JSON.parse(invoked.text)).toEqual(tooLargeForCaller);
  }, 60_000);
});
