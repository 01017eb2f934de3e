// The settings members of UpdateFunctionConfiguration and CreateFunction
// (MemorySize, Timeout, Environment, Description, Handler, Runtime,
// EphemeralStorage, LoggingConfig, SnapStart), checked with Lambda's errors
// and turned into a change of the function's configuration. One rule for
// both, so that a value refused by one is refused by the other.

import { handlerProblem } from '../../lambda/handler';
import {
  EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_MIN_MB, MEMORY_MAX_MB, MEMORY_MIN_MB,
  TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC, isEphemeralStorageSize, isMemorySize, isTimeout,
} from '../../lambda/limits';
import { environmentProblem } from '../store/limits';
import type { ConfigFields } from '../store/types';
import type { ApiContext } from './context';
import { invalidParameter } from './errors';
import { loggingFromRequest } from './logging-config';
import { snapStartUpdate } from './snapstart';

export type ConfigPatch = { -readonly [K in keyof ConfigFields]?: ConfigFields[K] };

/** The change `body` asks of `current`; throws Lambda's error for the first member refused. */
export function settingsPatch(api: ApiContext, body: Record<string, unknown>, current: ConfigFields): ConfigPatch {
  const patch: ConfigPatch = {};
  if (body.MemorySize !== undefined) {
    if (!isMemorySize(body.MemorySize)) {
      throw invalidParameter(`'MemorySize' value failed to satisfy constraint: Member must be an integer from ${MEMORY_MIN_MB} to ${MEMORY_MAX_MB} (got ${JSON.stringify(body.MemorySize)})`);
    }
    patch.memoryMb = body.MemorySize;
  }
  if (body.Timeout !== undefined) {
    if (!isTimeout(body.Timeout)) {
      throw invalidParameter(`'Timeout' value failed to satisfy constraint: Member must be an integer from ${TIMEOUT_MIN_SEC} to ${TIMEOUT_MAX_SEC} (got ${JSON.stringify(body.Timeout)})`);
    }
    patch.timeoutSec = body.Timeout;
  }
  if (body.Environment !== undefined) {
    const env = body.Environment as { Variables?: unknown } | null;
    const vars = env !== null && typeof env === 'object' ? (env.Variables ?? {}) : env;
    const problem = environmentProblem(vars);
    if (problem !== undefined) throw invalidParameter(`Lambda was unable to configure your environment variables: ${problem}`);
    patch.environment = { ...(vars as Record<string, string>) };
  }
  if (body.Description !== undefined) {
    if (typeof body.Description !== 'string' || body.Description.length > 256) throw invalidParameter("'Description' must be a string of at most 256 characters");
    patch.description = body.Description;
  }
  if (body.Handler !== undefined) {
    const problem = handlerProblem(body.Handler);
    if (problem !== undefined) throw invalidParameter(`'Handler' ${problem}`);
    patch.handler = body.Handler as string;
  }
  if (body.Runtime !== undefined) {
    if (typeof body.Runtime !== 'string' || !api.runtimes.isKnown(body.Runtime)) {
      throw invalidParameter(`Value ${JSON.stringify(body.Runtime)} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${api.runtimes.list().join(', ')}]`);
    }
    patch.runtime = body.Runtime;
  }
  if (body.EphemeralStorage !== undefined) {
    const size = (body.EphemeralStorage as { Size?: unknown } | null)?.Size;
    if (!isEphemeralStorageSize(size)) throw invalidParameter(`'EphemeralStorage.Size' must be an integer from ${EPHEMERAL_STORAGE_MIN_MB} to ${EPHEMERAL_STORAGE_MAX_MB}`);
    patch.ephemeralStorageMb = size;
  }
  if (body.LoggingConfig !== undefined) patch.logging = loggingFromRequest(current.logging, body.LoggingConfig);
  const snapStart = snapStartUpdate(body, current, patch.runtime);
  if (snapStart !== undefined) patch.snapStart = snapStart;
  return patch;
}
