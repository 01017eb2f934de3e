// The environment variables a runtime starts with: Lambda's, never this
// process's.

import { logGroupName } from './log-format';
import type { InitializationType } from '../../lambda/log';
import type { FunctionSnapshot } from './types';

/** What every environment of one function generation gets, built once per generation. */
const baseVariables = new WeakMap<FunctionSnapshot, Record<string, string>>();

/**
 * `familyEnv`: the runtime family's own variables; `runtimeApi`: host:port of
 * the environment's Runtime API; `initializationType`: how the environment was
 * started (provisioned concurrency's are 'provisioned-concurrency').
 */
export function runtimeVariables(
  fn: FunctionSnapshot,
  familyEnv: Readonly<Record<string, string>>,
  stream: string,
  runtimeApi: string,
  initializationType: InitializationType = 'on-demand',
): Record<string, string> {
  let base = baseVariables.get(fn);
  if (base === undefined) {
    base = {
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: fn.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn.name),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      LAMBDA_TASK_ROOT: fn.codeDir,
      LAMBDA_RUNTIME_DIR: fn.codeDir,
      _HANDLER: fn.handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
    };
    baseVariables.set(fn, base);
  }
  // Per environment: its stream and endpoint; the family's variables win over the function's, as before.
  const vars: Record<string, string> = { ...base, AWS_LAMBDA_LOG_STREAM_NAME: stream, AWS_LAMBDA_RUNTIME_API: runtimeApi, ...familyEnv };
  if (initializationType !== 'on-demand') vars.AWS_LAMBDA_INITIALIZATION_TYPE = initializationType;
  return vars;
}
