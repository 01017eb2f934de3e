// The API front on raw sockets: plain Invokes answered on the raw path, every
// other request handed with its connection to node:http, answers in request
// order either way.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness';

let api: Api;
let port: number;

beforeAll(async () => {
  api = await startApi();
  port = Number(new URL(api.url).port);
});

afterAll(async () => {
  await api?.close();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Reads HTTP responses off `bytes` (interim 1xx answers included); returns those complete. */
function parseResponses(bytes: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let pos = 0;
  for (;;) {
    const headEnd = bytes.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) return out;
    const lines = bytes.toString('latin1', pos, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (bytes.length < headEnd + 4 + length) return out;
    out.push({ status: Number(lines[0]?.split(' ')[1]), headers, body: bytes.toString('utf8', headEnd + 4, headEnd + 4 + length) });
    pos = headEnd + 4 + length;
  }
}

/** Writes `chunks` on one connection (each chunk one write) and collects `count` responses. */
function exchange(chunks: readonly (string | Buffer)[], count: number, endAfter = false): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`only ${parseResponses(got).length} of ${count} answers: ${got.toString('latin1')}`)); }, 10_000);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const responses = parseResponses(got);
      if (responses.length >= count) {
        clearTimeout(timer);
        socket.destroy();
        resolve(responses);
      }
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (endAfter) socket.end();
    });
  });
}

const invoke = (body: string, extra = ''): string =>
  `POST /2015-03-31/functions/api-hello/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('API front', () => {
  it('answers a plain Invoke with the headers node:http would send, and keeps the connection', async () => {
    const [a, b] = await exchange([invoke('{"n":1}'), invoke('{"n":2}')], 2);
    for (const [r, n] of [[a, 1], [b, 2]] as const) {
      expect(r?.status).toBe(200);
      expect(r?.body).toBe(`{"n":${n}}`);
      expect(r?.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r?.headers['content-type']).toBe('application/json');
      expect(r?.headers['x-amz-executed-version']).toBe('$LATEST');
      expect(r?.headers['connection']).toBe('keep-alive');
      expect(Number.isNaN(Date.parse(r?.headers['date'] ?? ''))).toBe(false);
    }
    expect(a?.headers['x-amzn-requestid']).not.toBe(b?.headers['x-amzn-requestid']);
  });

  it('serves the control plane on the raw path too, and answers pipelined requests in order', async () => {
    const config = 'GET /2015-03-31/functions/api-hello/configuration HTTP/1.1\r\nHost: x\r\n\r\n';
    const update = (memory: number): string => {
      const body = JSON.stringify({ MemorySize: memory });
      return `PUT /2015-03-31/functions/api-hello/configuration HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    };
    const [first, second, third, fourth] = await exchange([invoke('{"n":"a"}') + config + update(256) + invoke('{"n":"b"}')], 4);
    expect(first?.body).toBe('{"n":"a"}');
    expect(JSON.parse(second?.body ?? '{}')).toMatchObject({ FunctionName: 'api-hello', MemorySize: 128 });
    expect(JSON.parse(third?.body ?? '{}')).toMatchObject({ FunctionName: 'api-hello', MemorySize: 256 });
    expect(fourth?.body).toBe('{"n":"b"}');
    await exchange([update(128)], 1);
  });

  it('hands the connection to node:http at the first request it does not serve, after its own answers', async () => {
    const chunked = 'POST /2015-03-31/functions/api-hello/invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{"c":2}\r\n0\r\n\r\n';
    const unknown = 'GET /2015-03-31/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n';
    const [a, b, c, d] = await exchange([invoke('{"n":1}') + chunked + unknown + invoke('{"n":3}')], 4);
    expect(a?.body).toBe('{"n":1}');
    expect(b?.body).toBe('{"c":2}');
    expect(c?.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException/);
    expect(d?.body).toBe('{"n":3}');
  });

  it('a body split across writes is waited for', async () => {
    const whole = invoke('{"split":"across two writes"}');
    const cut = whole.length - 10;
    const [r] = await exchange([whole.slice(0, cut), whole.slice(cut)], 1);
    expect(r?.body).toBe('{"split":"across two writes"}');
  });

  it('takes a payload near Lambda\'s limit arriving in many small writes', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(5_000_000) });
    const whole = Buffer.from(invoke(payload));
    const pieces: Buffer[] = [];
    for (let at = 0; at < whole.length; at += 65_536) pieces.push(whole.subarray(at, at + 65_536));
    const [r] = await exchange(pieces, 1);
    expect(r?.status).toBe(200);
    expect(r?.body.length).toBe(payload.length);
    expect(r?.body === payload).toBe(true);
  });

  it('hands over what it does not serve: chunked bodies, Expect: 100-continue, oversized payloads, malformed requests', async () => {
    const chunked = 'POST /2015-03-31/functions/api-hello/invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{"c":1}\r\n0\r\n\r\n';
    expect((await exchange([chunked], 1))[0]?.body).toBe('{"c":1}');

    const [cont, answer] = await exchange([invoke('{"e":1}', 'Expect: 100-continue\r\n')], 2);
    expect(cont?.status).toBe(100);
    expect(answer?.body).toBe('{"e":1}');

    const big = 'POST /2015-03-31/functions/api-hello/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 6291457\r\n\r\n';
    const [tooLarge] = await exchange([big, Buffer.alloc(6_291_457, 0x20)], 1);
    expect(tooLarge?.status).toBe(413);
    expect(tooLarge?.headers['x-amzn-errortype']).toMatch(/^RequestTooLargeException/);

    const [bad] = await exchange(['POST /2015-03-31/functions/api-hello/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nBad Header\r\n\r\n{}'], 1);
    expect(bad?.status).toBe(400);
  });

  it('Lambda errors keep their shape on the raw path', async () => {
    const [missing] = await exchange([invoke('{}').replace('api-hello', 'no-such-function')], 1);
    expect(missing?.status).toBe(404);
    expect(missing?.headers['x-amzn-errortype']).toMatch(/^ResourceNotFoundException/);
    const [notJson] = await exchange([invoke('{not json')], 1);
    expect(notJson?.status).toBe(400);
    expect(JSON.parse(notJson?.body ?? '{}')).toMatchObject({ Type: 'User' });
  });

  it('a client that ends its side after asking still gets the answer', async () => {
    const [r] = await exchange([invoke('{"bye":true}')], 1, true);
    expect(r?.body).toBe('{"bye":true}');
  });
});
