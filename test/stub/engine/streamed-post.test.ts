// A streamed /response on the Runtime API, written by hand on a raw socket as
// any runtime may write it (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming):
// each chunk reaches the environment before the body ends, the error
// trailers are read at its end, the runtime is answered then, and a /next
// pipelined behind it is served.

import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type NextWaiter, RuntimeApiServer } from '../../../src/stub/engine/runtime-api';
import type { ResponseStreamReader, StreamRefusal } from '../../../src/stub/engine/streamed-response';

let server: RuntimeApiServer | undefined;
afterEach(() => server?.close());

interface Seen {
  readonly events: string[];
  readonly waiters: NextWaiter[];
}

async function start(refusal?: StreamRefusal): Promise<{ port: number; prefix: string; seen: Seen }> {
  const seen: Seen = { events: [], waiters: [] };
  server = new RuntimeApiServer({
    next: (w) => seen.waiters.push(w),
    result: () => false,
    initError: () => undefined,
    stream: (id, type): ResponseStreamReader | undefined => {
      if (id !== 'good') return undefined;
      seen.events.push(`start ${type ?? ''}`);
      return {
        data: (d) => seen.events.push(`data ${d.toString()}`),
        end: (trailers) => {
          seen.events.push(`end ${trailers.get('lambda-runtime-function-error-type') ?? ''} ${trailers.get('lambda-runtime-function-error-body') ?? ''}`.trim());
          return refusal;
        },
      };
    },
  });
  return { port: await server.listen('127.0.0.1'), prefix: `/${server.secret}/2018-06-01/runtime`, seen };
}

const until = async (pred: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
};

/** A raw socket, and what it received so far once `pred` holds of it (or 5 s passed). */
async function connect(port: number): Promise<{ socket: net.Socket; wait: (pred: (s: string) => boolean) => Promise<string> }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let text = '';
  socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
  return { socket, wait: async (pred) => { await until(() => pred(text)); return text; } };
}

const head = (prefix: string, id: string): string =>
  `POST ${prefix}/invocation/${id}/response HTTP/1.1\r\nHost: x\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n` +
  'Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\nTrailer: Lambda-Runtime-Function-Error-Type\r\n\r\n';

describe('a streamed /response on the Runtime API', () => {
  it('hands each chunk on before the body ends, answers 202 at its end, then serves the /next behind it', async () => {
    const { port, prefix, seen } = await start();
    const c = await connect(port);
    c.socket.write(head(prefix, 'good') + '5\r\nfirst\r\n');
    await until(() => seen.events.length === 2);
    // Nothing answered yet: the body is still open.
    expect(seen.events).toEqual(['start text/plain', 'data first']);
    c.socket.write('6\r\nsec');
    await until(() => seen.events.length === 3);
    c.socket.write(`ond\r\n0\r\n\r\nGET ${prefix}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    await until(() => seen.waiters.length === 1);
    expect(seen.events.join('|')).toBe('start text/plain|data first|data sec|data ond|end');
    // As for a buffered result, the 202 leaves together with the next event.
    seen.waiters[0]?.send('Content-Length: 2\r\n', Buffer.from('{}'));
    const text = await c.wait((t) => t.includes('{}'));
    expect(text).toMatch(/^HTTP\/1\.1 202 Accepted[\s\S]*HTTP\/1\.1 200 OK/);
    c.socket.destroy();
  });

  it('reads the error trailers at the end', async () => {
    const { port, prefix, seen } = await start();
    const c = await connect(port);
    c.socket.write(head(prefix, 'good') + '3\r\nabc\r\n0\r\nLambda-Runtime-Function-Error-Type: TypeError\r\nLambda-Runtime-Function-Error-Body: e30=\r\n\r\n');
    await c.wait((t) => t.includes('202 Accepted'));
    expect(seen.events).toEqual(['start text/plain', 'data abc', 'end TypeError e30=']);
    c.socket.destroy();
  });

  it('answers the reader\'s refusal (413 past the limit) once the body has ended', async () => {
    const { port, prefix } = await start({ status: 413, doc: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: 'too big' } });
    const c = await connect(port);
    c.socket.write(head(prefix, 'good') + '3\r\nabc\r\n0\r\n\r\n');
    const text = await c.wait((t) => t.includes('too big'));
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    c.socket.destroy();
  });

  it('another request id: the body is read and dropped, then 400 InvalidRequestID', async () => {
    const { port, prefix, seen } = await start();
    const c = await connect(port);
    c.socket.write(head(prefix, 'other') + '3\r\nabc\r\n0\r\n\r\n');
    const text = await c.wait((t) => t.includes('InvalidRequestID'));
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(seen.events).toEqual([]);
    c.socket.destroy();
  });
});
