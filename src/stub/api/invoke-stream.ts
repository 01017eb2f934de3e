// InvokeWithResponseStream: POST /2021-11-15/functions/{name}/response-streaming-invocations
// (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html).
// Checked as Invoke is (payload, qualifier, state, reserved concurrency),
// then answered as an event stream (event-stream-reply.ts) while the function
// runs. Served on node:http, not the raw front: its answer is written in
// pieces as the chunks arrive.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../lambda/errors';
import { INVOKE_PAYLOAD_MAX_BYTES } from '../../lambda/limits';
import type { InvokeOutcome, InvokeRequest } from '../engine/types';
import type { ApiContext } from './context';
import { invokeWithoutLog } from './early-answer';
import { LambdaError, validationError } from './errors';
import { EventStreamReply } from './event-stream-reply';
import { readBody, sendError } from './http';
import { checkJson, throttled } from './invoke';
import { asLambdaError, type ApiServerOptions } from './server';
import { checkInvocable } from './snapstart';

const PREFIX = '/2021-11-15/functions/';
const SUFFIX = '/response-streaming-invocations';
const EMPTY_EVENT = Buffer.from('{}');
const TOO_LARGE = `Request must be smaller than ${INVOKE_PAYLOAD_MAX_BYTES} bytes for the InvokeWithResponseStream operation`;

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function isInvokeWithResponseStream(req: IncomingMessage): boolean {
  const path = pathOf(req);
  return req.method === 'POST' && path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length > PREFIX.length + SUFFIX.length;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function invokeWithResponseStream(api: ApiContext, req: IncomingMessage, res: ServerResponse, options: ApiServerOptions): Promise<void> {
  const requestId = randomUUID();
  try {
    await serve(api, req, res, requestId);
  } catch (err) {
    // Once the stream has begun, a failure can only cut it short.
    if (res.headersSent || req.readableAborted) {
      res.destroy();
      return;
    }
    sendError(res, requestId, asLambdaError(err, options));
  }
}

async function serve(api: ApiContext, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const path = pathOf(req);
  let name: string;
  try {
    name = decodeURIComponent(path.slice(PREFIX.length, path.length - SUFFIX.length));
  } catch {
    throw new LambdaError(ApiError.ValidationException, `Malformed percent-encoding in request path: ${path}`);
  }
  const body = await readBody(req, INVOKE_PAYLOAD_MAX_BYTES, TOO_LARGE);
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'DryRun') {
    throw validationError(type, 'invocationType', 'Member must satisfy enum value set: [RequestResponse, DryRun]');
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw validationError(logType, 'logType', 'Member must satisfy enum value set: [None, Tail]');
  }
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const r = api.store.resolve(name, query.get('Qualifier') ?? undefined, true);
  if (body.length !== 0) checkJson(body);
  checkInvocable(r.fn, r.record);
  if (type === 'DryRun') {
    res.writeHead(204, { 'x-amzn-RequestId': requestId });
    res.end();
    return;
  }
  const reserved = r.fn.reservedConcurrency;
  if (reserved === 0) throw throttled('ReservedFunctionConcurrentInvocationLimitExceeded');
  const reply = new EventStreamReply(res, requestId, r.record.version);
  const clientContext = header(req, 'x-amz-client-context');
  const request = (onResult?: InvokeRequest['onResult']): InvokeRequest => ({
    fn: r.record.snapshot,
    invokedArn: r.invokedArn,
    payload: body.length === 0 ? EMPTY_EVENT : body,
    requestId,
    reservedConcurrency: reserved,
    stream: reply,
    ...(clientContext !== undefined ? { clientContext } : {}),
    ...(onResult !== undefined ? { onResult } : {}),
  });
  const tail = logType === 'Tail';
  // Without a log tail to return, InvokeComplete leaves as soon as the result is in.
  const outcome: InvokeOutcome = tail ? await api.engine.invoke(request()) : await invokeWithoutLog(api.engine, request, (o) => o);
  if (outcome.kind === 'throttled') throw throttled(outcome.reason);
  reply.complete(outcome, tail);
}
