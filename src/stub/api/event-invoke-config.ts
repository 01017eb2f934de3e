// Put/Get/Update/Delete/ListFunctionEventInvokeConfigs: how the event queue
// (./async-invoke.ts) treats a function's asynchronous invocations. Only
// other functions of this service can be destinations: the service cannot
// deliver to SQS, SNS, EventBridge or S3, so such a destination is refused
// rather than accepted and dropped.
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html

import { ApiError } from '../../lambda/errors';
import { tryParseFunctionName } from '../../lambda/names';
import { parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { LambdaError, invalidParameter, validationError } from './errors';
import { listPage } from './paging';
import {
  deleteEventInvokeConfig, eventInvokeConfigOf, eventInvokeConfigsOf, setEventInvokeConfig, type EventInvokeConfig,
} from '../store/event-invoke-configs';
import { functionArn } from '../store/names';
import type { FunctionRecord } from '../store/types';

export const RETRY_ATTEMPTS_MAX = 2;
export const EVENT_AGE_MIN_SEC = 60;
export const EVENT_AGE_MAX_SEC = 21_600;

const DESTINATION_PATTERN = '^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const DESTINATION_RE = new RegExp(`^(?:${DESTINATION_PATTERN})$`);
/** Destination services Lambda accepts and this service cannot deliver to. */
const FOREIGN_DESTINATIONS: Readonly<Record<string, string>> = { sqs: 'SQS queue', sns: 'SNS topic', events: 'EventBridge event bus', s3: 'S3 bucket' };

/** The function and the config's key: '$LATEST' for the unqualified function, else a version or alias that exists. */
function target(api: ApiContext, req: ApiRequest): { fn: FunctionRecord; key: string } {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier === undefined || qualifier === '$LATEST') return { fn, key: '$LATEST' };
  api.store.resolve(fn.name, qualifier, false);
  return { fn, key: qualifier };
}

function integerIn(body: Record<string, unknown>, key: string, member: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidParameter(`'${key}' must be an integer`);
  if (v < min) throw validationError(String(v), member, `Member must have value greater than or equal to ${min}`);
  if (v > max) throw validationError(String(v), member, `Member must have value less than or equal to ${max}`);
  return v;
}

/** A destination ARN the service can serve: another of its functions (any qualifier); '' is none. */
function destination(api: ApiContext, self: FunctionRecord, side: 'OnSuccess' | 'OnFailure', value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const d = (value as { Destination?: unknown }).Destination;
  if (typeof value !== 'object' || (d !== undefined && typeof d !== 'string')) throw invalidParameter(`'DestinationConfig.${side}' must be an object with a string Destination`);
  if (d === undefined || d === '') return undefined;
  const member = `destinationConfig.${side === 'OnSuccess' ? 'onSuccess' : 'onFailure'}.destination`;
  if (!DESTINATION_RE.test(d)) throw validationError(d, member, `Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`);
  const service = d.split(':')[2] ?? '';
  const foreign = FOREIGN_DESTINATIONS[service];
  if (foreign !== undefined) {
    throw invalidParameter(`The destination ${d} is an ${foreign}: the local Lambda service cannot deliver there; only its own functions can be destinations.`);
  }
  const parsed = service === 'lambda' ? tryParseFunctionName(d) : undefined;
  if (parsed === undefined) throw invalidParameter(`The destination ARN ${d} is invalid.`);
  let dest: FunctionRecord;
  try {
    dest = api.store.function(parsed.name).fn;
    if (parsed.qualifier !== undefined) api.store.resolve(parsed.name, parsed.qualifier, false);
  } catch {
    throw invalidParameter(`The destination ARN ${d} is invalid.`);
  }
  // Another region's or account's function would be another service's.
  if (`arn:${parsed.partition}:lambda:${parsed.region}:${parsed.account}:function:${parsed.name}` !== dest.latest.snapshot.functionArn) {
    throw invalidParameter(`The destination ARN ${d} is invalid.`);
  }
  if (dest === self) throw invalidParameter("You can't specify the function as a destination for itself.");
  return d;
}

interface Fields {
  readonly maximumRetryAttempts?: number | undefined;
  readonly maximumEventAgeInSeconds?: number | undefined;
  /** Present when the request gave DestinationConfig. */
  readonly destinations?: { readonly onSuccess?: string | undefined; readonly onFailure?: string | undefined; readonly given: ReadonlySet<'OnSuccess' | 'OnFailure'> };
}

function fieldsOf(api: ApiContext, fn: FunctionRecord, body: Record<string, unknown>): Fields {
  const maximumRetryAttempts = integerIn(body, 'MaximumRetryAttempts', 'maximumRetryAttempts', 0, RETRY_ATTEMPTS_MAX);
  const maximumEventAgeInSeconds = integerIn(body, 'MaximumEventAgeInSeconds', 'maximumEventAgeInSeconds', EVENT_AGE_MIN_SEC, EVENT_AGE_MAX_SEC);
  const dc = body.DestinationConfig;
  if (maximumRetryAttempts === undefined && maximumEventAgeInSeconds === undefined && (dc === undefined || dc === null)) {
    throw invalidParameter('You must specify at least one of error handling or destination setting.');
  }
  if (dc === undefined || dc === null) return { maximumRetryAttempts, maximumEventAgeInSeconds };
  if (typeof dc !== 'object' || Array.isArray(dc)) throw invalidParameter("'DestinationConfig' must be an object");
  const sides = dc as Record<string, unknown>;
  const given = new Set<'OnSuccess' | 'OnFailure'>();
  if (sides.OnSuccess !== undefined) given.add('OnSuccess');
  if (sides.OnFailure !== undefined) given.add('OnFailure');
  return {
    maximumRetryAttempts,
    maximumEventAgeInSeconds,
    destinations: { onSuccess: destination(api, fn, 'OnSuccess', sides.OnSuccess), onFailure: destination(api, fn, 'OnFailure', sides.OnFailure), given },
  };
}

function shape(api: ApiContext, fn: FunctionRecord, key: string, c: EventInvokeConfig): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    LastModified: c.lastModified,
    FunctionArn: functionArn(api.shape, fn.name, key),
    DestinationConfig: {
      OnSuccess: c.onSuccess === undefined ? {} : { Destination: c.onSuccess },
      OnFailure: c.onFailure === undefined ? {} : { Destination: c.onFailure },
    },
  };
  if (c.maximumRetryAttempts !== undefined) doc.MaximumRetryAttempts = c.maximumRetryAttempts;
  if (c.maximumEventAgeInSeconds !== undefined) doc.MaximumEventAgeInSeconds = c.maximumEventAgeInSeconds;
  return doc;
}

/** Without undefined members, so that a spread never erases a value. */
function defined(c: Omit<EventInvokeConfig, 'lastModified'> & { lastModified: number }): EventInvokeConfig {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as EventInvokeConfig;
}

const missing = (api: ApiContext, fn: FunctionRecord, key: string): LambdaError => new LambdaError(ApiError.ResourceNotFoundException,
  `The function ${functionArn(api.shape, fn.name, key)} doesn't have an EventInvokeConfig`);

const now = (): number => Date.now() / 1000;

export function putFunctionEventInvokeConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  const f = fieldsOf(api, fn, parseJsonObject(req.body));
  // Put replaces the whole config: what is left out goes back to Lambda's default.
  const config = defined({
    maximumRetryAttempts: f.maximumRetryAttempts, maximumEventAgeInSeconds: f.maximumEventAgeInSeconds,
    onSuccess: f.destinations?.onSuccess, onFailure: f.destinations?.onFailure, lastModified: now(),
  });
  setEventInvokeConfig(fn, key, config);
  api.store.keep(fn);
  return { status: 200, body: shape(api, fn, key, config) };
}

export function updateFunctionEventInvokeConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  const f = fieldsOf(api, fn, parseJsonObject(req.body));
  const old = eventInvokeConfigOf(fn, key);
  if (old === undefined) throw missing(api, fn, key);
  // Update changes only what the request gives; a destination side given replaces that side.
  const d = f.destinations;
  const config = defined({
    maximumRetryAttempts: f.maximumRetryAttempts ?? old.maximumRetryAttempts,
    maximumEventAgeInSeconds: f.maximumEventAgeInSeconds ?? old.maximumEventAgeInSeconds,
    onSuccess: d?.given.has('OnSuccess') === true ? d.onSuccess : old.onSuccess,
    onFailure: d?.given.has('OnFailure') === true ? d.onFailure : old.onFailure,
    lastModified: now(),
  });
  setEventInvokeConfig(fn, key, config);
  api.store.keep(fn);
  return { status: 200, body: shape(api, fn, key, config) };
}

export function getFunctionEventInvokeConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  const config = eventInvokeConfigOf(fn, key);
  if (config === undefined) throw missing(api, fn, key);
  return { status: 200, body: shape(api, fn, key, config) };
}

export function deleteFunctionEventInvokeConfig(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  if (!deleteEventInvokeConfig(fn, key)) throw missing(api, fn, key);
  api.store.keep(fn);
  return { status: 204 };
}

export function listFunctionEventInvokeConfigs(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualifiedFunction(api, req, 'ListFunctionEventInvokeConfigs takes an unqualified function name.');
  const maxItems = req.query.get('MaxItems');
  if (maxItems !== null && !/^(?:[1-9]|[1-4][0-9]|50)$/.test(maxItems)) {
    throw validationError(maxItems, 'maxItems', 'Member must have value between 1 and 50');
  }
  // A deleted version's config goes with it (version numbers are never reused).
  const live = [...eventInvokeConfigsOf(fn)].filter(([key]) => key === '$LATEST' || fn.versions.has(key) || fn.aliases.has(key));
  return { status: 200, body: listPage('FunctionEventInvokeConfigs', live.map(([key, c]) => shape(api, fn, key, c)), req.query) };
}
