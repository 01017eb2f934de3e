// Every service error arrives as Lambda sends it: the SDK raises the modelled
// exception class, and raw HTTP clients see x-amzn-ErrorType plus a JSON body
// with Type and message.

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetFunctionCommand, InvalidRequestContentException, InvokeCommand, LambdaServiceException,
  PutFunctionConcurrencyCommand, DeleteFunctionConcurrencyCommand, RequestTooLargeException,
  ResourceNotFoundException, TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

/** node:http, not fetch: fetch normalises paths (%2E%2E, ..) before sending them. */
function raw(method: string, path: string, body?: string | Buffer): Promise<{ status: number; type: string | undefined; doc: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(api.url);
    const req = http.request({ hostname, port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        type: res.headers['x-amzn-errortype'] as string | undefined,
        doc: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      }));
    });
    // The server may answer and close before a huge body is fully sent.
    req.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err); });
    req.end(body);
  });
}

describe('modelled exceptions through the SDK', () => {
  it('ResourceNotFoundException for an unknown function, version and alias', async () => {
    for (const [name, q] of [['nope', undefined], ['api-hello', '42'], ['api-hello', 'no-such-alias']] as const) {
      const err = await api.client.send(new InvokeCommand({ FunctionName: name, ...(q ? { Qualifier: q } : {}) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect((err as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    }
  });

  it('InvalidRequestContentException for a payload that is not JSON', async () => {
    const err = await api.client.send(new InvokeCommand({ FunctionName: 'api-hello', Payload: Buffer.from('{not json') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestContentException);
    expect((err as InvalidRequestContentException).Type).toBe('User');
  });

  it('RequestTooLargeException for a 7 MB payload, and the connection still serves', async () => {
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(7 * 1024 * 1024) }));
    const err = await api.client.send(new InvokeCommand({ FunctionName: 'api-hello', Payload: big })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTooLargeException);
    expect((err as RequestTooLargeException).$metadata.httpStatusCode).toBe(413);
    const ok = await api.client.send(new GetFunctionCommand({ FunctionName: 'api-hello' }));
    expect(ok.Configuration?.FunctionName).toBe('api-hello');
  });

  it('a payload of exactly 6 MB is accepted', async () => {
    const json = `"${'x'.repeat(6_291_456 - 2)}"`;
    const out = await api.client.send(new InvokeCommand({ FunctionName: 'api-hello', Payload: Buffer.from(json) }));
    expect(out.StatusCode).toBe(200);
    expect(out.Payload?.length).toBe(6_291_456);
  });

  it('TooManyRequestsException with its Reason when the engine throttles or reserved concurrency is 0', async () => {
    api.engine.throttle = true;
    try {
      const err = await api.client.send(new InvokeCommand({ FunctionName: 'api-hello' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TooManyRequestsException);
      expect((err as TooManyRequestsException).Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
      expect((err as TooManyRequestsException).retryAfterSeconds).toBe('1');
    } finally {
      api.engine.throttle = false;
    }
    await api.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-hello', ReservedConcurrentExecutions: 0 }));
    const before = api.engine.invocations.length;
    const err = await api.client.send(new InvokeCommand({ FunctionName: 'api-hello' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(api.engine.invocations.length).toBe(before);
    await api.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'api-hello' }));
  });

  it('names with / or .. never reach a function', async () => {
    for (const name of ['../api-hello', 'a/b', '..', 'api-hello/..']) {
      const err = await api.client.send(new GetFunctionCommand({ FunctionName: name })).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(LambdaServiceException);
      expect([400, 404], name).toContain((err as LambdaServiceException).$metadata.httpStatusCode);
    }
  });
});

describe('Lambda error shape over raw HTTP', () => {
  it('unknown routes and methods', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/nope'], ['PATCH', '/2015-03-31/functions/api-hello'], ['GET', '/2015-03-31/functions/a/b/c/d/e']]) {
      const r = await raw(method as string, path as string);
      expect(r.status, path).toBe(404);
      expect(r.type).toBe('UnknownOperationException');
      expect(r.doc).toMatchObject({ Type: 'User' });
      expect(typeof r.doc.message).toBe('string');
    }
  });

  it('malformed JSON body on UpdateFunctionConfiguration', async () => {
    const r = await raw('PUT', '/2015-03-31/functions/api-hello/configuration', '{"MemorySize": ');
    expect(r.status).toBe(400);
    expect(r.type).toBe('InvalidRequestContentException');
    expect(r.doc.Type).toBe('User');
  });

  it('names with encoded / and .., and bad percent-encoding', async () => {
    for (const name of ['..%2Fapi-hello', '%2E%2E', '..', 'a%2Fb', '%E0%A4%A']) {
      const r = await raw('GET', `/2015-03-31/functions/${name}/configuration`);
      expect([400, 404], name).toContain(r.status);
      expect(r.type, name).toMatch(/^(ValidationException|ResourceNotFoundException)$/);
      expect(typeof r.doc.message).toBe('string');
    }
  });

  it('a body far over the limit is refused without reading it all', async () => {
    const r = await raw('POST', '/2015-03-31/functions/api-hello/invocations', Buffer.alloc(70 * 1024 * 1024, 0x20));
    expect(r.status).toBe(413);
    expect(r.type).toBe('RequestTooLargeException');
  });
});
