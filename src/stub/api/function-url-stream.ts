// A Function URL with InvokeMode RESPONSE_STREAM: the function's streamed
// response becomes the HTTP response as it arrives
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html).
// - Content-Type application/vnd.awslambda.http-integration-response (what
//   awslambda.HttpResponseStream.from sets): the body starts with a JSON
//   prelude {statusCode, headers, cookies} ended by 8 null bytes
//   (aws-lambda-nodejs-runtime-interface-client, src/HttpResponseStream.js);
//   it gives the status and headers, and what follows is the body.
// - Any other Content-Type: 200 with that Content-Type, the stream as the body.
// - A function that answers buffered is mapped as in BUFFERED mode.
// - A failure before the response began is a 502; after it, the connection
//   is cut, so that the client sees a truncated response, not a whole one.

import { validateHeaderName, validateHeaderValue, type ServerResponse } from 'node:http';
import type { Engine, InvokeRequest, ResponseStreamSink } from '../engine/types';
import { invokeWithoutLog } from './early-answer';

export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = Buffer.alloc(8);
/** A prelude longer than this is not one: the response fails rather than buffering without end. */
const MAX_PRELUDE_BYTES = 64 * 1024;
/**
 * Framing and the request id are the front's to set, whatever the mode: a
 * function's own Content-Length or Transfer-Encoding next to ours makes the
 * response unreadable, and a second x-amzn-RequestId breaks the join with
 * REPORT lines.
 */
export const FRONT_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'x-amzn-requestid']);

/** How a streamed invocation ended for the front: answered here, buffered (for the BUFFERED mapping), or failed before any byte. */
export type StreamedUrlAnswer =
  | { readonly kind: 'sent' }
  | { readonly kind: 'buffered'; readonly payload: Buffer }
  | { readonly kind: 'failed'; readonly status: 429 | 502 };

interface Prelude {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
}

/** Whether Node would write this header; a function may answer anything. */
export function isWritableHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/** The prelude's status, headers and cookies; undefined when it is not one Node can write (a 502). */
function readPrelude(text: string): Prelude | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const { statusCode, headers, cookies } = doc as { statusCode?: unknown; headers?: unknown; cookies?: unknown };
  const status = statusCode === undefined ? 200 : statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const out: Record<string, string | string[]> = {};
  if (typeof headers === 'object' && headers !== null) {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      if (v === undefined || v === null || FRONT_HEADERS.has(k.toLowerCase())) continue;
      const value = String(v);
      if (!isWritableHeader(k, value)) return undefined;
      out[k] = value;
    }
  }
  if (Array.isArray(cookies) && cookies.length > 0) {
    const list = cookies.map(String);
    if (!list.every((c) => isWritableHeader('Set-Cookie', c))) return undefined;
    out['Set-Cookie'] = list;
  }
  return { status, headers: out };
}

class UrlStream implements ResponseStreamSink {
  started = false;
  /** The head is out: from here on a failure can only cut the response. */
  headSent = false;
  private integration = false;
  private prelude: Buffer[] = [];
  private preludeBytes = 0;
  /** The prelude was not valid: the rest is dropped and the answer is a 502. */
  broken = false;

  constructor(private readonly res: ServerResponse, private readonly requestId: string, private readonly head: boolean) {}

  start(contentType: string): void {
    this.started = true;
    this.integration = contentType.split(';')[0]?.trim().toLowerCase() === HTTP_INTEGRATION_CONTENT_TYPE;
    if (!this.integration) this.sendHead(200, { 'Content-Type': contentType });
  }

  chunk(data: Buffer): void {
    if (this.broken) return;
    if (!this.headSent) {
      this.prelude.push(data);
      this.preludeBytes += data.length;
      const joined = Buffer.concat(this.prelude, this.preludeBytes);
      const at = joined.indexOf(DELIMITER);
      if (at < 0) {
        if (this.preludeBytes > MAX_PRELUDE_BYTES) this.broken = true;
        return;
      }
      this.prelude = [];
      const prelude = readPrelude(joined.toString('utf8', 0, at));
      if (prelude === undefined) {
        this.broken = true;
        return;
      }
      this.sendHead(prelude.status, prelude.headers);
      data = joined.subarray(at + DELIMITER.length);
    }
    if (data.length > 0 && !this.head && !this.res.destroyed) this.res.write(data);
  }

  private sendHead(status: number, headers: Record<string, string | string[]>): void {
    this.headSent = true;
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/octet-stream';
    this.res.writeHead(status, { ...headers, 'x-amzn-RequestId': this.requestId });
    this.res.socket?.setNoDelay(true);
  }
}

/** Invokes `request` with its response streamed to `res`; a Function URL never returns the log. */
export async function streamToFunctionUrl(
  engine: Engine, request: Omit<InvokeRequest, 'stream' | 'onResult'>, res: ServerResponse, requestId: string, head: boolean,
): Promise<StreamedUrlAnswer> {
  const stream = new UrlStream(res, requestId, head);
  const outcome = await invokeWithoutLog(engine, (onResult) => ({ ...request, stream, onResult }), (o) => o);
  if (outcome.kind === 'throttled') return { kind: 'failed', status: 429 };
  const failed = outcome.functionError !== undefined || stream.broken;
  if (stream.headSent) {
    if (failed) res.destroy();
    else res.end();
    return { kind: 'sent' };
  }
  // An integration stream that ended before its prelude did is as broken as a bad prelude.
  if (failed || stream.started) return { kind: 'failed', status: 502 };
  return { kind: 'buffered', payload: outcome.payload };
}
