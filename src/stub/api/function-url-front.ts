// The Function URL front: any request under /lambda-url/<id>/ becomes a
// payload format 2.0 event, runs through the same engine path as Invoke, and
// the function's answer becomes the HTTP response the way Lambda maps it.
// Errors here are Function URL errors ({"Message": …}), not Lambda API ones.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../lambda/errors';
import { INVOKE_PAYLOAD_MAX_BYTES } from '../../lambda/limits';
import type { ApiContext } from './context';
import { invokeWithoutLog } from './early-answer';
import { LambdaError } from './errors';
import { FUNCTION_URL_PREFIX, findFunctionUrl } from './function-urls';
import { iamAuthProblem } from './function-url-auth';
import { readBody } from './http';
import { FRONT_HEADERS, isWritableHeader, streamToFunctionUrl } from './function-url-stream';

export function isFunctionUrlRequest(req: IncomingMessage): boolean {
  return req.url?.startsWith(FUNCTION_URL_PREFIX) === true;
}

interface FrontReply {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const message = (status: number, text: string): FrontReply => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: Buffer.from(JSON.stringify({ Message: text })),
});

/** `onInternalError` hears of failures that are bugs here, as the API server's does; the caller sees a 500. */
export async function serveFunctionUrl(
  api: ApiContext, req: IncomingMessage, res: ServerResponse, onInternalError?: (err: unknown) => void,
): Promise<void> {
  const requestId = randomUUID();
  let reply: FrontReply;
  try {
    reply = await answer(api, req, requestId, res);
  } catch (err) {
    if (err instanceof LambdaError && err.type === ApiError.RequestTooLargeException) {
      reply = message(413, 'Request Entity Too Large');
      // The unread rest of the body would be taken for the next request.
      if (err.extra.closeConnection === true) reply.headers.Connection = 'close';
    } else {
      if (!req.readableAborted) onInternalError?.(err);
      reply = message(500, 'Internal Server Error');
    }
  }
  if (res.headersSent) return;
  try {
    res.writeHead(reply.status, { ...reply.headers, 'x-amzn-RequestId': requestId, 'Content-Length': reply.body.length });
  } catch {
    // Nothing a function answers may take the service down: a response Node
    // refuses to write is the function's fault, a 502.
    reply = message(502, 'Internal Server Error');
    res.writeHead(reply.status, { ...reply.headers, 'x-amzn-RequestId': requestId, 'Content-Length': reply.body.length });
  }
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

async function answer(api: ApiContext, req: IncomingMessage, requestId: string, res: ServerResponse): Promise<FrontReply> {
  const url = req.url ?? '/';
  const rest = url.slice(FUNCTION_URL_PREFIX.length);
  const slash = rest.indexOf('/');
  const q = rest.indexOf('?');
  const idEnd = slash === -1 ? (q === -1 ? rest.length : q) : q !== -1 && q < slash ? q : slash;
  let id: string;
  try {
    id = decodeURIComponent(rest.slice(0, idEnd));
  } catch {
    return message(404, 'Not Found');
  }
  const config = findFunctionUrl(api.store, id);
  if (config === undefined) {
    return message(404, `No function URL ${id}: create one with CreateFunctionUrlConfig`);
  }
  // Lambda's answer to an unsigned (or badly signed) request: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
  if (config.authType === 'AWS_IAM' && iamAuthProblem(req, api.shape.region) !== undefined) return message(403, 'Forbidden');
  let resolved;
  try {
    resolved = api.store.resolve(config.functionName, config.qualifier, true);
  } catch {
    // The function (or its alias) was deleted after the URL was created.
    return message(404, 'Not Found');
  }
  const body = await readBody(req, INVOKE_PAYLOAD_MAX_BYTES, 'Request Entity Too Large');
  const pathAndQuery = rest.slice(idEnd);
  const event = buildEvent(req, requestId, id, pathAndQuery, body);
  const reserved = resolved.fn.reservedConcurrency;
  if (reserved === 0) return message(429, 'Rate Exceeded.');
  // A Function URL never returns the log: answer as soon as the result is in.
  const payload = Buffer.from(JSON.stringify(event));
  if (config.invokeMode === 'RESPONSE_STREAM') {
    const target = { fn: resolved.record.snapshot, invokedArn: resolved.invokedArn, payload, requestId, reservedConcurrency: reserved };
    const streamed = await streamToFunctionUrl(api.engine, target, res, requestId, req.method === 'HEAD');
    if (streamed.kind === 'buffered') return mapResult(streamed.payload);
    // 'sent': the response is out, and nothing more is written.
    return streamed.kind === 'failed' && streamed.status === 429 ? message(429, 'Rate Exceeded.') : message(502, 'Internal Server Error');
  }
  const outcome = await invokeWithoutLog(api.engine, (onResult) => ({
    fn: resolved.record.snapshot,
    invokedArn: resolved.invokedArn,
    payload,
    requestId,
    reservedConcurrency: reserved,
    onResult,
  }), (o) => o);
  if (outcome.kind === 'throttled') return message(429, 'Rate Exceeded.');
  if (outcome.functionError !== undefined) return message(502, 'Internal Server Error');
  return mapResult(outcome.payload);
}

/** Content types Lambda passes as text; everything else is base64-encoded. */
function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const t = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return t.startsWith('text/') || t === 'application/json' || t.endsWith('+json') || t === 'application/xml'
    || t.endsWith('+xml') || t === 'application/javascript';
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p = (n: number): string => String(n).padStart(2, '0');

/** CloudWatch-style request time, 12/Mar/2020:19:03:58 +0000. */
function requestTime(d: Date): string {
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function buildEvent(
  req: IncomingMessage, requestId: string, id: string, pathAndQuery: string, body: Buffer,
): Record<string, unknown> {
  const q = pathAndQuery.indexOf('?');
  const rawPath = (q === -1 ? pathAndQuery : pathAndQuery.slice(0, q)) || '/';
  const rawQueryString = q === -1 ? '' : pathAndQuery.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Lambda moves cookies out of the headers into their own list.
    if (name === 'cookie') {
      cookies = headerString(value)?.split(/;\s*/).filter((c) => c.length > 0);
      continue;
    }
    headers[name] = name === 'set-cookie' && Array.isArray(value) ? value.join(',') : headerString(value) ?? '';
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) {
    // Repeated parameters are joined with commas, as in payload format 2.0.
    query[k] = k in query ? `${query[k]},${v}` : v;
  }
  const now = new Date();
  const host = headers.host ?? '127.0.0.1';
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
  };
  if (cookies !== undefined && cookies.length > 0) event.cookies = cookies;
  if (rawQueryString !== '') event.queryStringParameters = query;
  event.requestContext = {
    // What Lambda puts there for AuthType NONE.
    accountId: 'anonymous',
    apiId: id,
    domainName: host,
    domainPrefix: id,
    http: {
      method: req.method ?? 'GET',
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: '$default',
    stage: '$default',
    time: requestTime(now),
    timeEpoch: now.getTime(),
  };
  if (body.length > 0) {
    const text = isTextual(headers['content-type']);
    event.body = text ? body.toString('utf8') : body.toString('base64');
    event.isBase64Encoded = !text;
  } else {
    event.isBase64Encoded = false;
  }
  return event;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Lambda's rule: an object with a statusCode is a structured response
 * (statusCode, headers, cookies, body, isBase64Encoded); anything else is the
 * body of a 200 application/json response.
 */
function mapResult(payload: Buffer): FrontReply {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: payload };
  }
  if (!isObject(value) || value.statusCode === undefined) {
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: payload };
  }
  const status = value.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return message(502, 'Internal Server Error');
  }
  const headers: Record<string, string | string[]> = {};
  if (isObject(value.headers)) {
    for (const [k, v] of Object.entries(value.headers)) {
      if (v === undefined || v === null || FRONT_HEADERS.has(k.toLowerCase())) continue;
      const text = typeof v === 'string' ? v : String(v);
      if (!isWritableHeader(k, text)) return message(502, 'Internal Server Error');
      headers[k] = text;
    }
  }
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  if (Array.isArray(value.cookies) && value.cookies.length > 0) {
    const cookies = value.cookies.map(String);
    if (!cookies.every((c) => isWritableHeader('Set-Cookie', c))) return message(502, 'Internal Server Error');
    headers['Set-Cookie'] = cookies;
  }
  let body: Buffer;
  if (value.body === undefined || value.body === null) body = Buffer.alloc(0);
  else if (typeof value.body !== 'string') body = Buffer.from(JSON.stringify(value.body));
  else body = value.isBase64Encoded === true ? Buffer.from(value.body, 'base64') : Buffer.from(value.body, 'utf8');
  return { status, headers, body };
}
