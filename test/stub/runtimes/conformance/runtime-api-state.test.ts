// The Runtime API's state machine as a `provided` bootstrap meets it. Each
// case names the AWS file it comes from, in
// aws/aws-lambda-runtime-interface-emulator (internal/lambda/…).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_BODY, INVALID_REQUEST_ID_BODY, invalidTransitionBody, ProbeService } from './runtime-api-probe';

const svc = new ProbeService();
beforeAll(() => svc.start([{ name: 'rapi-state' }, { name: 'rapi-state-2' }]));
afterAll(() => svc.stop());

const RESPONSE = { m: 'POST', p: '/runtime/invocation/{id}/response', b: '{"n":1}' } as const;
const SECOND_RESPONSE = { m: 'POST', p: '/runtime/invocation/{id}/response', b: '{"n":2}' } as const;
const ERROR = { m: 'POST', p: '/runtime/invocation/{id}/error', b: '{"errorMessage":"e1","errorType":"E"}' } as const;
const SECOND_ERROR = { m: 'POST', p: '/runtime/invocation/{id}/error', b: '{"errorMessage":"e2","errorType":"E"}' } as const;

describe('Runtime API state machine (provided bootstrap)', () => {
  // rapi/router_test.go, TestInvokeResponseAccepted; rendering/rendering.go, RenderAccepted.
  it('answers a response 202 {"status":"OK"} as JSON, and the caller gets the body as posted', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [RESPONSE]);
    expect(invoked.text).toBe('{"n":1}');
    expect(invoked.functionError).toBeUndefined();
    expect(seen[0]).toMatchObject({ status: 202, body: ACCEPTED_BODY, headers: { 'content-type': 'application/json' } });
  });

  // rapi/router_test.go, TestInvokeResponseTwice; core/states.go (RuntimeResponseSentState allows no response).
  it('refuses a second response with 403 InvalidStateTransition, and the caller keeps the first', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [RESPONSE, SECOND_RESPONSE]);
    expect(invoked.text).toBe('{"n":1}');
    expect(seen.map((s) => s.status)).toEqual([202, 403]);
    expect(seen[1]?.body).toBe(invalidTransitionBody('RuntimeResponseSentState', 'InvocationResponse'));
    expect(seen[1]?.headers['content-type']).toBe('application/json');
  });

  // rapi/router_test.go, TestInvokeErrorResponseTwice.
  it('refuses a second error with 403 InvalidStateTransition, and the caller keeps the first', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [ERROR, SECOND_ERROR]);
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual({ errorMessage: 'e1', errorType: 'E' });
    expect(seen.map((s) => s.status)).toEqual([202, 403]);
    expect(seen[1]?.body).toBe(invalidTransitionBody('RuntimeResponseSentState', 'InvocationErrorResponse'));
  });

  // rapi/router_test.go, TestInvokeErrorResponseAfterResponse.
  it('refuses an error after a response, and the caller gets the response', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [RESPONSE, ERROR]);
    expect(invoked.text).toBe('{"n":1}');
    expect(invoked.functionError).toBeUndefined();
    expect(seen[1]).toMatchObject({ status: 403, body: invalidTransitionBody('RuntimeResponseSentState', 'InvocationErrorResponse') });
  });

  // rapi/router_test.go, TestInvokeResponseAfterErrorResponse.
  it('refuses a response after an error, and the caller gets the error', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [ERROR, RESPONSE]);
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toMatchObject({ errorMessage: 'e1' });
    expect(seen[1]).toMatchObject({ status: 403, body: invalidTransitionBody('RuntimeResponseSentState', 'InvocationResponse') });
  });

  // rapi/router_test.go, TestInvokeResponseInvalidRequestID and TestInvokeErrorResponseInvalidRequestID; middleware/middleware.go.
  it('answers a result for an unknown request id 400 InvalidRequestID, and the invocation goes on', async () => {
    const { invoked, seen } = await svc.steps('rapi-state', [
      { m: 'POST', p: '/runtime/invocation/XYZ/response', b: '{}' },
      { m: 'POST', p: '/runtime/invocation/XYZ/error', b: '{}' },
      RESPONSE,
    ]);
    expect(seen.map((s) => s.status)).toEqual([400, 400, 202]);
    expect(seen[0]?.body).toBe(INVALID_REQUEST_ID_BODY);
    expect(seen[1]?.body).toBe(INVALID_REQUEST_ID_BODY);
    expect(invoked.text).toBe('{"n":1}');
  });

  // middleware/middleware.go, AwsRequestIDValidator: only the current invoke id passes.
  it('answers a result for the previous invocation\'s request id 400 InvalidRequestID', async () => {
    await svc.invoke('rapi-state', { steps: [RESPONSE] });
    const { seen } = await svc.steps('rapi-state', [{ m: 'POST', p: '/runtime/invocation/{prev}/response', b: '{}' }, RESPONSE]);
    expect(seen[0]).toMatchObject({ status: 400, body: INVALID_REQUEST_ID_BODY });
    expect(seen[1]?.status).toBe(202);
  });

  // rapi/router_test.go, TestInitErrorForbidden; handler/initerror.go (RuntimeRunningState allows no InitError).
  it('refuses /init/error after /next with 403, changing nothing: the invocation answers and the environment stays warm', async () => {
    const warm = await svc.invoke('rapi-state-2', { steps: [RESPONSE] });
    const { invoked, report } = await svc.stepsThenReport('rapi-state-2', [
      { m: 'POST', p: '/runtime/init/error', h: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.Late' }, b: '{"errorMessage":"late","errorType":"Late"}' },
    ]);
    expect(report.seen[0]).toMatchObject({ status: 403, body: invalidTransitionBody('Running', 'InitError') });
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.log).not.toContain('Runtime.Late');
    const next = await svc.invoke('rapi-state-2', { steps: [RESPONSE] });
    expect(next.text).toBe('{"n":1}');
    // Same environment: no Init Duration after the first invocation.
    expect(warm.report?.metrics.initDurationMs).toBeDefined();
    expect(next.report?.metrics.initDurationMs).toBeUndefined();
  });

  // core/states.go: RuntimeResponseSentState allows no InitError either.
  it('refuses /init/error after the response too', async () => {
    const { invoked, seen } = await svc.steps('rapi-state-2', [RESPONSE, { m: 'POST', p: '/runtime/init/error', b: '{}' }]);
    expect(invoked.text).toBe('{"n":1}');
    expect(seen[1]).toMatchObject({ status: 403, body: invalidTransitionBody('RuntimeResponseSentState', 'InitError') });
  });

  // rapi/router_test.go, TestInvokeNextTwice; core/states.go, RuntimeRunningState.Ready renders the event again.
  it('hands the same event again to a second /next before the result', async () => {
    const { invoked, report } = await svc.stepsThenReport('rapi-state', [{ p: '/runtime/invocation/next' }]);
    const again = report.seen[0];
    expect(again?.status).toBe(200);
    expect(again?.headers['lambda-runtime-aws-request-id']).toBe(invoked.requestId);
    expect(again?.headers['lambda-runtime-deadline-ms']).toBe(report.next.headers['lambda-runtime-deadline-ms']);
    expect(again?.body).toBe(report.next.body);
  });

  // rapi/router_test.go, TestMoreThanOneInvoke.
  it('takes one response per invocation, invocation after invocation, on one environment', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { invoked, report } = await svc.stepsThenReport('rapi-state', []);
      expect(report.next.status).toBe(200);
      ids.add(report.next.headers['lambda-runtime-aws-request-id'] ?? '');
      expect(invoked.report?.metrics.initDurationMs).toBeUndefined();
    }
    expect(ids.size).toBe(3);
  });
});
