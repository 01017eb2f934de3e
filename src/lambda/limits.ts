// Lambda's limits on a function's settings and on what crosses its APIs, one
// name per limit. Each is the value Lambda enforces (its quotas page and API
// reference), used by the local service to refuse what Lambda refuses and by
// the scenario format to refuse a setting before a run.

/** MemorySize, in MB: whole megabytes in this range. */
export const MEMORY_MIN_MB = 128;
export const MEMORY_MAX_MB = 10240;
export const MEMORY_DEFAULT_MB = 128;

/** Timeout, in whole seconds. */
export const TIMEOUT_MIN_SEC = 1;
export const TIMEOUT_MAX_SEC = 900;
export const TIMEOUT_DEFAULT_SEC = 3;

/** EphemeralStorage.Size (/tmp), in MB; the default size is also the part included in the price. */
export const EPHEMERAL_STORAGE_MIN_MB = 512;
export const EPHEMERAL_STORAGE_MAX_MB = 10240;
export const EPHEMERAL_STORAGE_DEFAULT_MB = 512;

/**
 * The Invoke API's limit on a synchronous (RequestResponse) request payload,
 * in bytes of the HTTP body: 6 MiB.
 */
export const INVOKE_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;

/**
 * The Runtime API's limit on the response a runtime posts for one
 * invocation, in bytes of the posted body: 6 MiB and 100 bytes, 6,291,556
 * (AWS's runtime interface emulator, internal/lambda/interop/model.go,
 * MaxPayloadSize; the number real Lambda names in its error, "Response payload
 * size exceeded maximum allowed payload size (6291556 bytes)."). A response
 * of exactly this size succeeds; a larger one fails the invocation with
 * Function.ResponseSizeTooLarge.
 */
export const RUNTIME_RESPONSE_MAX_BYTES = 6 * 1024 * 1024 + 100;

/**
 * The limit of a streamed response (InvokeWithResponseStream, Function URLs
 * in RESPONSE_STREAM mode), in bytes of the function's response: 200 MB
 * since July 2025, 20 MB before
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html).
 */
export const STREAMED_RESPONSE_MAX_BYTES = 200 * 1024 * 1024;

/** All of a function's environment variables together, keys and values, in bytes. */
export const ENVIRONMENT_VARIABLES_MAX_BYTES = 4 * 1024;

/**
 * Deployment package limits (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
 * 50 MB zipped for a direct upload, 250 MB unzipped. A direct upload travels
 * base64-encoded in the JSON body, so the request limit Lambda names in its
 * refusal ("Request must be smaller than 69905067 bytes for the CreateFunction
 * operation") is the zipped limit's base64 length, rounded up.
 */
export const CODE_ZIPPED_MAX_BYTES = 52_428_800;
export const CODE_UNZIPPED_MAX_BYTES = 262_144_000;
export const CODE_UPLOAD_REQUEST_MAX_BYTES = 69_905_067;

/** The concurrency an account has unless it asked for more (GetAccountSettings' ConcurrentExecutions). */
export const ACCOUNT_CONCURRENCY_DEFAULT = 1000;
/** Lambda keeps this much of the account's concurrency unreserved. */
export const UNRESERVED_CONCURRENCY_MIN = 100;

/** True for a whole number from min to max, both included. */
export function isWholeIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isMemorySize(value: unknown): value is number {
  return isWholeIn(value, MEMORY_MIN_MB, MEMORY_MAX_MB);
}

export function isTimeout(value: unknown): value is number {
  return isWholeIn(value, TIMEOUT_MIN_SEC, TIMEOUT_MAX_SEC);
}

export function isEphemeralStorageSize(value: unknown): value is number {
  return isWholeIn(value, EPHEMERAL_STORAGE_MIN_MB, EPHEMERAL_STORAGE_MAX_MB);
}
