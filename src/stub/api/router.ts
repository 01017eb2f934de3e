// Maps (method, path) to an operation, Lambda's REST paths as the AWS SDKs
// send them. Path parameters are percent-decoded here and checked by the
// store; a decoded `/` or `..` never matches a function (see store/names).

import type { Operation } from './context';
import * as aliases from './aliases';
import * as concurrency from './concurrency';
import * as eventConfig from './event-invoke-config';
import * as permissions from './permissions';
import * as tags from './tags';
import * as functions from './functions';
import * as urls from './function-urls';
import { CODE_UPLOAD_REQUEST_MAX_BYTES, INVOKE_PAYLOAD_MAX_BYTES } from '../../lambda/limits';
import { downloadCode } from './code-location';
import { createFunction } from './create-function';
import { updateFunctionCode } from './update-function-code';
import { CONTROL_BODY_LIMIT } from './http';
import { invoke } from './invoke';
import * as provisioned from './provisioned';
import * as versions from './versions';

export interface Route {
  readonly name: string;
  readonly op: Operation;
  /** Largest body accepted before RequestTooLargeException. */
  readonly bodyLimit: number;
  /** Lambda's wording of that refusal. */
  readonly tooLargeMessage: string;
  /** Served by node:http only, not the raw front: large bodies (code uploads) and non-JSON replies. */
  readonly nodeHttpOnly: boolean;
}

/** Operations whose body is a code package, up to Lambda's upload limit. */
const CODE_UPLOADS = new Set(['CreateFunction', 'UpdateFunctionCode']);

/** `*` is a path parameter. Methods map to operations. */
const TABLE: ReadonlyArray<readonly [readonly string[], Readonly<Record<string, readonly [string, Operation]>>]> = [
  [['2015-03-31', 'functions', '*', 'invocations'], { POST: ['Invoke', invoke] }],
  [['2015-03-31', 'functions'], { GET: ['ListFunctions', functions.listFunctions], POST: ['CreateFunction', createFunction] }],
  // GET is the service's own: the download GetFunction's Code.Location points at.
  [['2015-03-31', 'functions', '*', 'code'], { PUT: ['UpdateFunctionCode', updateFunctionCode], GET: ['GetFunctionCodeDownload', downloadCode] }],
  [['2015-03-31', 'functions', '*'], { GET: ['GetFunction', functions.getFunction], DELETE: ['DeleteFunction', functions.deleteFunction] }],
  [['2015-03-31', 'functions', '*', 'configuration'], {
    GET: ['GetFunctionConfiguration', functions.getFunctionConfiguration],
    PUT: ['UpdateFunctionConfiguration', functions.updateFunctionConfiguration],
  }],
  [['2015-03-31', 'functions', '*', 'versions'], {
    GET: ['ListVersionsByFunction', versions.listVersionsByFunction], POST: ['PublishVersion', versions.publishVersion],
  }],
  [['2015-03-31', 'functions', '*', 'aliases'], { GET: ['ListAliases', aliases.listAliases], POST: ['CreateAlias', aliases.createAlias] }],
  [['2015-03-31', 'functions', '*', 'aliases', '*'], {
    GET: ['GetAlias', aliases.getAlias], PUT: ['UpdateAlias', aliases.updateAlias], DELETE: ['DeleteAlias', aliases.deleteAlias],
  }],
  [['2017-10-31', 'functions', '*', 'concurrency'], {
    PUT: ['PutFunctionConcurrency', concurrency.putFunctionConcurrency],
    DELETE: ['DeleteFunctionConcurrency', concurrency.deleteFunctionConcurrency],
  }],
  [['2019-09-30', 'functions', '*', 'concurrency'], { GET: ['GetFunctionConcurrency', concurrency.getFunctionConcurrency] }],
  // GET serves GetProvisionedConcurrencyConfig and, with ?List=ALL, ListProvisionedConcurrencyConfigs.
  [['2019-09-30', 'functions', '*', 'provisioned-concurrency'], {
    PUT: ['PutProvisionedConcurrencyConfig', provisioned.putProvisionedConcurrencyConfig],
    GET: ['GetProvisionedConcurrencyConfig', provisioned.getProvisionedConcurrencyConfig],
    DELETE: ['DeleteProvisionedConcurrencyConfig', provisioned.deleteProvisionedConcurrencyConfig],
  }],
  [['2021-10-31', 'functions', '*', 'url'], {
    POST: ['CreateFunctionUrlConfig', urls.createFunctionUrlConfig], GET: ['GetFunctionUrlConfig', urls.getFunctionUrlConfig],
    PUT: ['UpdateFunctionUrlConfig', urls.updateFunctionUrlConfig], DELETE: ['DeleteFunctionUrlConfig', urls.deleteFunctionUrlConfig],
  }],
  [['2021-10-31', 'functions', '*', 'urls'], { GET: ['ListFunctionUrlConfigs', urls.listFunctionUrlConfigs] }],
  [['2015-03-31', 'functions', '*', 'policy'], { POST: ['AddPermission', permissions.addPermission], GET: ['GetPolicy', permissions.getPolicy] }],
  [['2015-03-31', 'functions', '*', 'policy', '*'], { DELETE: ['RemovePermission', permissions.removePermission] }],
  [['2017-03-31', 'tags', '*'], { POST: ['TagResource', tags.tagResource], DELETE: ['UntagResource', tags.untagResource], GET: ['ListTags', tags.listTags] }],
  [['2019-09-25', 'functions', '*', 'event-invoke-config'], {
    PUT: ['PutFunctionEventInvokeConfig', eventConfig.putFunctionEventInvokeConfig],
    POST: ['UpdateFunctionEventInvokeConfig', eventConfig.updateFunctionEventInvokeConfig],
    GET: ['GetFunctionEventInvokeConfig', eventConfig.getFunctionEventInvokeConfig],
    DELETE: ['DeleteFunctionEventInvokeConfig', eventConfig.deleteFunctionEventInvokeConfig],
  }],
  [['2019-09-25', 'functions', '*', 'event-invoke-config', 'list'], { GET: ['ListFunctionEventInvokeConfigs', eventConfig.listFunctionEventInvokeConfigs] }],
  [['2016-08-19', 'account-settings'], { GET: ['GetAccountSettings', (api) => functions.getAccountSettings(api)] }],
];

function route(name: string, op: Operation): Route {
  const bodyLimit = name === 'Invoke' ? INVOKE_PAYLOAD_MAX_BYTES : CODE_UPLOADS.has(name) ? CODE_UPLOAD_REQUEST_MAX_BYTES : CONTROL_BODY_LIMIT;
  const tooLargeMessage = `Request must be smaller than ${bodyLimit} bytes for the ${name === 'Invoke' ? 'InvokeFunction' : name} operation`;
  return { name, op, bodyLimit, tooLargeMessage, nodeHttpOnly: CODE_UPLOADS.has(name) || name === 'GetFunctionCodeDownload' };
}

/** Built once, so matching a request allocates only its parameters. */
const ROUTES: ReadonlyArray<readonly [readonly string[], ReadonlyMap<string, Route>]> = TABLE.map(([pattern, methods]) =>
  [pattern, new Map(Object.entries(methods).map(([method, [name, op]]) => [method, route(name, op)]))]);

export interface Match {
  readonly route: Route;
  readonly params: string[];
}

/** Returns the route, or undefined for an unknown route; throws URIError for bad percent-encoding. */
export function match(method: string, pathname: string): Match | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const segments = trimmed.split('/');
  segments.shift(); // the empty string before the leading '/'
  for (const [pattern, methods] of ROUTES) {
    if (pattern.length !== segments.length) continue;
    const params: string[] = [];
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      const seg = segments[i] as string;
      if (pattern[i] === '*') {
        if (seg.length === 0) { ok = false; break; }
        params.push(seg.includes('%') ? decodeURIComponent(seg) : seg);
      } else if (pattern[i] !== seg) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const found = methods.get(method);
    return found === undefined ? undefined : { route: found, params };
  }
  return undefined;
}
