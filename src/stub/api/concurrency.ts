// PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency
// (reserved concurrency, shared by all versions of a function).

import { parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { invalidParameter } from './errors';
import { ACCOUNT_CONCURRENCY_DEFAULT, UNRESERVED_CONCURRENCY_MIN } from '../../lambda/limits';

const unqualified = (api: ApiContext, req: ApiRequest) =>
  unqualifiedFunction(api, req, 'Reserved concurrency applies to the whole function; remove the qualifier.');

export function putFunctionConcurrency(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  const n = parseJsonObject(req.body).ReservedConcurrentExecutions;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidParameter("'ReservedConcurrentExecutions' must be an integer of at least 0");
  }
  const others = api.store.list().reduce((sum, f) => sum + (f === fn ? 0 : (f.reservedConcurrency ?? 0)), 0);
  if (ACCOUNT_CONCURRENCY_DEFAULT - others - n < UNRESERVED_CONCURRENCY_MIN) {
    throw invalidParameter(`Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_CONCURRENCY_MIN}].`);
  }
  fn.reservedConcurrency = n;
  api.store.keep(fn);
  return { status: 200, body: { ReservedConcurrentExecutions: n } };
}

export function getFunctionConcurrency(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  return { status: 200, body: fn.reservedConcurrency === null ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency } };
}

export function deleteFunctionConcurrency(api: ApiContext, req: ApiRequest): Reply {
  const fn = unqualified(api, req);
  fn.reservedConcurrency = null;
  api.store.keep(fn);
  return { status: 204 };
}
