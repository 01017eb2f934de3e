// Function URL configs through the real Lambda SDK, and the Function URL
// front over real HTTP against the real engine: the 2.0 event the handler
// sees, and how its answer (or failure) becomes the response.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, CreateFunctionUrlConfigCommand, DeleteAliasCommand, DeleteFunctionUrlConfigCommand, GetFunctionUrlConfigCommand,
  LambdaClient, ListFunctionUrlConfigsCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  ResourceConflictException, ResourceNotFoundException, UpdateFunctionUrlConfigCommand, DeleteFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { FIXTURES, clientFor } from '../service-helpers';

let service: LocalLambda;
let lambda: LambdaClient;
let endpoint: string;
let url: string;

beforeAll(async () => {
  service = new LocalLambda({
    functions: [{ name: 'url-echo', codeDir: path.join(FIXTURES, 'url-echo') }],
    onWarning: () => undefined,
  });
  endpoint = await service.start();
  lambda = clientFor(endpoint);
  const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', AuthType: 'NONE' }));
  url = created.FunctionUrl as string;
});

afterAll(async () => {
  lambda?.destroy();
  await service?.stop();
});

describe('Function URL configs', () => {
  it('CreateFunctionUrlConfig returns a URL on the same service, under a path', () => {
    expect(url).toBe(`${endpoint}/lambda-url/url-echo/`);
  });

  it('Get, Update, List and a second Create (conflict)', async () => {
    const got = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-echo' }));
    expect(got.FunctionUrl).toBe(url);
    expect(got.AuthType).toBe('NONE');
    expect(got.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:url-echo');
    const updated = await lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'url-echo', Cors: { AllowOrigins: ['*'] } }));
    expect(updated.Cors?.AllowOrigins).toEqual(['*']);
    const again = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', AuthType: 'NONE' })).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ResourceConflictException);
    const list = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'url-echo' }));
    expect(list.FunctionUrlConfigs?.map((c) => c.FunctionUrl)).toEqual([url]);
  });

  it('a URL on an alias has its own path; Delete removes it and the front then answers 404', async () => {
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: 'url-echo' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'url-echo', Name: 'live', FunctionVersion: v.Version }));
    const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', Qualifier: 'live', AuthType: 'NONE' }));
    expect(created.FunctionUrl).toBe(`${endpoint}/lambda-url/url-echo:live/`);
    expect((await fetch(`${created.FunctionUrl as string}plain`)).status).toBe(200);
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-echo', Qualifier: 'live' }));
    const gone = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-echo', Qualifier: 'live' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    const res = await fetch(`${created.FunctionUrl as string}plain`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('deleting an alias deletes its URL: an alias made again under that name starts without one', async () => {
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: 'url-echo' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'url-echo', Name: 'again', FunctionVersion: v.Version }));
    await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', Qualifier: 'again', AuthType: 'NONE' }));
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'url-echo', Name: 'again' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'url-echo', Name: 'again', FunctionVersion: v.Version }));
    const gone = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-echo', Qualifier: 'again' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect((await fetch(`${endpoint}/lambda-url/url-echo:again/plain`)).status).toBe(404);
  });

  it('a function without a URL config has no URL', async () => {
    const res = await fetch(`${endpoint}/lambda-url/nope/`);
    expect(res.status).toBe(404);
  });
});

describe('the Function URL front', () => {
  it('hands the handler a payload format 2.0 event', async () => {
    const res = await fetch(`${url}event/a%20b?x=1&x=2&y=z`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'Yes', Cookie: 'c1=v1; c2=v2', 'User-Agent': 'coldbench-test' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(res.status).toBe(200);
    const event = (await res.json()) as Record<string, unknown> & { requestContext: Record<string, unknown> & { http: Record<string, unknown> } };
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/event/a%20b');
    expect(event.rawQueryString).toBe('x=1&x=2&y=z');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: 'z' });
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    const headers = event.headers as Record<string, string>;
    expect(headers['x-custom']).toBe('Yes');
    expect(headers.cookie).toBeUndefined();
    expect(event.body).toBe('{"n":1}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http).toMatchObject({ method: 'POST', path: '/event/a%20b', protocol: 'HTTP/1.1', userAgent: 'coldbench-test' });
    expect(event.requestContext.requestId).toBe(res.headers.get('x-amzn-requestid'));
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  });

  it('base64-encodes a binary body', async () => {
    const res = await fetch(`${url}event`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3]) });
    const event = (await res.json()) as { body: string; isBase64Encoded: boolean };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(Buffer.from([1, 2, 3]));
  });

  it('maps a plain value to 200 JSON and a structured answer to its status, headers, cookies and body', async () => {
    const plain = await fetch(`${url}plain`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    const body = (await plain.json()) as { hello: string; requestId: string };
    expect(body.hello).toBe('world');
    // The request id on the response is the one the function ran with (and logs in REPORT).
    expect(body.requestId).toBe(plain.headers.get('x-amzn-requestid'));

    const teapot = await fetch(`${url}status/418`);
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('x-from')).toBe('handler');
    expect(await teapot.text()).toBe('status body');

    const cookies = await fetch(`${url}cookies`);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1', 'b=2; Path=/']);

    const binary = await fetch(`${url}binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));

    // Framing headers and the request id stay the front's, whatever the function says.
    const framed = await fetch(`${url}framing`);
    expect(await framed.text()).toBe('framed');
    expect(framed.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a function error is 502, a malformed answer is 502, a throttle is 429 — each with a request id', async () => {
    const failed = await fetch(`${url}fail`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ Message: 'Internal Server Error' });
    expect(failed.headers.get('x-amzn-requestid')).toBeTruthy();

    expect((await fetch(`${url}bad-status`)).status).toBe(502);
    // A header Node cannot write is the function's fault, not the service's end.
    const badHeader = await fetch(`${url}bad-header`);
    expect(badHeader.status).toBe(502);
    expect((await fetch(`${url}plain`)).status).toBe(200);

    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'url-echo', ReservedConcurrentExecutions: 0 }));
    try {
      const throttled = await fetch(`${url}plain`);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('x-amzn-requestid')).toBeTruthy();
    } finally {
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'url-echo' }));
    }
  });

  it('writes START/END/REPORT for the request id the response carries', async () => {
    const res = await fetch(`${url}plain`);
    const id = res.headers.get('x-amzn-requestid') as string;
    const group = '/aws/lambda/url-echo';
    const lines = service.logs.streams(group).flatMap((s) => service.logs.events(group, s.logStreamName).map((e) => e.message));
    expect(lines.some((l) => l.startsWith(`REPORT RequestId: ${id}`))).toBe(true);
  });
});
