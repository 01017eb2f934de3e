// One environment's Lambda Runtime API endpoint. Each environment gets its own
// server on port 0, as each Lambda sandbox has its own endpoint, so whoever
// calls it is known without any lookup.
//
// Only the environment's own runtime may use it: the address handed to the
// runtime (AWS_LAMBDA_RUNTIME_API) is host:port/<secret>, a random path
// prefix per environment. A runtime that builds its URLs as AWS's tutorial
// does, `http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next`
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html),
// sends the prefix without knowing it; another local process that finds the
// port cannot guess it and gets 404 on every route. The routes are spelled
// out with the prefix once per server, so the warm path compares strings as
// before and allocates nothing more.
//
// What it answers is AWS's runtime interface emulator's, byte for byte
// (runtime-api-replies.ts); which request each state of the environment takes
// is decided by the environment (runtime-states.ts).
//
// A small HTTP/1.1 server on `net` rather than node:http, because this is the
// hot path of every warm invocation: when a runtime pipelines its result and
// its next /next in one write (ours does), the 202 for the result is held
// back and leaves together with the next event, so each invocation costs the
// service one read and one write, and wakes the runtime once instead of twice.

import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { PlatformErrorType } from '../../lambda/errors';
import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { readChunkedBody } from '../wire/chunked-body';
import { ChunkSkipper } from '../wire/chunk-skipper';
import { bodyAt, contentLength } from '../wire/content-length';
import { EMPTY } from '../wire/empty';
import { IncomingBytes } from '../wire/incoming-bytes';
import { OrderedReplies, type ReplySlot } from '../wire/ordered-replies';
import { RequestHead } from '../wire/request-head';
import { statusLine } from '../wire/status-line';
import { isInvalidResponseMode, isStreamedPost, StreamedPost } from './streamed-post';
import type { ResponseStreamReader } from './streamed-response';
import {
  ACCEPTED, INVALID_REQUEST_ID, INVALID_RESPONSE_MODE, NOT_ALLOWED_GET, NOT_ALLOWED_POST, NOT_FOUND, PONG, type Refusal, refusalReply, TOO_LARGE,
} from './runtime-api-replies';

const PREFIX = '/2018-06-01/runtime';

/** The routes of one environment's Runtime API, behind its secret prefix. */
class Routes {
  readonly next: string;
  readonly invocation: string;
  readonly initError: string;
  readonly ping: string;

  constructor(readonly secret: string) {
    const base = `/${secret}${PREFIX}`;
    this.next = `${base}/invocation/next`;
    this.invocation = `${base}/invocation/`;
    this.initError = `${base}/init/error`;
    this.ping = `/${secret}/2018-06-01/ping`;
  }
}
/** A longer head is refused as malformed. */
const MAX_HEAD_BYTES = 64 * 1024;

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const OK_LINE = statusLine(200);

/** A /next request the environment answers now or later. */
export interface NextWaiter {
  /** `headers`: the header lines after the status line, each ending in \r\n. */
  send(headers: string, payload: Buffer): void;
  fail(status: number): void;
  /** Answers it with a refusal (InvalidStateTransition). */
  refuse(refusal: Refusal): void;
  /** Drops the connection (the environment is going away). */
  destroy(): void;
}

export interface RuntimeApiHandlers {
  next(waiter: NextWaiter): void;
  /**
   * `kind` is 'response' or 'error'. true: taken (202, or 413 when too large);
   * false: the id is not the current invocation's (400 InvalidRequestID); a
   * Refusal: refused as it says.
   */
  result(
    requestId: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean, contentType?: string,
  ): boolean | Refusal;
  /** undefined: taken (202); a Refusal: refused as it says. */
  initError(body: Buffer, errorType: string | undefined): Refusal | undefined;
  /** A streamed response began (streamed-post.ts); undefined when the id is not the current invocation. */
  stream?(requestId: string, contentType: string | undefined): ResponseStreamReader | undefined;
}

function errorResponse(status: number, doc: object): string {
  const body = JSON.stringify(doc);
  return `${statusLine(status)}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The request headers the Runtime API looks at; it ignores the rest. */
interface Fields {
  contentLength?: string;
  transferEncoding?: string;
  expect?: string;
  errorType?: string;
  responseMode?: string;
  contentType?: string;
}

const WANTED: Readonly<Record<string, keyof Fields>> = {
  'content-length': 'contentLength',
  'transfer-encoding': 'transferEncoding',
  expect: 'expect',
  'lambda-runtime-function-error-type': 'errorType',
  'lambda-runtime-function-response-mode': 'responseMode',
  'content-type': 'contentType',
};
const WANTED_LENGTHS = new Set(Object.keys(WANTED).map((k) => k.length));

/** One pass over the header lines; only names as long as a wanted one are lower-cased. */
function readFields(head: RequestHead): Fields {
  const fields: Fields = {};
  while (head.nextField()) {
    if (!WANTED_LENGTHS.has(head.colon - head.nameStart)) continue;
    const key = WANTED[head.name().toLowerCase()];
    if (key !== undefined) fields[key] = head.value();
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
  /** Its body was over Lambda's response limit: read and discarded, `body` is empty. */
  readonly tooLarge: boolean;
}

/** A request whose body is over the limit, its head read, its body being counted off the socket and dropped. */
interface Discarding {
  readonly req: Parsed;
  /** Bytes of a Content-Length body still to come. */
  remaining: number;
  /** For a chunked body: where in its chunks the reading is. */
  readonly chunks?: ChunkSkipper;
}

/** parse() found a body over the limit and started discarding it. */
const DISCARDING = -1;
/** parse() found a streamed response: its body, from the head's end, goes to `streaming`. */
const STREAMING = -2;


/** A /next request, answered into its place on its connection; one object, no closures, per invocation. */
class HeldNext implements NextWaiter {
  constructor(
    private readonly connection: Connection,
    private readonly slot: ReplySlot,
  ) {}

  send(headers: string, payload: Buffer): void {
    this.connection.fill(this.slot, OK_LINE + headers + '\r\n', payload);
  }

  fail(status: number): void {
    this.connection.fill(this.slot, errorResponse(status, { errorMessage: 'The environment is stopping', errorType: 'EnvironmentStopped' }), EMPTY);
  }

  refuse(refusal: Refusal): void {
    this.connection.fill(this.slot, refusalReply(refusal), EMPTY);
  }

  destroy(): void {
    this.connection.destroy();
  }
}

class Connection {
  private readonly bytes = new IncomingBytes();
  private readonly head = new RequestHead();
  /** Held while a read is parsed, so that a /next pipelined behind a result can join its answer. */
  private readonly replies: OrderedReplies;
  private continued = false;
  /** A body over the limit still arriving: counted and dropped, never buffered. */
  private discarding: Discarding | undefined;
  /** A streamed response still arriving, and the place of its answer. */
  private streaming: { readonly post: StreamedPost; readonly slot: ReplySlot } | undefined;
  /** A chunked body with more bytes in than the limit: how much of it is data, so far. */
  private counting: { readonly chunks: ChunkSkipper; at: number } | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly handlers: RuntimeApiHandlers,
    private readonly routes: Routes,
  ) {
    this.replies = new OrderedReplies(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
  }

  private onData(chunk: Buffer): void {
    this.replies.holding = true;
    try {
      let buf = this.streaming !== undefined ? this.stream(chunk) : this.discarding === undefined ? this.bytes.push(chunk) : this.skip(chunk);
      while (buf !== null && buf.length > 0) {
        const req = this.parse(buf);
        if (req === STREAMING) {
          this.bytes.keep(EMPTY, 0);
          buf = this.stream(buf.subarray(this.head.bodyStart));
          continue;
        }
        if (req === DISCARDING) {
          this.bytes.keep(EMPTY, 0);
          break;
        }
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
      this.replies.holding = false;
    }
    this.replies.flush();
  }

  /**
   * Drops the next bytes of a body over the limit; once it is all read the
   * request is routed (as too large) and what follows it is returned for parsing.
   */
  private skip(chunk: Buffer): Buffer | null {
    const d = this.discarding as Discarding;
    let n: number;
    if (d.chunks !== undefined) {
      const end = d.chunks.feed(chunk, 0);
      if (end === 'malformed') throw new Error('bad chunk');
      if (end < 0) return null;
      n = end;
    } else {
      n = Math.min(d.remaining, chunk.length);
      d.remaining -= n;
      if (d.remaining > 0) return null;
    }
    this.discarding = undefined;
    this.continued = false;
    this.route(d.req);
    return n === chunk.length ? null : this.bytes.push(chunk.subarray(n));
  }

  /**
   * A whole request at the start of `buf`, or how many bytes must be in
   * before it can be, or DISCARDING when its body is over the limit and
   * still arriving.
   */
  private parse(buf: Buffer): Parsed | number {
    const head = this.head;
    const status = head.read(buf, MAX_HEAD_BYTES);
    if (status === 'partial') return buf.length + 1;
    if (status !== 'whole') throw new Error(`${status} head`);
    const method = head.method;
    const path = head.target;
    const fields = readFields(head);
    const bodyStart = head.bodyStart;
    const te = fields.transferEncoding;
    if (isStreamedPost(fields.responseMode, te) && this.startStream(method, path, fields)) return STREAMING;
    if (te !== undefined && te.toLowerCase().includes('chunked')) {
      this.maybeContinue(fields);
      const chunked = readChunkedBody(buf, bodyStart);
      if (chunked === 'malformed') throw new Error('bad chunk');
      if (chunked === 'partial') {
        if (buf.length - bodyStart <= RUNTIME_RESPONSE_MAX_BYTES) return buf.length + 1;
        // More bytes in than the limit, but the limit counts the data, not
        // the chunks' framing: the data is counted as it comes, and kept
        // while it is within the limit.
        const counting = (this.counting ??= { chunks: new ChunkSkipper(), at: bodyStart });
        const end = counting.chunks.feed(buf, counting.at);
        if (end === 'malformed') throw new Error('bad chunk');
        counting.at = buf.length;
        if (counting.chunks.dataBytes <= RUNTIME_RESPONSE_MAX_BYTES) {
          if (end >= 0) throw new Error('chunked body read two ways');
          return buf.length + 1;
        }
        // Over the limit and still arriving: from here on its chunks are read and dropped.
        this.counting = undefined;
        const req: Parsed = { method, path, fields, body: EMPTY, used: end, tooLarge: true };
        if (end >= 0) return req;
        this.discarding = { req, remaining: 0, chunks: counting.chunks };
        return DISCARDING;
      }
      this.counting = undefined;
      const tooLarge = chunked.body.length > RUNTIME_RESPONSE_MAX_BYTES;
      return { method, path, fields, body: tooLarge ? EMPTY : chunked.body, used: chunked.end, tooLarge };
    }
    const length = contentLength(fields.contentLength);
    if (length < 0) throw new Error('bad content-length');
    if (length > RUNTIME_RESPONSE_MAX_BYTES) {
      // Over Lambda's limit, whatever its size: read and counted, not kept,
      // so the runtime gets its 413 and the environment lives on.
      const req: Parsed = { method, path, fields, body: EMPTY, used: bodyStart + length, tooLarge: true };
      const arrived = buf.length - bodyStart;
      if (arrived >= length) return req;
      this.maybeContinue(fields);
      this.discarding = { req, remaining: length - arrived };
      return DISCARDING;
    }
    if (buf.length < bodyStart + length) {
      this.maybeContinue(fields);
      return bodyStart + length;
    }
    return { method, path, fields, body: bodyAt(buf, bodyStart, length), used: bodyStart + length, tooLarge: false };
  }

  /** A streamed /response: its chunks go to the invocation as they arrive; false for any other route. */
  private startStream(method: string, path: string, fields: Fields): boolean {
    const invocation = this.routes.invocation;
    if (method !== 'POST' || !path.startsWith(invocation) || !path.endsWith('/response')) return false;
    const id = path.slice(invocation.length, path.length - '/response'.length);
    if (id.length === 0 || id.includes('/')) return false;
    this.maybeContinue(fields);
    const slot = this.replies.open(false);
    this.streaming = { post: new StreamedPost(id, this.handlers.stream?.(id, fields.contentType)), slot };
    return true;
  }

  /** Feeds a streamed body; at its end the runtime is answered and what follows is returned for parsing. */
  private stream(chunk: Buffer): Buffer | null {
    const s = this.streaming as { readonly post: StreamedPost; readonly slot: ReplySlot };
    const end = s.post.feed(chunk, 0);
    if (end === 'malformed') throw new Error('bad chunk');
    if (end < 0) return null;
    this.streaming = undefined;
    const refusal = s.post.finish();
    this.fill(s.slot, refusal === undefined ? ACCEPTED : errorResponse(refusal.status, refusal.doc), EMPTY);
    return end === chunk.length ? null : this.bytes.push(chunk.subarray(end));
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
    const method = req.method;
    // Routed on the path alone, as the emulator's router (chi) does: a query string is ignored.
    const query = req.path.indexOf('?');
    const path = query < 0 ? req.path : req.path.slice(0, query);
    const routes = this.routes;
    if (path === routes.next) {
      if (method === 'GET') this.handlers.next(new HeldNext(this, this.replies.open(true)));
      else this.answer(NOT_ALLOWED_GET);
      return;
    }
    if (path.startsWith(routes.invocation)) {
      const rest = path.slice(routes.invocation.length);
      const slash = rest.indexOf('/');
      const kind = rest.slice(slash + 1);
      if (slash > 0 && (kind === 'response' || kind === 'error')) {
        if (method !== 'POST') {
          this.answer(NOT_ALLOWED_POST);
          return;
        }
        const id = rest.slice(0, slash);
        const slot = this.replies.open(false);
        if (kind === 'response' && isInvalidResponseMode(req.fields.responseMode)) {
          // As the emulator: the invocation fails with Runtime.InvalidResponseModeHeader and an empty
          // payload, and the runtime is told 400 InvalidFunctionResponseMode, whatever became of the id.
          this.handlers.result(id, 'error', EMPTY, PlatformErrorType.RuntimeInvalidResponseModeHeader, false);
          this.fill(slot, INVALID_RESPONSE_MODE, EMPTY);
          return;
        }
        const taken = this.handlers.result(id, kind, req.body, req.fields.errorType, req.tooLarge, req.fields.contentType);
        const answer = taken === true ? (req.tooLarge ? TOO_LARGE : ACCEPTED) : refusalReply(taken === false ? INVALID_REQUEST_ID : taken);
        this.fill(slot, answer, EMPTY);
        return;
      }
    }
    if (path === routes.initError) {
      if (method !== 'POST') {
        this.answer(NOT_ALLOWED_POST);
        return;
      }
      const slot = this.replies.open(false);
      const refused = this.handlers.initError(req.body, req.fields.errorType);
      this.fill(slot, refused === undefined ? ACCEPTED : refusalReply(refused), EMPTY);
      return;
    }
    if (path === routes.ping) {
      this.answer(method === 'GET' ? PONG : NOT_ALLOWED_GET);
      return;
    }
    // The path is not echoed: it may be a near miss of the secret prefix.
    this.answer(NOT_FOUND);
  }

  /** A reply ready at once, in its place among the pipelined ones. */
  private answer(head: string): void {
    this.fill(this.replies.open(false), head, EMPTY);
  }

  /** Drops the connection. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Makes a reply ready in its place; while a read is parsed it waits for the end of the read. */
  fill(slot: ReplySlot, head: string, body: Buffer): void {
    this.replies.fill(slot, head, body);
  }
}

export class RuntimeApiServer {
  private readonly server: net.Server;
  private readonly routes = new Routes(randomBytes(18).toString('base64url'));

  constructor(handlers: RuntimeApiHandlers) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      new Connection(socket, handlers, this.routes);
    });
  }

  /** The path prefix (without slashes) that the runtime must put before every route. */
  get secret(): string {
    return this.routes.secret;
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
