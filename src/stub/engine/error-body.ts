// What the caller gets of an error a runtime posts to
// /runtime/invocation/{id}/error, as AWS's runtime interface emulator passes
// it on (aws/aws-lambda-runtime-interface-emulator,
// internal/lambda/rapi/handler/invocationerror.go and
// mime_type_error_cause_json.go; tests in invocationerror_test.go):
// - any Content-Type but the error-cause one: the body as posted;
// - `application/vnd.aws.lambda.error.cause+json`: the body is read as
//   {errorMessage, errorType, stackTrace, errorCause}; the caller gets
//   errorMessage, errorType and (when not empty) stackTrace, never errorCause
//   (that goes to X-Ray, which this service has not); a body that does not
//   read so becomes the JSON string "Invalid error body".
// The platform's name for the error (its log records) is the
// Lambda-Runtime-Function-Error-Type header, kept only when it names a
// Runtime.* or Function.* error (initErrorType, fatalerror.go).

import { goJson } from './runtime-api-replies';

export const ERROR_CAUSE_CONTENT_TYPE = 'application/vnd.aws.lambda.error.cause+json';

const INVALID_ERROR_BODY = Buffer.from(goJson('Invalid error body'));

/** The fields the emulator reads (errorWithCauseRequest), by their JSON names. */
const FIELDS = ['errorMessage', 'errorType', 'stackTrace', 'errorCause'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The field a JSON key fills, as Go's encoding/json matches it: the exact
 * name, else a case-insensitive one; undefined for a key it ignores.
 */
function fieldOf(key: string): Field | undefined {
  const exact = FIELDS.find((f) => f === key);
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  return FIELDS.find((f) => f.toLowerCase() === lower);
}

interface ErrorWithCause {
  errorMessage: string;
  errorType: string;
  stackTrace: string[];
}

/** The body read into the emulator's struct; undefined where json.Unmarshal would fail. */
function readErrorWithCause(body: Buffer): ErrorWithCause | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const out: ErrorWithCause = { errorMessage: '', errorType: '', stackTrace: [] };
  // `null` unmarshals into the zero struct; any other non-object is an error.
  if (doc === null) return out;
  if (typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const field = fieldOf(key);
    if (field === undefined || field === 'errorCause' || value === null) continue;
    if (field === 'stackTrace') {
      if (!Array.isArray(value)) return undefined;
      const lines: string[] = [];
      for (const line of value as unknown[]) {
        if (line !== null && typeof line !== 'string') return undefined;
        lines.push(line ?? '');
      }
      out.stackTrace = lines;
    } else {
      if (typeof value !== 'string') return undefined;
      out[field] = value;
    }
  }
  return out;
}

/** The error document the caller gets for an error body posted with `contentType`. */
export function invocationErrorPayload(body: Buffer, contentType: string | undefined): Buffer {
  if (contentType !== ERROR_CAUSE_CONTENT_TYPE) return body;
  const read = readErrorWithCause(body);
  if (read === undefined) return INVALID_ERROR_BODY;
  // model.ErrorResponse: stackTrace is `omitempty`.
  const doc = read.stackTrace.length > 0 ? read : { errorMessage: read.errorMessage, errorType: read.errorType };
  return Buffer.from(goJson(doc));
}
