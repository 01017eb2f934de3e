// Function URLs with InvokeMode RESPONSE_STREAM over real HTTP against the
// real engine: awslambda.HttpResponseStream's prelude becomes the status and
// headers, the body arrives while the function still runs, and a mid-stream
// failure cuts the response.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html

import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionUrlConfigCommand, GetFunctionUrlConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { FIXTURES, clientFor } from '../service-helpers';

let service: LocalLambda;
let lambda: LambdaClient;
let streamUrl: string;
let bufferedUrl: string;

beforeAll(async () => {
  service = new LocalLambda({
    functions: [
      { name: 'stream-node', codeDir: path.join(FIXTURES, 'stream-node') },
      { name: 'url-echo', codeDir: path.join(FIXTURES, 'url-echo') },
    ],
    onWarning: () => undefined,
  });
  lambda = clientFor(await service.start());
  const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'stream-node', AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' }));
  streamUrl = created.FunctionUrl as string;
  const echo = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' }));
  bufferedUrl = echo.FunctionUrl as string;
});

afterAll(async () => {
  lambda?.destroy();
  await service?.stop();
});

interface Got {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** ms after the request: the first body bytes, and the end (or the cut). */
  readonly firstByteAt: number;
  readonly endAt: number;
  readonly complete: boolean;
}

function post(url: string, event: unknown): Promise<Got> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      let firstByteAt = -1;
      const done = (complete: boolean): void => resolve({
        status: res.statusCode ?? 0, headers: res.headers, body, firstByteAt, endAt: performance.now() - t0, complete,
      });
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => {
        if (firstByteAt < 0) firstByteAt = performance.now() - t0;
        body += chunk;
      });
      res.on('end', () => done(res.complete));
      res.on('error', () => done(false));
      res.on('aborted', () => done(false));
    });
    req.on('error', reject);
    req.end(JSON.stringify(event));
  });
}

describe('Function URL, InvokeMode RESPONSE_STREAM', () => {
  it('CreateFunctionUrlConfig accepts RESPONSE_STREAM and reports it', async () => {
    const got = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'stream-node' }));
    expect(got.InvokeMode).toBe('RESPONSE_STREAM');
  });

  it('HttpResponseStream.from: status, headers and cookies from the prelude, the body after it, streamed', async () => {
    const got = await post(streamUrl, { mode: 'http', pauseMs: 300 });
    expect(got.status).toBe(201);
    expect(got.headers['content-type']).toBe('text/plain');
    expect(got.headers['x-fixture']).toBe('stream-node');
    expect(got.headers['set-cookie']).toEqual(['a=1; Path=/']);
    expect(got.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.body).toBe('hello from a stream');
    expect(got.complete).toBe(true);
    // The handler pauses 300 ms between its writes: the first part came before the end.
    expect(got.endAt - got.firstByteAt).toBeGreaterThan(150);
  });

  it('a plain stream: 200 with the Content-Type the handler set', async () => {
    const got = await post(streamUrl, { pauseMs: 0 });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('text/plain');
    expect(got.body).toBe('firstsecond');
  });

  it('a failure mid-stream cuts the response', async () => {
    const got = await post(streamUrl, { mode: 'fail' });
    expect(got.status).toBe(200);
    expect(got.complete).toBe(false);
    expect(got.body).toBe('partial');
  });

  it('a function that does not stream is answered as in BUFFERED mode', async () => {
    const res = await fetch(`${bufferedUrl}status/203`);
    expect(res.status).toBe(203);
    expect(res.headers.get('x-from')).toBe('handler');
    expect(await res.text()).toBe('status body');
  });
});
