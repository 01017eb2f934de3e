// The environment variables a runtime starts with: Lambda's, never this
// process's.

import type { InitializationType } from '../../lambda/log';
import { logGroupOf } from './log-format';
import type { FunctionSnapshot } from './types';

/** What every environment of one function generation gets, built once per generation. */
const baseVariables = new WeakMap<FunctionSnapshot, Record<string, string>>();

/** `familyEnv`: the runtime family's own variables; `runtimeApi`: host:port of the environment's Runtime API. */
export function runtimeVariables(
  fn: FunctionSnapshot,
  familyEnv: Readonly<Record<string, string>>,
  stream: string,
  runtimeApi: string,
  /** How the environment was started: provisioned concurrency's are 'provisioned-concurrency'. */
  initializationType: InitializationType = 'on-demand',
): Record<string, string> {
  let base = baseVariables.get(fn);
  if (base === undefined) {
    base = {
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: fn.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupOf(fn),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      LAMBDA_TASK_ROOT: fn.codeDir,
      LAMBDA_RUNTIME_DIR: fn.codeDir,
      _HANDLER: fn.handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      ...logFormatVariables(fn),
    };
    baseVariables.set(fn, base);
  }
  // Per environment: its stream and endpoint; the family's variables win over the function's, as before.
  const vars: Record<string, string> = { ...base, AWS_LAMBDA_LOG_STREAM_NAME: stream, AWS_LAMBDA_RUNTIME_API: runtimeApi, ...familyEnv };
  if (initializationType !== 'on-demand') vars.AWS_LAMBDA_INITIALIZATION_TYPE = initializationType;
  return vars;
}

/**
 * With the JSON log format, Lambda tells the runtime client the format and
 * the application log level, which AWS's clients (and ours) read to write
 * JSON records and drop what the level filters out. The Text format sets
 * neither, so a Text function's environment is what it always was.
 */
function logFormatVariables(fn: FunctionSnapshot): Record<string, string> {
  const l = fn.logging;
  if (l.logFormat !== 'JSON') return {};
  return { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: l.applicationLogLevel ?? 'INFO' };
}
