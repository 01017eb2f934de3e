// GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration,
// DeleteFunction, ListFunctions and GetAccountSettings.

import { handlerProblem } from '../../lambda/handler';
import { parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { dropFunctionUrls } from './function-urls';
import { listPage } from './paging';
import { functionConfiguration } from './shapes';
import { invalidParameter } from './errors';
import { dropAllProvisioned, dropProvisioned } from './provisioned';
import {
  ACCOUNT_CONCURRENCY_DEFAULT, EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_MIN_MB, MEMORY_MAX_MB, MEMORY_MIN_MB,
  TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC, isEphemeralStorageSize, isMemorySize, isTimeout,
} from '../../lambda/limits';
import { environmentProblem } from '../store/limits';
import type { ConfigFields } from '../store/types';
import { loggingFromRequest } from './logging-config';
import { refuseUnapplied } from './unapplied-settings';
import { snapStartUpdate } from './snapstart';
import { tagsOf } from '../store/tags';

function configOf(api: ApiContext, req: ApiRequest): Record<string, unknown> {
  const r = api.store.resolve(req.params[0] as string, req.query.get('Qualifier') ?? undefined, false);
  return functionConfiguration(api.shape, r.fn, r.record, r.qualifier);
}

export function getFunctionConfiguration(api: ApiContext, req: ApiRequest): Reply {
  return { status: 200, body: configOf(api, req) };
}

export function getFunction(api: ApiContext, req: ApiRequest): Reply {
  const r = api.store.resolve(req.params[0] as string, req.query.get('Qualifier') ?? undefined, false);
  const doc: Record<string, unknown> = {
    Configuration: functionConfiguration(api.shape, r.fn, r.record, r.qualifier),
    // Lambda hands out a presigned S3 URL; the local code is a folder.
    Code: { RepositoryType: 'Local', Location: `file://${r.record.codeDir}` },
  };
  if (r.fn.reservedConcurrency !== null) doc.Concurrency = { ReservedConcurrentExecutions: r.fn.reservedConcurrency };
  const tags = tagsOf(r.fn);
  if (Object.keys(tags).length > 0) doc.Tags = tags;
  return { status: 200, body: doc };
}

export function updateFunctionConfiguration(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualifiedFunction(api, req, 'Only the $LATEST version can be updated; remove the qualifier.');
  const body = parseJsonObject(req.body);
  // Nothing is changed when any member asks for what the service does not do.
  refuseUnapplied(body, fn);
  const patch: { -readonly [K in keyof ConfigFields]?: ConfigFields[K] } = {};
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
  if (body.LoggingConfig !== undefined) patch.logging = loggingFromRequest(fn.latest.config.logging, body.LoggingConfig);
  const snapStart = snapStartUpdate(body, fn.latest.config, patch.runtime);
  if (snapStart !== undefined) patch.snapStart = snapStart;
  const revisionId = typeof body.RevisionId === 'string' ? body.RevisionId : undefined;
  const record = api.store.updateConfig(fn, patch, revisionId);
  // Environments of the old configuration must not serve what follows.
  api.engine.retire(fn.name, '$LATEST');
  return { status: 200, body: functionConfiguration(api.shape, fn, record, undefined) };
}

export function deleteFunction(api: ApiContext, req: ApiRequest): Reply {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier !== undefined) {
    api.store.deleteVersion(fn, qualifier);
    dropProvisioned(api, fn, qualifier);
    api.engine.retire(fn.name, qualifier);
  } else {
    api.store.deleteFunction(fn);
    dropAllProvisioned(api, fn);
    dropFunctionUrls(api.store, fn.name);
    api.engine.retire(fn.name);
  }
  return { status: 204 };
}

export function listFunctions(api: ApiContext, req: ApiRequest): Reply {
  const all = req.query.get('FunctionVersion') === 'ALL';
  const configs = api.store.list().flatMap((fn) => all
    ? [functionConfiguration(api.shape, fn, fn.latest, '$LATEST'),
      ...[...fn.versions.values()].map((v) => functionConfiguration(api.shape, fn, v, v.version))]
    : [functionConfiguration(api.shape, fn, fn.latest, undefined)]);
  return { status: 200, body: listPage('Functions', configs, req.query) };
}

export function getAccountSettings(api: ApiContext): Reply {
  const fns = api.store.list();
  const reserved = fns.reduce((n, fn) => n + (fn.reservedConcurrency ?? 0), 0);
  const codeSize = fns.reduce((n, fn) => n + fn.latest.codeSize + [...fn.versions.values()].reduce((m, v) => m + v.codeSize, 0), 0);
  return {
    status: 200,
    body: {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800, CodeSizeUnzipped: 262_144_000, CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: ACCOUNT_CONCURRENCY_DEFAULT, UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY_DEFAULT - reserved,
      },
      AccountUsage: { TotalCodeSize: codeSize, FunctionCount: fns.length },
    },
  };
}
