import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type NextWaiter, RuntimeApiServer } from '../../../src/stub/engine/runtime-api';

interface Seen {
  results: { id: string; kind: string; body: string; type: string | undefined }[];
  initErrors: string[];
  waiters: NextWaiter[];
}

let server: RuntimeApiServer | undefined;
/** The server's secret path prefix, put before every route as a runtime told the address does. */
let P = '';
afterEach(() => server?.close());

async function start(): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = { results: [], initErrors: [], waiters: [] };
  server = new RuntimeApiServer({
    next: (w) => seen.waiters.push(w),
    result: (id, kind, body, type) => {
      seen.results.push({ id, kind, body: body.toString(), type });
      return id === 'good';
    },
    initError: (body) => {
      seen.initErrors.push(body.toString());
      return undefined;
    },
  });
  P = `/${server.secret}`;
  return { port: await server.listen('127.0.0.1'), seen };
}

/** A raw client socket that collects everything it receives. */
async function connect(port: number): Promise<{ socket: net.Socket; received: () => string; wait: (pred: (s: string) => boolean) => Promise<string> }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let text = '';
  const listeners: (() => void)[] = [];
  socket.on('data', (d) => {
    text += d.toString('latin1');
    for (const l of listeners) l();
  });
  const wait = (pred: (s: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(text)}`)), 30_000);
      const check = () => {
        if (pred(text)) {
          clearTimeout(t);
          resolve(text);
        }
      };
      listeners.push(check);
      check();
    });
  return { socket, received: () => text, wait };
}

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('Runtime API server', () => {
  it('holds the 202 of a pipelined result until the next event, then sends both together', async () => {
    const { port, seen } = await start();
    const c = await connect(port);
    const body = '{"ok":true}';
    c.socket.write(
      `POST ${P}/2018-06-01/runtime/invocation/good/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        `GET ${P}/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    await tick();
    expect(seen.results).toEqual([{ id: 'good', kind: 'response', body, type: undefined }]);
    expect(seen.waiters).toHaveLength(1);
    expect(c.received()).toBe('');
    seen.waiters[0].send('Lambda-Runtime-Aws-Request-Id: r2\r\nContent-Length: 2\r\n', Buffer.from('{}'));
    const text = await c.wait((s) => s.endsWith('{}'));
    expect(text).toMatch(/^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\{"status":"OK"\}\nHTTP\/1\.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r2\r\nContent-Length: 2\r\n\r\n\{\}$/);
    c.socket.destroy();
  });

  it('answers a lone result at once, reads chunked bodies and error types, honours Expect: 100-continue', async () => {
    const { port, seen } = await start();
    const c = await connect(port);
    c.socket.write(
      `POST ${P}/2018-06-01/runtime/invocation/good/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n` +
        'Lambda-Runtime-Function-Error-Type: Oops\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n',
    );
    await c.wait((s) => s.includes('{"status":"OK"}'));
    expect(seen.results[0]).toEqual({ id: 'good', kind: 'error', body: '{"a":1}', type: 'Oops' });

    const big = 'x'.repeat(2000);
    c.socket.write(`POST ${P}/2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\nContent-Length: ${big.length}\r\nExpect: 100-continue\r\n\r\n`);
    await c.wait((s) => s.includes('100 Continue'));
    c.socket.write(big);
    await c.wait((s) => s.split('{"status":"OK"}').length === 3);
    expect(seen.initErrors).toEqual([big]);
    c.socket.destroy();
  });

  it('reads and discards a body over 6 MB, whatever its size, answers 413 and serves the /next behind it (issue 16)', async () => {
    const { port, seen } = await start();
    const tooLarge: boolean[] = [];
    server?.close();
    server = new RuntimeApiServer({
      next: (w) => seen.waiters.push(w),
      result: (id, _kind, body, _type, large) => {
        tooLarge.push(large);
        seen.results.push({ id, kind: _kind, body: body.toString(), type: undefined });
        return true;
      },
      initError: () => undefined,
    });
    P = `/${server.secret}`;
    const port2 = await server.listen('127.0.0.1');
    expect(port2).not.toBe(port);
    const c = await connect(port2);
    const size = 50 * 1024 * 1024;
    c.socket.write(`POST ${P}/2018-06-01/runtime/invocation/big/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
    const piece = Buffer.alloc(1024 * 1024, 0x78);
    for (let sent = 0; sent < size; sent += piece.length) {
      if (!c.socket.write(piece)) await new Promise((r) => c.socket.once('drain', r));
    }
    c.socket.write(`GET ${P}/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    await c.wait((s) => s.includes('413'));
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 [\s\S]*RequestEntityTooLarge/);
    expect(tooLarge).toEqual([true]);
    expect(seen.results[0]).toMatchObject({ id: 'big', body: '' });
    // The connection lives on: the /next pipelined behind the body is held for the next event.
    for (let i = 0; i < 200 && seen.waiters.length < 1; i++) await tick();
    seen.waiters[0].send('Content-Length: 2\r\n', Buffer.from('{}'));
    await c.wait((s) => s.endsWith('{}'));

    // The same for a chunked body of 20 MB, in chunks of 1 MB.
    c.socket.write(`POST ${P}/2018-06-01/runtime/invocation/big2/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    for (let i = 0; i < 20; i++) {
      if (!c.socket.write(chunk)) await new Promise((r) => c.socket.once('drain', r));
    }
    c.socket.write(`0\r\n\r\nGET ${P}/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    // Pipelined behind its result, the 413 leaves together with the next event (as a 202 does).
    for (let i = 0; i < 200 && seen.waiters.length < 2; i++) await tick();
    expect(tooLarge).toEqual([true, true]);
    expect(seen.results[1]).toMatchObject({ id: 'big2', body: '' });
    seen.waiters[1].send('Content-Length: 3\r\n', Buffer.from('{ }'));
    await c.wait((s) => s.endsWith('{ }'));
    expect(c.received().split(' 413 ')).toHaveLength(3);
    c.socket.destroy();
  });

  // The limit counts the body's data (aws-lambda-runtime-interface-emulator, interop/model.go MaxPayloadSize):
  // a chunked body at the limit is taken although its chunks' framing makes it longer on the wire.
  it('counts a chunked body\'s data, not its framing: at the limit it is taken, one byte more is 413', async () => {
    const limit = 6 * 1024 * 1024 + 100;
    const large: boolean[] = [];
    const lengths: number[] = [];
    server = new RuntimeApiServer({
      next: () => undefined,
      result: (_id, _kind, body, _type, tooLarge) => {
        large.push(tooLarge);
        lengths.push(body.length);
        return true;
      },
      initError: () => undefined,
    });
    P = `/${server.secret}`;
    const c = await connect(await server.listen('127.0.0.1'));
    for (const size of [limit, limit + 1]) {
      c.socket.write(`POST ${P}/2018-06-01/runtime/invocation/r/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      // 100-byte chunks: some 300 KB of framing on top of the data.
      const chunk = Buffer.concat([Buffer.from('64\r\n'), Buffer.alloc(100, 0x61), Buffer.from('\r\n')]);
      const whole = Math.floor(size / 100);
      const batch = Buffer.concat(Array.from({ length: 1000 }, () => chunk));
      for (let sent = 0; sent < whole; sent += 1000) {
        const n = Math.min(1000, whole - sent);
        if (!c.socket.write(n === 1000 ? batch : batch.subarray(0, n * chunk.length))) await new Promise((r) => c.socket.once('drain', r));
      }
      const rest = size - whole * 100;
      c.socket.write(`${rest.toString(16)}\r\n${'a'.repeat(rest)}\r\n0\r\n\r\n`);
    }
    await c.wait((s) => s.includes(' 413 '));
    expect(c.received()).toMatch(/^HTTP\/1\.1 202 [\s\S]*HTTP\/1\.1 413 /);
    expect(large).toEqual([false, true]);
    expect(lengths).toEqual([limit, 0]);
    c.socket.destroy();
  });

  it('answers 405 with Allow to another method on a known path, 404 as text elsewhere, and pong to /ping', async () => {
    const { port } = await start();
    const c = await connect(port);
    c.socket.write(`DELETE ${P}/2018-06-01/runtime/invocation/abc/error HTTP/1.1\r\nContent-Length: 0\r\n\r\n`);
    c.socket.write(`POST ${P}/2018-06-01/runtime/invocation/next HTTP/1.1\r\nContent-Length: 0\r\n\r\n`);
    c.socket.write(`GET ${P}/2018-06-01/runtime/unsupported HTTP/1.1\r\n\r\n`);
    c.socket.write(`GET ${P}/2018-06-01/ping HTTP/1.1\r\n\r\n`);
    const text = await c.wait((s) => s.endsWith('pong'));
    expect(text).toBe(
      'HTTP/1.1 405 Method Not Allowed\r\nAllow: POST\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 19\r\n\r\n404 page not found\n' +
        'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\n\r\npong',
    );
    c.socket.destroy();
  });

  it('refuses unknown request ids and routes, and survives garbage', async () => {
    const { port } = await start();
    const c = await connect(port);
    c.socket.write(`POST ${P}/2018-06-01/runtime/invocation/bad/response HTTP/1.1\r\nContent-Length: 0\r\n\r\n`);
    await c.wait((s) => s.includes('InvalidRequestID'));
    expect(c.received()).toMatch(/^HTTP\/1\.1 400 /);
    c.socket.write('GET /nowhere HTTP/1.1\r\n\r\n');
    await c.wait((s) => s.includes('HTTP/1.1 404 '));
    const g = await connect(port);
    g.socket.write('garbage\r\n\r\n');
    await g.wait((s) => s.startsWith('HTTP/1.1 400 '));
    // The server still answers others.
    const d = await connect(port);
    d.socket.write('GET /nowhere HTTP/1.1\r\n\r\n');
    await d.wait((s) => s.includes('404'));
    for (const s of [c, g, d]) s.socket.destroy();
  });
});
