// What the Runtime API answers a runtime, byte for byte as AWS's runtime
// interface emulator renders it (aws/aws-lambda-runtime-interface-emulator,
// internal/lambda/rapi/rendering/render_json.go, render_error.go,
// rendering.go RenderAccepted; model/errorresponse.go, model/statusresponse.go):
// JSON written by Go's json.Encoder, so HTML-escaped and ending in a newline,
// `errorMessage` before `errorType`. The router's own answers are chi's: 404
// `404 page not found` as text, 405 with an Allow header and no body
// (internal/lambda/rapi/router_test.go, Test404PageNotFound, Test405MethodNotAllowed).

import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { statusLine } from '../wire/status-line';

/** A request the Runtime API refuses: the status and the error document the runtime gets. */
export interface Refusal {
  readonly status: number;
  readonly errorType: string;
  readonly errorMessage: string;
}

/**
 * JSON as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029
 * escaped (json.Marshal and an Encoder with SetEscapeHTML(true)).
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function jsonReply(status: number, doc: object): string {
  const body = goJson(doc) + '\n';
  return `${statusLine(status)}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The reply to a refused request. */
export function refusalReply(r: Refusal): string {
  return jsonReply(r.status, { errorMessage: r.errorMessage, errorType: r.errorType });
}

/** 202 to a result or an init error (RenderAccepted). */
export const ACCEPTED = jsonReply(202, { status: 'OK' });

/** A result for a request id that is not the current invocation's (middleware.go, AwsRequestIDValidator; RenderInvalidRequestID). */
export const INVALID_REQUEST_ID: Refusal = { status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' };

/** rapi/rendering/render_error.go, RenderInvalidFunctionResponseMode. */
export const INVALID_RESPONSE_MODE = refusalReply({ status: 400, errorType: 'InvalidFunctionResponseMode', errorMessage: 'Invalid function response mode' });

/** A response over Lambda's limit (RenderRequestEntityTooLarge); the runtime carries on to its next /next. */
export const TOO_LARGE = refusalReply({
  status: 413,
  errorType: 'RequestEntityTooLarge',
  errorMessage: `Exceeded maximum allowed payload size (${RUNTIME_RESPONSE_MAX_BYTES} bytes).`,
});

/** An unknown path (chi's NotFound, net/http's http.Error). */
const NOT_FOUND_BODY = '404 page not found\n';
export const NOT_FOUND =
  `${statusLine(404)}Content-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
  `Content-Length: ${NOT_FOUND_BODY.length}\r\n\r\n${NOT_FOUND_BODY}`;

/** A known path asked with another method (chi's methodNotAllowedHandler). */
export const NOT_ALLOWED_GET = `${statusLine(405)}Allow: GET\r\nContent-Length: 0\r\n\r\n`;
export const NOT_ALLOWED_POST = `${statusLine(405)}Allow: POST\r\nContent-Length: 0\r\n\r\n`;

/** GET /ping, kept by the emulator "to respect Hyrum's Law" (router.go; handler/ping.go). */
export const PONG = `${statusLine(200)}Content-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\n\r\npong`;
