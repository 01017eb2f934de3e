// CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.

import { optionalString, parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { listPage } from './paging';
import { dropFunctionUrls } from './function-urls';
import { aliasConfiguration } from './shapes';
import { invalidParameter } from './errors';
import { checkAliasUpdate, dropProvisioned, followAlias } from './provisioned';
import type { AliasInput } from '../store/store';
import { deleteEventInvokeConfig } from '../store/event-invoke-configs';
import { dropPolicy } from '../store/policies';

function aliasInput(body: Record<string, unknown>): AliasInput {
  const functionVersion = optionalString(body, 'FunctionVersion');
  const description = optionalString(body, 'Description');
  const revisionId = optionalString(body, 'RevisionId');
  const out: { -readonly [K in keyof AliasInput]: AliasInput[K] } = {
    ...(functionVersion !== undefined ? { functionVersion } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(revisionId !== undefined ? { revisionId } : {}),
  };
  if (body.RoutingConfig !== undefined) {
    const weights = (body.RoutingConfig as { AdditionalVersionWeights?: unknown } | null)?.AdditionalVersionWeights ?? {};
    if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
      throw invalidParameter("'RoutingConfig.AdditionalVersionWeights' must be an object of version -> weight");
    }
    out.additionalVersionWeights = weights as Record<string, number>;
  }
  return out;
}

const unqualified = (api: ApiContext, req: ApiRequest) => unqualifiedFunction(api, req, 'Alias operations take an unqualified function name.');

export function createAlias(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  const body = parseJsonObject(req.body);
  if (typeof body.Name !== 'string') throw invalidParameter("'Name' is required and must be a string");
  const alias = api.store.createAlias(fn, body.Name, aliasInput(body));
  return { status: 201, body: aliasConfiguration(api.shape, fn, alias) };
}

export function getAlias(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  return { status: 200, body: aliasConfiguration(api.shape, fn, api.store.getAlias(fn, req.params[1] as string)) };
}

export function updateAlias(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  const name = req.params[1] as string;
  const input = aliasInput(parseJsonObject(req.body));
  checkAliasUpdate(fn, name, input);
  const alias = api.store.updateAlias(fn, name, input);
  followAlias(api, fn, name);
  return { status: 200, body: aliasConfiguration(api.shape, fn, alias) };
}

export function deleteAlias(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  api.store.deleteAlias(fn, req.params[1] as string);
  dropProvisioned(api, fn, req.params[1] as string);
  dropFunctionUrls(api.store, fn.name, req.params[1] as string);
  // An alias made again under this name starts without the old one's policy and event config.
  dropPolicy(fn, req.params[1] as string);
  deleteEventInvokeConfig(fn, req.params[1] as string);
  // No store.keep here: the write store.deleteAlias queued runs after this handler and so holds the drops above.
  return { status: 204 };
}

export function listAliases(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  const version = req.query.get('FunctionVersion');
  const all = [...fn.aliases.values()]
    .filter((a) => version === null || a.functionVersion === version)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => aliasConfiguration(api.shape, fn, a));
  return { status: 200, body: listPage('Aliases', all, req.query) };
}
