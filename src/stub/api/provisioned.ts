// PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
// DeleteProvisionedConcurrencyConfig and ListProvisionedConcurrencyConfigs,
// and what alias and version changes do to a configuration.
//
// Paths, statuses and shapes as the AWS SDK's model gives them
// (PUT 202 / GET 200 / DELETE 204 on /2019-09-30/functions/{name}/provisioned-concurrency,
// ?List=ALL for the list) and the API reference:
// https://docs.aws.amazon.com/lambda/latest/api/API_PutProvisionedConcurrencyConfig.html,
// .../API_GetProvisionedConcurrencyConfig.html, .../API_ProvisionedConcurrencyConfigListItem.html.
// Error wording as Lambda answers (quoted in users' reports of these calls).
// The environments themselves are the engine's (engine/provisioned.ts).

import { ApiError } from '../../lambda/errors';
import { isQualifier } from '../../lambda/names';
import { ACCOUNT_CONCURRENCY_DEFAULT, UNRESERVED_CONCURRENCY_MIN } from '../../lambda/limits';
import type { Provisioning } from '../engine/types';
import { functionArn } from '../store/names';
import { lambdaTimestamp } from '../store/store';
import type { AliasInput } from '../store/store';
import type { FunctionRecord, VersionRecord } from '../store/types';
import type { ApiContext, ApiRequest } from './context';
import { LambdaError, invalidParameter, validationError } from './errors';
import { parseJsonObject, type Reply } from './http';
import { listPage } from './paging';

const UNPUBLISHED = 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.';
const NOT_ALIAS_OR_VERSION = 'The function resource provided must be an alias or a published version.';
const NOT_FOUND = 'No Provisioned Concurrency Config found for this function';
const ALIAS_ON_PROVISIONED_VERSION = "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version";
const VERSION_OF_PROVISIONED_ALIAS = 'Version is pointed by a Provisioned Concurrency alias';
const OVER_RESERVED = 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function';

/** The engine's key of one configuration. */
export function provisionedKey(fn: FunctionRecord, qualifier: string): string {
  return `${fn.name}:${qualifier}`;
}

/** The function and the qualifier of a call on one configuration; `unqualified` is the refusal when there is none, or $LATEST. */
function target(api: ApiContext, req: ApiRequest, unqualified: string): { fn: FunctionRecord; qualifier: string; record: VersionRecord } {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier === undefined || qualifier === '$LATEST') throw invalidParameter(unqualified);
  if (!isQualifier(qualifier)) {
    throw validationError(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)');
  }
  const arn = functionArn(api.shape, fn.name, qualifier);
  if (/^[0-9]+$/.test(qualifier)) {
    const record = fn.versions.get(qualifier);
    if (record === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, `Function not found: ${arn}`);
    return { fn, qualifier, record };
  }
  const alias = fn.aliases.get(qualifier);
  if (alias === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, `Cannot find alias arn: ${arn}`);
  if (alias.functionVersion === '$LATEST') return { fn, qualifier, record: fn.latest };
  const record = fn.versions.get(alias.functionVersion);
  if (record === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, `Function not found: ${functionArn(api.shape, fn.name, alias.functionVersion)}`);
  return { fn, qualifier, record };
}

function provisioning(api: ApiContext): Provisioning {
  const p = api.engine.provisioning;
  if (p === undefined) throw invalidParameter('This local service cannot start provisioned execution environments.');
  return p;
}

/** The configuration as Get answers it: what was asked, and where the engine's environments are. */
function configDoc(api: ApiContext, fn: FunctionRecord, qualifier: string): Record<string, unknown> {
  const config = fn.provisioned.get(qualifier);
  if (config === undefined) throw new LambdaError(ApiError.ProvisionedConcurrencyConfigNotFoundException, NOT_FOUND);
  const s = api.engine.provisioning?.status(provisionedKey(fn, qualifier));
  const allocated = s?.allocated ?? 0;
  return {
    RequestedProvisionedConcurrentExecutions: config.requested,
    AvailableProvisionedConcurrentExecutions: allocated,
    AllocatedProvisionedConcurrentExecutions: allocated,
    Status: s?.status ?? 'IN_PROGRESS',
    ...(s?.statusReason !== undefined ? { StatusReason: s.statusReason } : {}),
    LastModified: config.lastModified,
  };
}

/** Which qualifiers of `fn` hold provisioned environments of `version`. */
function provisionedOnVersion(fn: FunctionRecord, version: string): string[] {
  return [...fn.provisioned.keys()].filter((q) => q === version || fn.aliases.get(q)?.functionVersion === version);
}

function checkConflicts(fn: FunctionRecord, qualifier: string, version: string): void {
  const holders = provisionedOnVersion(fn, version).filter((q) => q !== qualifier);
  if (holders.length === 0) return;
  // A version already provisioned (itself, or through another alias) takes no second configuration.
  const isAlias = !/^[0-9]+$/.test(qualifier);
  throw new LambdaError(ApiError.ResourceConflictException, isAlias || holders.includes(version) ? ALIAS_ON_PROVISIONED_VERSION : VERSION_OF_PROVISIONED_ALIAS);
}

function checkLimits(api: ApiContext, fn: FunctionRecord, qualifier: string, n: number): void {
  const others = [...fn.provisioned].reduce((sum, [q, c]) => sum + (q === qualifier ? 0 : c.requested), 0);
  if (fn.reservedConcurrency !== null) {
    if (others + n > fn.reservedConcurrency) throw invalidParameter(OVER_RESERVED);
    return;
  }
  // Without reserved concurrency, provisioned environments come out of the account's unreserved concurrency.
  const all = api.store.list();
  const reserved = all.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
  const provisionedUnreserved = all.reduce((sum, f) => f.reservedConcurrency !== null ? sum
    : sum + [...f.provisioned].reduce((m, [q, c]) => m + (f === fn && q === qualifier ? 0 : c.requested), 0), 0);
  if (ACCOUNT_CONCURRENCY_DEFAULT - reserved - provisionedUnreserved - n < UNRESERVED_CONCURRENCY_MIN) {
    throw invalidParameter(`Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_CONCURRENCY_MIN}].`);
  }
}

export function putProvisionedConcurrencyConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, qualifier, record } = target(api, req, UNPUBLISHED);
  const n = parseJsonObject(req.body).ProvisionedConcurrentExecutions;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw validationError(String(n), 'provisionedConcurrentExecutions', 'Member must not be null');
  }
  if (n < 1) throw validationError(String(n), 'provisionedConcurrentExecutions', 'Member must have value greater than or equal to 1');
  if (record.version === '$LATEST') throw invalidParameter(UNPUBLISHED);
  const alias = fn.aliases.get(qualifier);
  if (alias !== undefined && Object.keys(alias.additionalVersionWeights).length > 0) {
    // Lambda spreads them over both versions; this service does not, so it says so rather than ignore the weights.
    throw invalidParameter(`The local service does not apply provisioned concurrency to alias ${qualifier}, which routes to two versions (RoutingConfig.AdditionalVersionWeights).`);
  }
  checkConflicts(fn, qualifier, record.version);
  checkLimits(api, fn, qualifier, n);
  const refusal = provisioning(api).provision(provisionedKey(fn, qualifier), record.snapshot, n);
  if (refusal !== undefined) throw invalidParameter(`Provisioned concurrency cannot be applied here: ${refusal}.`);
  fn.provisioned.set(qualifier, { requested: n, lastModified: lambdaTimestamp() });
  const doc = configDoc(api, fn, qualifier);
  // Lambda answers a Put while the allocation runs.
  return { status: 202, body: { ...doc, Status: doc.Status === 'FAILED' ? 'FAILED' : 'IN_PROGRESS' } };
}

export function getProvisionedConcurrencyConfig(api: ApiContext, req: ApiRequest): Reply {
  // One GET path serves both calls: the SDK's List adds ?List=ALL.
  if (req.query.get('List') === 'ALL') return listProvisionedConcurrencyConfigs(api, req);
  const { fn, qualifier } = target(api, req, NOT_ALIAS_OR_VERSION);
  return { status: 200, body: configDoc(api, fn, qualifier) };
}

export function deleteProvisionedConcurrencyConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, qualifier } = target(api, req, NOT_ALIAS_OR_VERSION);
  dropProvisioned(api, fn, qualifier);
  return { status: 204 };
}

export function listProvisionedConcurrencyConfigs(api: ApiContext, req: ApiRequest): Reply {
  const { fn } = api.store.function(req.params[0] as string);
  const items = [...fn.provisioned.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((q) => ({ FunctionArn: functionArn(api.shape, fn.name, q), ...configDoc(api, fn, q) }));
  return { status: 200, body: listPage('ProvisionedConcurrencyConfigs', items, req.query) };
}

/** Stops the environments of `qualifier`'s configuration and forgets it; nothing when it has none. */
export function dropProvisioned(api: ApiContext, fn: FunctionRecord, qualifier: string): void {
  if (!fn.provisioned.delete(qualifier)) return;
  api.engine.provisioning?.unprovision(provisionedKey(fn, qualifier));
}

/** DeleteFunction of the whole function: every configuration goes with it. */
export function dropAllProvisioned(api: ApiContext, fn: FunctionRecord): void {
  for (const q of [...fn.provisioned.keys()]) dropProvisioned(api, fn, q);
}

/** Before UpdateAlias: an alias with provisioned concurrency cannot be given a second version here. */
export function checkAliasUpdate(fn: FunctionRecord, alias: string, input: AliasInput): void {
  if (!fn.provisioned.has(alias)) return;
  if (Object.keys(input.additionalVersionWeights ?? {}).length > 0) {
    throw invalidParameter(`The local service does not apply provisioned concurrency to alias ${alias} routing to two versions; delete its provisioned concurrency configuration first.`);
  }
  const version = input.functionVersion;
  if (version === '$LATEST') throw invalidParameter(UNPUBLISHED);
  if (version !== undefined) checkConflicts(fn, alias, version);
}

/** After UpdateAlias: as on Lambda, the alias's provisioned environments follow it to its new version. */
export function followAlias(api: ApiContext, fn: FunctionRecord, alias: string): void {
  const config = fn.provisioned.get(alias);
  const version = fn.aliases.get(alias)?.functionVersion;
  const record = version === undefined ? undefined : fn.versions.get(version);
  if (config === undefined || record === undefined) return;
  api.engine.provisioning?.provision(provisionedKey(fn, alias), record.snapshot, config.requested);
}
