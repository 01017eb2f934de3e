// Function URL configs: CreateFunctionUrlConfig, GetFunctionUrlConfig,
// UpdateFunctionUrlConfig, DeleteFunctionUrlConfig, ListFunctionUrlConfigs.
// A URL is served by this same service under /lambda-url/<name>/ (or
// /lambda-url/<name>:<alias>/), see ./function-url-front.ts. Configs live
// beside the function store, keyed by it, so the store itself stays unaware
// of them.

import { ApiError } from '../../lambda/errors';
import { parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { listPage } from './paging';
import { LambdaError, invalidParameter, validationError } from './errors';
import { lambdaTimestamp } from '../store/store';
import type { FunctionStore } from '../store/store';
import type { FunctionRecord } from '../store/types';
import { functionArn } from '../store/names';

export const FUNCTION_URL_PREFIX = '/lambda-url/';

const AUTH_TYPES = ['NONE', 'AWS_IAM'] as const;
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'] as const;
type AuthType = (typeof AUTH_TYPES)[number];
type InvokeMode = (typeof INVOKE_MODES)[number];

export interface FunctionUrlConfig {
  readonly functionName: string;
  /** Alias name, or undefined for the unqualified function ($LATEST). */
  readonly qualifier: string | undefined;
  readonly authType: AuthType;
  readonly invokeMode: InvokeMode;
  readonly cors: Readonly<Record<string, unknown>> | undefined;
  readonly creationTime: string;
  readonly lastModifiedTime: string;
}

const configsByStore = new WeakMap<FunctionStore, Map<string, FunctionUrlConfig>>();

function configsOf(store: FunctionStore): Map<string, FunctionUrlConfig> {
  let m = configsByStore.get(store);
  if (m === undefined) {
    m = new Map();
    configsByStore.set(store, m);
  }
  return m;
}

/** The path segment that names a URL: `name` or `name:alias`. */
function urlId(functionName: string, qualifier: string | undefined): string {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}

/** The config a front request addresses by its URL id, if one was created. */
export function findFunctionUrl(store: FunctionStore, id: string): FunctionUrlConfig | undefined {
  return configsOf(store).get(id);
}

/**
 * Forgets the URL configs of a deleted function (every one) or alias, so a
 * function or alias created later under the same name does not inherit them.
 */
export function dropFunctionUrls(store: FunctionStore, functionName: string, alias?: string): void {
  const configs = configsOf(store);
  for (const [id, c] of configs) {
    if (c.functionName === functionName && (alias === undefined || c.qualifier === alias)) configs.delete(id);
  }
}

function target(api: ApiContext, req: ApiRequest): { fn: FunctionRecord; qualifier: string | undefined } {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier !== undefined) {
    // Lambda allows a URL on the unqualified function or on an alias only.
    if (qualifier === '$LATEST' || /^[0-9]+$/.test(qualifier)) {
      throw validationError(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))');
    }
    api.store.getAlias(fn, qualifier);
  }
  return { fn, qualifier };
}

function baseUrl(req: ApiRequest): string {
  const host = req.headers.host ?? '127.0.0.1';
  return `http://${host}`;
}

function shape(api: ApiContext, req: ApiRequest, c: FunctionUrlConfig, withModified: boolean): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    FunctionUrl: `${baseUrl(req)}${FUNCTION_URL_PREFIX}${urlId(c.functionName, c.qualifier)}/`,
    FunctionArn: functionArn(api.shape, c.functionName, c.qualifier),
    AuthType: c.authType,
    CreationTime: c.creationTime,
    InvokeMode: c.invokeMode,
  };
  if (c.cors !== undefined) doc.Cors = c.cors;
  if (withModified) doc.LastModifiedTime = c.lastModifiedTime;
  return doc;
}

function enumField<T extends string>(body: Record<string, unknown>, key: string, values: readonly T[], member: string): T | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw validationError(String(v), member, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return v as T;
}

function corsField(body: Record<string, unknown>): Readonly<Record<string, unknown>> | undefined {
  const v = body.Cors;
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidParameter("'Cors' must be an object");
  return { ...(v as Record<string, unknown>) };
}

export function createFunctionUrlConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, qualifier } = target(api, req);
  const body = parseJsonObject(req.body);
  const authType = enumField(body, 'AuthType', AUTH_TYPES, 'authType');
  if (authType === undefined) throw validationError('null', 'authType', 'Member must not be null');
  const id = urlId(fn.name, qualifier);
  const configs = configsOf(api.store);
  if (configs.has(id)) {
    throw new LambdaError(ApiError.ResourceConflictException,
      `Failed to create function url config for [functionArn = ${functionArn(api.shape, fn.name, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
  }
  const now = lambdaTimestamp();
  const cors = corsField(body);
  const config: FunctionUrlConfig = {
    functionName: fn.name,
    qualifier,
    authType,
    invokeMode: enumField(body, 'InvokeMode', INVOKE_MODES, 'invokeMode') ?? 'BUFFERED',
    cors,
    creationTime: now,
    lastModifiedTime: now,
  };
  configs.set(id, config);
  return { status: 201, body: shape(api, req, config, false) };
}

function existing(api: ApiContext, req: ApiRequest): FunctionUrlConfig {
  const { fn, qualifier } = target(api, req);
  const config = configsOf(api.store).get(urlId(fn.name, qualifier));
  if (config === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, 'The resource you requested does not exist.');
  return config;
}

export function getFunctionUrlConfig(api: ApiContext, req: ApiRequest): Reply {
  return { status: 200, body: shape(api, req, existing(api, req), true) };
}

export function updateFunctionUrlConfig(api: ApiContext, req: ApiRequest): Reply {
  const old = existing(api, req);
  const body = parseJsonObject(req.body);
  const cors = corsField(body);
  const config: FunctionUrlConfig = {
    ...old,
    authType: enumField(body, 'AuthType', AUTH_TYPES, 'authType') ?? old.authType,
    invokeMode: enumField(body, 'InvokeMode', INVOKE_MODES, 'invokeMode') ?? old.invokeMode,
    cors: cors ?? old.cors,
    lastModifiedTime: lambdaTimestamp(),
  };
  configsOf(api.store).set(urlId(config.functionName, config.qualifier), config);
  return { status: 200, body: shape(api, req, config, true) };
}

export function deleteFunctionUrlConfig(api: ApiContext, req: ApiRequest): Reply {
  const config = existing(api, req);
  configsOf(api.store).delete(urlId(config.functionName, config.qualifier));
  return { status: 204 };
}

export function listFunctionUrlConfigs(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualifiedFunction(api, req, 'ListFunctionUrlConfigs takes an unqualified function name.');
  const all = [...configsOf(api.store).values()]
    .filter((c) => c.functionName === fn.name)
    .sort((a, b) => urlId(a.functionName, a.qualifier).localeCompare(urlId(b.functionName, b.qualifier)));
  const maxItems = Number(req.query.get('MaxItems') ?? '50');
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 50) {
    throw validationError(String(req.query.get('MaxItems')), 'maxItems', 'Member must have value between 1 and 50');
  }
  return { status: 200, body: listPage('FunctionUrlConfigs', all.map((c) => shape(api, req, c, true)), req.query) };
}
