// Only an environment's own runtime may use its Runtime API: its address
// (AWS_LAMBDA_RUNTIME_API) carries a per-environment secret path prefix, so
// another local process that finds the port can neither take the caller's
// event nor post a forged answer (issue 16).
import * as net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { json, request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

/** One raw HTTP exchange with a fresh connection, as an intruder would make it. */
function exchange(port: number, text: string, waitMs = 400): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => socket.write(text));
    setTimeout(() => {
      socket.destroy();
      resolve(got);
    }, waitMs);
  });
}

describe('engine: the Runtime API lets in only its own runtime', () => {
  it('answers 404 to a process without the secret prefix, and the real invocations are unaffected', async () => {
    const fn = snapshot('engine-guard');
    const first = json(await engine.invoke(request(fn, { name: 'one' }))) as { api: string };
    const address = first.api;
    const match = /^127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]{24})$/.exec(address);
    expect(match).not.toBeNull();
    const port = Number(match?.[1]);
    const secret = match?.[2] ?? '';

    // The intruder asks for the next event before the caller invokes: it is not held, it is refused.
    const next = exchange(port, 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
    const guessed = exchange(port, `GET /${secret.slice(0, -1)}x/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    const second = json(await engine.invoke(request(fn, { name: 'two' }))) as { hello: string };
    expect(second.hello).toBe('two');
    for (const answer of [await next, await guessed]) {
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
      expect(answer).not.toContain('two');
      expect(answer).not.toContain(secret);
    }

    // A forged answer to an invocation in flight is refused too; the caller gets the handler's.
    const body = '{"hello":"forged"}';
    const third = engine.invoke(request(fn, { name: 'three', sleepMs: 300 }));
    await new Promise((r) => setTimeout(r, 50));
    const forged = await exchange(port, `POST /2018-06-01/runtime/invocation/any/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 100);
    expect(forged).toMatch(/^HTTP\/1\.1 404 /);
    expect((json(await third) as { hello: string }).hello).toBe('three');
    // And the next invocation is not starved of its event.
    expect((json(await engine.invoke(request(fn, { name: 'four' }))) as { hello: string }).hello).toBe('four');
  });
});
