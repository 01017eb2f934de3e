// GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration,
// DeleteFunction, ListFunctions and GetAccountSettings.

import { parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { dropFunctionUrls } from './function-urls';
import { listPage } from './paging';
import { functionConfiguration } from './shapes';
import { dropAllProvisioned, dropProvisioned } from './provisioned';
import { ACCOUNT_CONCURRENCY_DEFAULT, CODE_UNZIPPED_MAX_BYTES, CODE_ZIPPED_MAX_BYTES } from '../../lambda/limits';
import { refuseUnapplied } from './unapplied-settings';
import { snapStartUpdate } from './snapstart';
import { tagsOf } from '../store/tags';
import { localRole } from '../store/names';
import { settingsPatch } from './function-settings';
import { codeMember } from './code-location';
import { refuseWhileDeploying } from './deploy-status';

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
    Code: codeMember(api, req, r.fn, r.record),
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
  refuseUnapplied(body, fn, fn.role ?? localRole(api.shape));
  refuseWhileDeploying(api, fn);
  const patch = settingsPatch(api, body, fn.latest.config);
  const revisionId = typeof body.RevisionId === 'string' ? body.RevisionId : undefined;
  const record = api.store.updateConfig(fn, patch, revisionId);
  // Environments of the old configuration must not serve what follows.
  api.engine.retire(fn.name, '$LATEST');
  return { status: 200, body: functionConfiguration(api.shape, fn, record, undefined) };
}

export async function deleteFunction(api: ApiContext, req: ApiRequest): Promise<Reply> {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier !== undefined) {
    api.store.deleteVersion(fn, qualifier);
    dropProvisioned(api, fn, qualifier);
    api.engine.retire(fn.name, qualifier);
  } else {
    const removed = api.store.deleteFunction(fn);
    dropAllProvisioned(api, fn);
    dropFunctionUrls(api.store, fn.name);
    api.engine.retire(fn.name);
    await removed;
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
        TotalCodeSize: 80_530_636_800, CodeSizeUnzipped: CODE_UNZIPPED_MAX_BYTES, CodeSizeZipped: CODE_ZIPPED_MAX_BYTES,
        ConcurrentExecutions: ACCOUNT_CONCURRENCY_DEFAULT, UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY_DEFAULT - reserved,
      },
      AccountUsage: { TotalCodeSize: codeSize, FunctionCount: fns.length },
    },
  };
}
