// A function's settings as function.json holds them (the format ./load.ts
// reads and docs/local-service.md describes), for a function deployed
// through the API: what CreateFunction was given, kept in step with later
// configuration changes, so a restart serves the same function.

import type { Architecture } from '../../lambda/architectures';
import type { ConfigFields } from './types';

export function functionJson(
  config: ConfigFields, architecture: Architecture, role: string | undefined, tags: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const l = config.logging;
  const logging: Record<string, string> = { format: l.logFormat };
  if (l.applicationLogLevel !== undefined) logging.applicationLogLevel = l.applicationLogLevel;
  if (l.systemLogLevel !== undefined) logging.systemLogLevel = l.systemLogLevel;
  if (l.logGroup !== undefined) logging.logGroup = l.logGroup;
  return {
    handler: config.handler,
    runtime: config.runtime,
    memory: config.memoryMb,
    timeout: config.timeoutSec,
    environment: config.environment,
    architecture,
    ephemeralStorage: config.ephemeralStorageMb,
    description: config.description,
    logging,
    snapStart: config.snapStart,
    ...(role !== undefined ? { role } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}
