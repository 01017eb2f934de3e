// The HTTP server of the Lambda REST API. One request = route, read body,
// run the operation, send; every failure becomes Lambda's error shape.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApiError } from '../../lambda/errors';
import type { ApiContext, ApiRequest, Operation } from './context';
import { LambdaError } from './errors';
import { isFunctionUrlRequest, serveFunctionUrl } from './function-url-front';
import { CONTROL_BODY_LIMIT, errorReply, readBody, send, sendError, type Reply } from './http';
import { LOGS_TARGET_PREFIX, logsOperation } from './logs';
import { match } from './router';
import { invokeWithResponseStream, isInvokeWithResponseStream } from './invoke-stream';

export interface ApiServerOptions {
  /** Called with unexpected failures (bugs), which the client sees as ServiceException. */
  readonly onInternalError?: (err: unknown) => void;
}

export function createApiServer(api: ApiContext, options: ApiServerOptions = {}): http.Server {
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    // Function URLs share the port but answer with their own error shapes.
    if (isFunctionUrlRequest(req)) void serveFunctionUrl(api, req, res, options.onInternalError);
    else if (isInvokeWithResponseStream(req)) void invokeWithResponseStream(api, req, res, options);
    else void handle(api, req, res, options);
  });
  // SDK clients keep connections open between calls; outlive their idle pools.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function handle(api: ApiContext, req: http.IncomingMessage, res: http.ServerResponse, options: ApiServerOptions): Promise<void> {
  const requestId = randomUUID();
  try {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const target = req.headers['x-amz-target'];
    if (pathname === '/' && req.method === 'POST' && typeof target === 'string' && target.startsWith(LOGS_TARGET_PREFIX)) {
      const body = await readBody(req, CONTROL_BODY_LIMIT, 'Request too large');
      send(res, requestId, logsOperation(api.engine.logs, api.shape, target, body));
      return;
    }
    let m;
    try {
      m = match(req.method ?? 'GET', pathname);
    } catch {
      throw new LambdaError(ApiError.ValidationException, `Malformed percent-encoding in request path: ${pathname}`);
    }
    if (m === undefined) {
      throw new LambdaError(ApiError.UnknownOperationException, `The local Lambda service does not implement ${req.method ?? ''} ${pathname}`);
    }
    const { route, params } = m;
    const body = await readBody(req, route.bodyLimit, route.tooLargeMessage);
    send(res, requestId, await runOperation(api, route.op, {
      requestId,
      params,
      query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      headers: req.headers,
      body,
    }, options));
  } catch (err) {
    // A client that went away mid-request is nobody's bug, and has no one to answer.
    if (res.headersSent || req.readableAborted) { res.destroy(); return; }
    sendError(res, requestId, asLambdaError(err, options));
  }
}

/** Runs one operation; whatever it throws becomes the reply Lambda would give. */
export function runOperation(api: ApiContext, op: Operation, request: ApiRequest, options: ApiServerOptions): Promise<Reply> {
  return new Promise((resolve) => answerOperation(api, op, request, options, resolve));
}

/**
 * The same with a callback: a synchronous operation answers at once, an
 * asynchronous one one microtask turn after it settles (the API front's hot
 * path, where every turn counts).
 */
export function answerOperation(api: ApiContext, op: Operation, request: ApiRequest, options: ApiServerOptions, done: (reply: Reply) => void): void {
  let reply;
  try {
    reply = op(api, request);
  } catch (err) {
    done(errorReply(asLambdaError(err, options)));
    return;
  }
  if (reply instanceof Promise) reply.then(done, (err: unknown) => done(errorReply(asLambdaError(err, options))));
  else done(reply);
}

/** A LambdaError as is; anything else is a bug, reported and answered as ServiceException. */
export function asLambdaError(err: unknown, options: ApiServerOptions): LambdaError {
  if (err instanceof LambdaError) return err;
  options.onInternalError?.(err);
  return new LambdaError(ApiError.ServiceException, `Internal error in the local Lambda service: ${err instanceof Error ? err.message : String(err)}`);
}
