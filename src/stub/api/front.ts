// The API's listening socket. Requests of the REST API and CloudWatch Logs
// are read and answered here on raw sockets, Invoke above all, the hot path
// of every benchmark; the first request of any other kind hands its
// connection to the node:http server for good.
//
// Why: at concurrency 1, node:http's request and response objects cost about
// 45 µs per exchange on a 2-core machine (measured against a raw socket
// server answering the same bytes), a third of what the whole service added
// to a warm invocation. The API's requests are simple HTTP: no body or a
// Content-Length body, and a small JSON answer. Everything else (chunked
// bodies, Expect, oversized payloads, Function URLs, unknown routes,
// anything malformed) stays with node:http, which knows every corner of the
// protocol and answers those with the errors it always did.

import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import * as net from 'node:net';
import type { ApiContext, Operation } from './context';
import { FUNCTION_URL_PREFIX } from './function-urls';
import type { Reply } from './http';
import { INVOKE_PAYLOAD_MAX_BYTES } from '../../lambda/limits';
import { CONTROL_BODY_LIMIT, replyBody } from './http';
import { LOGS_TARGET_PREFIX, logsOperation } from './logs';
import { match } from './router';
import { invoke } from './invoke';
import { answerOperation, type ApiServerOptions } from './server';
import { bodyAt, contentLength } from '../wire/content-length';
import { IncomingBytes } from '../wire/incoming-bytes';
import { OrderedReplies, type ReplySlot } from '../wire/ordered-replies';
import { RequestHead } from '../wire/request-head';
import { statusLine } from '../wire/status-line';

/** Longer heads go to node:http, which answers 431 past its own limit. */
const MAX_HEAD_BYTES = 16 * 1024;
/** As the node:http side: SDK clients keep connections open between calls. */
const KEEP_ALIVE_MS = 65_000;
const KEEP_ALIVE_HEADERS = 'Connection: keep-alive\r\nKeep-Alive: timeout=65\r\n';
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Shared by every request without a query string; operations only read it. */
const NO_QUERY = new URLSearchParams();

/** An Invoke read off the socket, ready for the operation. */
interface FastRequest {
  readonly op: Operation;
  readonly params: string[];
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** Bytes of the buffer this request used. */
  readonly used: number;
}

const INVOKE_PREFIX = '/2015-03-31/functions/';
const INVOKE_SUFFIX = '/invocations';

/**
 * The function name of an Invoke path, decoded, as the router's Invoke route
 * reads it; undefined for any other path (those go to node:http and the
 * router). Checked by hand: this runs on every invocation.
 */
function invokedName(path: string): string | undefined {
  if (!path.startsWith(INVOKE_PREFIX) || !path.endsWith(INVOKE_SUFFIX)) return undefined;
  const raw = path.slice(INVOKE_PREFIX.length, path.length - INVOKE_SUFFIX.length);
  if (raw.length === 0 || raw.includes('/')) return undefined;
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Wait for more bytes: `need` of them in all, when the head already says how many. */
interface Incomplete {
  readonly need: number;
}

/** 'other': not a request this front serves. */
type Parsed = FastRequest | Incomplete | 'other';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

/** The operation for a request, its path parameters and body limit; undefined sends it to node:http. */
function routeOf(method: string, path: string, headers: Record<string, string>): { op: Operation; params: string[]; limit: number } | undefined {
  if (method === 'POST') {
    const name = invokedName(path);
    if (name !== undefined) return { op: invoke, params: [name], limit: INVOKE_PAYLOAD_MAX_BYTES };
    const target = headers['x-amz-target'];
    if (path === '/' && target !== undefined && target.startsWith(LOGS_TARGET_PREFIX)) {
      return { op: (api, req) => logsOperation(api.engine.logs, api.shape, target, req.body), params: [], limit: CONTROL_BODY_LIMIT };
    }
  }
  if (path.startsWith(FUNCTION_URL_PREFIX)) return undefined;
  let m;
  try {
    m = match(method, path);
  } catch {
    return undefined;
  }
  return m === undefined || m.route.nodeHttpOnly ? undefined : { op: m.route.op, params: m.params, limit: m.route.bodyLimit };
}

/**
 * Reads one request at the start of `buf` if it is one this front serves: an
 * HTTP/1.1 request of the REST API or CloudWatch Logs with no body or a
 * Content-Length body within its operation's limit, no Transfer-Encoding, no
 * Expect, no Connection: close or upgrade, a Host header, well-formed lines.
 */
function parseRequest(buf: Buffer, head: RequestHead): Parsed {
  const status = head.read(buf, MAX_HEAD_BYTES);
  if (status === 'partial') return { need: buf.length + 1 };
  if (status !== 'whole') return 'other';
  const method = head.method;
  if (!METHODS.has(method) || head.version() !== 'HTTP/1.1') return 'other';
  // No prototype, as node:http's headers: a header named like an Object method is just a header.
  const headers = Object.create(null) as Record<string, string>;
  // Names come from the head lower-cased once, values from the head as sent.
  const lower = head.text.toLowerCase();
  while (head.nextField()) {
    if (head.colon <= head.nameStart) return 'other';
    const name = lower.slice(head.nameStart, head.colon);
    if (!TOKEN.test(name)) return 'other';
    const value = head.value();
    const seen = headers[name];
    if (seen !== undefined) {
      // Two lengths are an attack or a bug; node:http answers those.
      if (name === 'content-length') return 'other';
      headers[name] = seen + ', ' + value;
    } else {
      headers[name] = value;
    }
  }
  if (headers['host'] === undefined || headers['transfer-encoding'] !== undefined || headers['expect'] !== undefined || headers['upgrade'] !== undefined) return 'other';
  const connection = headers['connection'];
  if (connection !== undefined && !/^keep-alive$/i.test(connection)) return 'other';
  // No Content-Length and no Transfer-Encoding: no body (RFC 9112, 6.3).
  const size = contentLength(headers['content-length']);
  if (size < 0) return 'other';
  const target = head.target;
  const q = target.indexOf('?');
  const route = routeOf(method, q === -1 ? target : target.slice(0, q), headers);
  if (route === undefined || size > route.limit) return 'other';
  const bodyStart = head.bodyStart;
  if (buf.length < bodyStart + size) return { need: bodyStart + size };
  return {
    op: route.op,
    params: route.params,
    query: q === -1 ? '' : target.slice(q + 1),
    headers,
    body: bodyAt(buf, bodyStart, size),
    used: bodyStart + size,
  };
}

let dateSecond = -1;
let dateValue = '';
/** The Date header, rebuilt once a second at most. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateValue = new Date(now).toUTCString();
  }
  return dateValue;
}

/** The same head node:http's send() writes for a reply, with `Date` and keep-alive. */
function replyHead(requestId: string, reply: Reply, bodyLength: number): string {
  let head = `${statusLine(reply.status)}x-amzn-RequestId: ${requestId}\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\n`;
  if (reply.headers !== undefined) for (const name of Object.keys(reply.headers)) head += `${name}: ${reply.headers[name] as string}\r\n`;
  return head + `Date: ${httpDate()}\r\n${KEEP_ALIVE_HEADERS}\r\n`;
}

class Connection {
  private readonly bytes = new IncomingBytes();
  private readonly head = new RequestHead();
  private readonly replies: OrderedReplies;
  /** The rest of the connection belongs to node:http once these answers are out. */
  private handingOver = false;
  private readonly onData = (chunk: Buffer): void => this.read(chunk);

  constructor(
    private readonly socket: net.Socket,
    private readonly api: ApiContext,
    private readonly http: HttpServer,
    private readonly options: ApiServerOptions,
  ) {
    this.replies = new OrderedReplies(socket);
    socket.setNoDelay(true);
    socket.setTimeout(KEEP_ALIVE_MS);
    socket.on('timeout', this.onTimeout);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', onSocketError);
  }

  /** Idle for the keep-alive time: close, as node:http does; a long invocation keeps it. */
  private readonly onTimeout = (): void => {
    if (this.replies.empty) this.socket.destroy();
  };

  /** The client is done sending: answer what it asked, then close. */
  private readonly onEnd = (): void => {
    if (this.replies.empty) this.socket.end();
  };

  private read(chunk: Buffer): void {
    let buf = this.bytes.push(chunk);
    while (buf !== null && buf.length > 0) {
      const req = parseRequest(buf, this.head);
      if (req === 'other') {
        this.bytes.keep(buf, 0);
        this.handOver();
        return;
      }
      if ('need' in req) {
        this.bytes.keep(buf, req.need);
        return;
      }
      buf = buf.subarray(req.used);
      this.serve(req);
    }
  }

  private serve(req: FastRequest): void {
    const slot = this.replies.open(false);
    const requestId = randomUUID();
    answerOperation(this.api, req.op, {
      requestId,
      params: req.params,
      query: req.query === '' ? NO_QUERY : new URLSearchParams(req.query),
      headers: req.headers,
      body: req.body,
    }, this.options, (reply) => this.answer(slot, requestId, reply));
  }

  private answer(slot: ReplySlot, requestId: string, reply: Reply): void {
    const body = replyBody(reply);
    if (!this.replies.fill(slot, replyHead(requestId, reply, body.length), body)) return;
    if (this.handingOver) this.giveToHttp();
    else if (this.socket.readableEnded) this.socket.end();
  }

  /** Stops reading; node:http gets the connection, unread bytes first, once our answers are out. */
  private handOver(): void {
    this.handingOver = true;
    this.socket.off('data', this.onData);
    this.socket.pause();
    if (this.replies.empty) this.giveToHttp();
  }

  private giveToHttp(): void {
    const socket = this.socket;
    socket.off('timeout', this.onTimeout);
    socket.off('end', this.onEnd);
    socket.off('error', onSocketError);
    socket.setTimeout(0);
    const unread = this.bytes.drain();
    if (socket.destroyed) return;
    if (unread.length > 0) socket.unshift(unread);
    this.http.emit('connection', socket);
    socket.resume();
  }
}

function onSocketError(this: net.Socket): void {
  this.destroy();
}

/** The API front: listens, serves the REST API and CloudWatch Logs itself, gives node:http the rest. */
export class ApiFront {
  readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(api: ApiContext, http: HttpServer, options: ApiServerOptions = {}) {
    // Half-open allowed: a client that ends its side still gets its answers.
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      new Connection(socket, api, http, options);
    });
  }

  /** Drops every connection, raw or handed over, and stops listening. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
