// Request body reading and response writing for the API server, kept to
// Buffers: an invocation payload goes from socket to engine without being
// decoded and re-encoded.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../lambda/errors';
import { LambdaError, invalidParameter } from './errors';
import { EMPTY } from '../wire/empty';

/** Control-plane requests are small; anything far above this is not a Lambda request. */
export const CONTROL_BODY_LIMIT = 1_048_576;
/** Past this we stop reading an oversized body and close the connection. */
const DRAIN_LIMIT = 64 * 1_048_576;

function tooLarge(message: string, closeConnection: boolean): LambdaError {
  return new LambdaError(ApiError.RequestTooLargeException, message, closeConnection ? { closeConnection } : {});
}

/** Rejects with RequestTooLargeException (`tooLargeMessage`) past `limit`. */
export async function readBody(req: IncomingMessage, limit: number, tooLargeMessage: string): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const drainLimit = Math.max(DRAIN_LIMIT, limit);
  if (Number.isFinite(declared) && declared > drainLimit) throw tooLarge(tooLargeMessage, true);
  // node:http emits 'request' while it is still parsing the bytes it read;
  // a body that came with its headers is buffered one microtask later (the
  // message is marked complete only a turn after that). Taking it in one
  // read() skips the stream's resume, data and end ticks on the hot path.
  await undefined;
  if (declared <= limit && req.readableLength === declared) {
    const body = req.read() as Buffer | null;
    return body ?? EMPTY;
  }
  return streamBody(req, limit, tooLargeMessage, drainLimit);
}

function streamBody(req: IncomingMessage, limit: number, tooLargeMessage: string, drainLimit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep draining so the client can read our answer; stop at DRAIN_LIMIT.
        over = true;
        chunks.length = 0;
        if (size > drainLimit) {
          req.removeAllListeners('data');
          req.pause();
          reject(tooLarge(tooLargeMessage, true));
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) reject(tooLarge(tooLargeMessage, false));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/** A control-plane JSON body; an empty body is an empty object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new LambdaError(ApiError.InvalidRequestContentException, `Could not parse request body into json: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LambdaError(ApiError.InvalidRequestContentException, 'Could not parse request body into json: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A member of a control-plane body that, when present, must be a string. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParameter(`'${key}' must be a string`);
  return v;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A Buffer is sent as is; an object is JSON-encoded. */
  readonly body?: Buffer | object;
}

/** A reply's body as the bytes sent: a Buffer as is, an object JSON-encoded, nothing as no bytes. */
export function replyBody(reply: Reply): Buffer {
  return reply.body === undefined ? EMPTY : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
}

export function send(res: ServerResponse, requestId: string, reply: Reply): void {
  const body = replyBody(reply);
  const headers: Record<string, string | number> = {
    'x-amzn-RequestId': requestId,
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    ...reply.headers,
  };
  res.writeHead(reply.status, headers);
  res.end(body.length > 0 ? body : undefined);
}

export function errorReply(err: LambdaError): Reply {
  return { status: err.status, headers: err.headers(), body: err.body() };
}

export function sendError(res: ServerResponse, requestId: string, err: LambdaError): void {
  send(res, requestId, errorReply(err));
}
