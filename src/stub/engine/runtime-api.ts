// One environment's Lambda Runtime API endpoint. Each environment gets its own
// server on port 0, as each Lambda sandbox has its own endpoint, so whoever
// calls it is known without any lookup.
//
// A small HTTP/1.1 server on `net` rather than node:http, because this is the
// hot path of every warm invocation: when a runtime pipelines its result and
// its next /next in one write (ours does), the 202 for the result is held
// back and leaves together with the next event, so each invocation costs the
// service one read and one write, and wakes the runtime once instead of twice.

import * as net from 'node:net';
import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { HEAD_END, IncomingBytes } from './incoming-bytes';

const PREFIX = '/2018-06-01/runtime';
const NEXT_PATH = `${PREFIX}/invocation/next`;
const INVOCATION_PREFIX = `${PREFIX}/invocation/`;
const INIT_ERROR_PATH = `${PREFIX}/init/error`;
/** Beyond this a request body is not even buffered: the connection is dropped. */
const MAX_BODY_BYTES = RUNTIME_RESPONSE_MAX_BYTES + 1024 * 1024;

const ACCEPTED = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"status":"OK"}\n';
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 410: 'Gone', 413: 'Payload Too Large' };

/** A /next request the environment answers now or later. */
export interface NextWaiter {
  /** `headers`: the header lines after the status line, each ending in \r\n. */
  send(headers: string, payload: Buffer): void;
  fail(status: number): void;
  /** Drops the connection (the environment is going away). */
  destroy(): void;
}

export interface RuntimeApiHandlers {
  next(waiter: NextWaiter): void;
  /** `kind` is 'response' or 'error'; false when the id is not the current invocation. */
  result(requestId: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): boolean;
  initError(body: Buffer, errorType: string | undefined): void;
}

function errorResponse(status: number, doc: object): string {
  const body = JSON.stringify(doc);
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A response position on a connection: responses leave in request order. */
class Slot {
  chunks: (string | Buffer)[] | undefined;
  constructor(readonly isNext: boolean) {}
}

/** The request headers the Runtime API looks at; it ignores the rest. */
interface Fields {
  contentLength?: string;
  transferEncoding?: string;
  expect?: string;
  errorType?: string;
}

const WANTED: Readonly<Record<string, keyof Fields>> = {
  'content-length': 'contentLength',
  'transfer-encoding': 'transferEncoding',
  expect: 'expect',
  'lambda-runtime-function-error-type': 'errorType',
};
const WANTED_LENGTHS = new Set(Object.keys(WANTED).map((k) => k.length));

/** One pass over the header lines from `from`; only names as long as a wanted one are lower-cased. */
function readFields(head: string, from: number): Fields {
  const fields: Fields = {};
  let pos = from;
  while (pos < head.length) {
    let end = head.indexOf('\r\n', pos);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', pos);
    if (colon > pos && colon < end && WANTED_LENGTHS.has(colon - pos)) {
      const key = WANTED[head.slice(pos, colon).toLowerCase()];
      if (key !== undefined) fields[key] = head.slice(colon + 1, end).trim();
    }
    pos = end + 2;
  }
  return fields;
}

interface Parsed {
  readonly method: string;
  readonly path: string;
  readonly fields: Fields;
  readonly body: Buffer;
  /** Bytes of the buffer this request used. */
  readonly used: number;
}

/** Decodes a chunked body; undefined while incomplete. */
function dechunk(buf: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let pos = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.toString('latin1', pos, lineEnd), 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    pos = lineEnd + 2;
    if (size === 0) {
      // Trailers, if any, end with an empty line.
      const end = buf.indexOf('\r\n\r\n', pos - 2);
      if (end < 0) return undefined;
      return { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buf.length < pos + size + 2) return undefined;
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

/** A /next request, answered into its place on its connection; one object, no closures, per invocation. */
class HeldNext implements NextWaiter {
  constructor(
    private readonly connection: Connection,
    private readonly slot: Slot,
  ) {}

  send(headers: string, payload: Buffer): void {
    this.connection.fill(this.slot, ['HTTP/1.1 200 OK\r\n' + headers + '\r\n', payload]);
  }

  fail(status: number): void {
    this.connection.fill(this.slot, [errorResponse(status, { errorMessage: 'The environment is stopping', errorType: 'EnvironmentStopped' })]);
  }

  destroy(): void {
    this.connection.destroy();
  }
}

class Connection {
  private readonly bytes = new IncomingBytes();
  private readonly slots: Slot[] = [];
  private continued = false;
  /** While a read is being parsed, answers wait so a pipelined /next can join them. */
  private parsing = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly handlers: RuntimeApiHandlers,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
  }

  private onData(chunk: Buffer): void {
    let buf = this.bytes.push(chunk);
    this.parsing = true;
    try {
      while (buf !== null && buf.length > 0) {
        const req = this.parse(buf);
        if (typeof req === 'number') {
          this.bytes.keep(buf, req);
          break;
        }
        buf = buf.subarray(req.used);
        this.continued = false;
        this.route(req);
      }
    } catch {
      this.socket.end(errorResponse(400, { errorMessage: 'Malformed request', errorType: 'InvalidRequest' }));
      this.socket.destroy();
    } finally {
      this.parsing = false;
    }
    this.flush();
  }

  /** A whole request at the start of `buf`, or how many bytes must be in before it can be. */
  private parse(buf: Buffer): Parsed | number {
    const headEnd = buf.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (buf.length > 64 * 1024) throw new Error('header too large');
      return buf.length + 1;
    }
    const head = buf.toString('latin1', 0, headEnd);
    const lineEnd = head.indexOf('\r\n');
    const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
    const sp1 = requestLine.indexOf(' ');
    const sp2 = requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1) throw new Error('bad request line');
    const method = requestLine.slice(0, sp1);
    const path = requestLine.slice(sp1 + 1, sp2);
    const fields = lineEnd < 0 ? {} : readFields(head, lineEnd + 2);
    const bodyStart = headEnd + 4;
    const te = fields.transferEncoding;
    if (te !== undefined && te.toLowerCase().includes('chunked')) {
      this.maybeContinue(fields);
      const chunked = dechunk(buf, bodyStart);
      if (chunked === undefined) {
        if (buf.length > MAX_BODY_BYTES) throw new Error('body too large');
        return buf.length + 1;
      }
      return { method, path, fields, body: chunked.body, used: chunked.end };
    }
    const length = Number(fields.contentLength ?? 0);
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES) throw new Error('bad content-length');
    if (buf.length < bodyStart + length) {
      this.maybeContinue(fields);
      return bodyStart + length;
    }
    const body = length === 0 ? EMPTY : buf.subarray(bodyStart, bodyStart + length);
    return { method, path, fields, body, used: bodyStart + length };
  }

  /** curl asks before sending bodies over 1 KB. */
  private maybeContinue(fields: Fields): void {
    if (this.continued) return;
    if (fields.expect?.toLowerCase() === '100-continue') {
      this.continued = true;
      this.socket.write(CONTINUE);
    }
  }

  private route(req: Parsed): void {
    const { method, path } = req;
    if (method === 'GET' && path === NEXT_PATH) {
      this.handlers.next(new HeldNext(this, this.open(true)));
      return;
    }
    if (method === 'POST' && path.startsWith(INVOCATION_PREFIX)) {
      const rest = path.slice(INVOCATION_PREFIX.length);
      const slash = rest.indexOf('/');
      const kind = rest.slice(slash + 1);
      if (slash > 0 && (kind === 'response' || kind === 'error')) {
        const id = rest.slice(0, slash);
        const slot = this.open(false);
        const tooLarge = req.body.length > RUNTIME_RESPONSE_MAX_BYTES;
        const ok = this.handlers.result(id, kind, tooLarge ? EMPTY : req.body, req.fields.errorType, tooLarge);
        this.fill(slot, [ok ? ACCEPTED : errorResponse(400, { errorMessage: `Invalid request ID: ${id}`, errorType: 'InvalidRequestID' })]);
        return;
      }
    }
    if (method === 'POST' && path === INIT_ERROR_PATH) {
      const slot = this.open(false);
      this.handlers.initError(req.body, req.fields.errorType);
      this.fill(slot, [ACCEPTED]);
      return;
    }
    const slot = this.open(false);
    this.fill(slot, [errorResponse(404, { errorMessage: `Unknown Runtime API route: ${method} ${path}`, errorType: 'NotFound' })]);
  }

  private open(isNext: boolean): Slot {
    const slot = new Slot(isNext);
    this.slots.push(slot);
    return slot;
  }

  /** Drops the connection. */
  destroy(): void {
    this.socket.destroy();
  }

  fill(slot: Slot, chunks: (string | Buffer)[]): void {
    slot.chunks = chunks;
    if (!this.parsing) this.flush();
  }

  private flush(): void {
    const slots = this.slots;
    // Hold a ready answer while the request right behind it is a /next still
    // waiting: both leave in one write when the next event is handed over.
    if (slots.length >= 2 && slots[0].chunks !== undefined && slots[1].isNext && slots[1].chunks === undefined) return;
    if (slots.length === 0 || slots[0].chunks === undefined) return;
    const socket = this.socket;
    if (socket.destroyed) return;
    // Small chunks go out as one latin1 string (byte for byte the same): one
    // plain write, where separate chunks would take Node's writev path. Only
    // a large body makes more than one write, and only then is it corked.
    let text = '';
    let corked = false;
    while (slots.length > 0) {
      const chunks = slots[0].chunks;
      if (chunks === undefined) break;
      slots.shift();
      for (const c of chunks) {
        if (typeof c === 'string') text += c;
        else if (c.length <= JOIN_LIMIT) text += c.toString('latin1');
        else {
          if (!corked) socket.cork();
          corked = true;
          if (text !== '') socket.write(text, 'latin1');
          text = '';
          socket.write(c);
        }
      }
    }
    if (text !== '') socket.write(text, 'latin1');
    if (corked) socket.uncork();
  }
}

const EMPTY = Buffer.alloc(0);
/** Payloads up to this size are joined to their head and written in one piece. */
const JOIN_LIMIT = 64 * 1024;

export class RuntimeApiServer {
  private readonly server: net.Server;

  constructor(handlers: RuntimeApiHandlers) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      new Connection(socket, handlers);
    });
  }

  private readonly sockets = new Set<net.Socket>();

  async listen(host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  close(): void {
    this.server.close(() => undefined);
    for (const s of this.sockets) s.destroy();
  }
}
