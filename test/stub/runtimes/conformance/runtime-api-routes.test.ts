// The Runtime API's routes and the event a `provided` bootstrap is handed:
// /next's headers, methods and paths the router refuses. Each case names the
// AWS file it comes from, in aws/aws-lambda-runtime-interface-emulator
// (internal/lambda/…).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_REQUEST_ID_BODY, ProbeService } from './runtime-api-probe';

const svc = new ProbeService();
beforeAll(() => svc.start([{ name: 'rapi-routes', timeout: 7 }]));
afterAll(() => svc.stop());

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:rapi-routes';

describe('Runtime API routes and event headers (provided bootstrap)', () => {
  // rapi/rendering/rendering.go, renderInvokeHeaders; https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html (Next invocation).
  it('hands the event over with the request id, deadline, function ARN and trace id headers', async () => {
    const before = Date.now();
    const { invoked, report } = await svc.stepsThenReport('rapi-routes', []);
    const h = report.next.headers;
    expect(report.next.status).toBe(200);
    expect(h['lambda-runtime-aws-request-id']).toBe(invoked.requestId);
    expect(h['lambda-runtime-invoked-function-arn']).toBe(ARN);
    expect(h['content-type']).toBe('application/json');
    expect(h['lambda-runtime-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    // The deadline is the hand-over plus the function's timeout (7 s), in epoch milliseconds.
    const deadline = Number(h['lambda-runtime-deadline-ms']);
    expect(deadline).toBeGreaterThanOrEqual(before + 7000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 7000);
  });

  // rendering/rendering.go, renderInvokeHeaders: headers with no value are not sent.
  it('sends no Client-Context or Cognito-Identity header when the caller sent none', async () => {
    const { report } = await svc.stepsThenReport('rapi-routes', []);
    expect(Object.keys(report.next.headers)).not.toContain('lambda-runtime-client-context');
    expect(Object.keys(report.next.headers)).not.toContain('lambda-runtime-cognito-identity');
  });

  // rendering/rendering.go, renderInvokeHeaders (Lambda-Runtime-Client-Context); the Invoke API's X-Amz-Client-Context is base64 JSON.
  it('passes the caller\'s client context as Lambda-Runtime-Client-Context', async () => {
    const context = { custom: { tenant: 'a' }, env: { platform: 'test' } };
    const invoked = await svc.invoke('rapi-routes', { thenReport: true }, { ClientContext: Buffer.from(JSON.stringify(context)).toString('base64') });
    const report = JSON.parse(invoked.text) as { next: { headers: Record<string, string> } };
    expect(JSON.parse(report.next.headers['lambda-runtime-client-context'] ?? 'null')).toEqual(context);
  });

  // rendering/rendering.go, RenderRuntimeEvent: the body is the invoke payload, byte for byte.
  it('hands over the caller\'s payload byte for byte', async () => {
    const event = { thenReport: true, text: 'héllo\u2028<&>', n: [1, 2.5, null] };
    const invoked = await svc.invoke('rapi-routes', event);
    const report = JSON.parse(invoked.text) as { next: { body: string } };
    expect(report.next.body).toBe(JSON.stringify(event));
  });

  // rapi/router_test.go, Test405MethodNotAllowed.
  it('answers 405 with Allow: POST to another method on a result or init error path', async () => {
    const { report } = await svc.stepsThenReport('rapi-routes', [
      { m: 'DELETE', p: '/runtime/invocation/ABC/error' },
      { m: 'GET', p: '/runtime/invocation/{id}/response' },
      { m: 'PUT', p: '/runtime/init/error', b: '{}' },
    ]);
    for (const seen of report.seen) {
      expect(seen.status).toBe(405);
      expect(seen.headers.allow).toBe('POST');
      expect(seen.body).toBe('');
    }
  });

  // chi's router (rapi/router.go): /runtime/invocation/next is a GET route; another method is 405, not 404.
  it('answers 405 with Allow: GET to a POST on /next, and the invocation goes on', async () => {
    const { invoked, report } = await svc.stepsThenReport('rapi-routes', [{ m: 'POST', p: '/runtime/invocation/next', b: '{}' }]);
    expect(report.seen[0]).toMatchObject({ status: 405, body: '', headers: { allow: 'GET' } });
    expect(invoked.functionError).toBeUndefined();
  });

  // rapi/router_test.go, Test404PageNotFound and TestInitCachingAPIDisabledForPlainInit.
  it('answers 404 "404 page not found" to unknown paths, /runtime/restore/next on a plain init included', async () => {
    const { report } = await svc.stepsThenReport('rapi-routes', [
      { m: 'POST', p: '/runtime/unsupported', b: '' },
      { p: '/runtime/restore/next' },
      { p: '/runtime/invocation/{id}' },
    ]);
    for (const seen of report.seen) {
      expect(seen.status).toBe(404);
      expect(seen.body).toBe('404 page not found\n');
      expect(seen.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  // rapi/router.go and handler/ping.go: /ping is kept "to respect Hyrum's Law".
  it('answers GET /2018-06-01/ping with pong', async () => {
    const { report } = await svc.stepsThenReport('rapi-routes', [{ p: '/ping' }]);
    expect(report.seen[0]).toMatchObject({ status: 200, body: 'pong' });
  });

  // rapi/router_test.go, TestAcceptXML: answers are JSON whatever Accept says.
  it('answers in JSON whatever the Accept header asks for', async () => {
    const { report } = await svc.stepsThenReport('rapi-routes', [
      { m: 'POST', p: '/runtime/invocation/x-y-z/error', h: { Accept: 'application/xml' }, b: '' },
    ]);
    expect(report.seen[0]).toMatchObject({ status: 400, body: INVALID_REQUEST_ID_BODY, headers: { 'content-type': 'application/json' } });
  });

  // chi routes on the URL's path: a query string does not change the route.
  it('routes on the path alone: a result posted with a query string is taken', async () => {
    const { invoked, seen } = await svc.steps('rapi-routes', [{ m: 'POST', p: '/runtime/invocation/{id}/response?trace=1', b: '"with query"' }]);
    expect(seen[0]?.status).toBe(202);
    expect(invoked.text).toBe('"with query"');
  });
});
