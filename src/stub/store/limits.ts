// What the local service accepts for a function's settings beyond Lambda's
// numeric limits (src/lambda/limits.ts), and its defaults. Shared by the
// function.json loader and UpdateFunctionConfiguration so both refuse alike.

import { DEFAULT_ARCHITECTURE } from '../../lambda/architectures';
import { EPHEMERAL_STORAGE_DEFAULT_MB, MEMORY_DEFAULT_MB, TIMEOUT_DEFAULT_SEC } from '../../lambda/limits';

/** Lambda's defaults; the handler and runtime are the service's own (Lambda requires both). */
export const DEFAULTS = {
  handler: 'index.handler',
  runtime: 'nodejs20.x',
  memoryMb: MEMORY_DEFAULT_MB,
  timeoutSec: TIMEOUT_DEFAULT_SEC,
  architecture: DEFAULT_ARCHITECTURE,
  ephemeralStorageMb: EPHEMERAL_STORAGE_DEFAULT_MB,
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
