// Lambda's limits for the settings the local service accepts. Shared by the
// function.json loader and UpdateFunctionConfiguration so both refuse alike.

export const MEMORY_MIN_MB = 128;
export const MEMORY_MAX_MB = 10240;
export const TIMEOUT_MIN_SEC = 1;
export const TIMEOUT_MAX_SEC = 900;
export const EPHEMERAL_MIN_MB = 512;
export const EPHEMERAL_MAX_MB = 10240;

/** The account's concurrency GetAccountSettings reports (Lambda's default quota). */
export const ACCOUNT_CONCURRENCY = 1000;
/** Lambda keeps this much of the account's concurrency unreserved. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

export const DEFAULTS = {
  handler: 'index.handler',
  runtime: 'nodejs20.x',
  memoryMb: 128,
  timeoutSec: 3,
  architecture: 'x86_64',
  ephemeralStorageMb: 512,
} as const;

/** Variables Lambda sets itself and refuses to let a function override. */
export const RESERVED_ENV_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

const ENV_KEY_RE = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** Returns why an environment map is refused, or undefined when it is fine. */
export function environmentProblem(env: unknown): string | undefined {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return 'must be an object of string values';
  const reserved: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (typeof v !== 'string') return `value of "${k}" must be a string`;
    if (!ENV_KEY_RE.test(k)) return `"${k}" is not a valid variable name`;
    if (RESERVED_ENV_KEYS.has(k)) reserved.push(k);
  }
  if (reserved.length > 0) return `reserved keys cannot be set: ${reserved.join(', ')}`;
  return undefined;
}
