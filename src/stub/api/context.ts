// What every operation handler gets: the service's state, and one parsed request.

import type { IncomingHttpHeaders } from 'node:http';
import type { Engine } from '../engine/types';
import type { RuntimeCatalog } from '../store/load';
import type { FunctionStore } from '../store/store';
import type { FunctionRecord } from '../store/types';
import { invalidParameter } from './errors';
import type { Reply } from './http';
import type { ShapeContext } from './shapes';
import type { EventQueue } from './async-invoke';

export interface ApiContext {
  readonly store: FunctionStore;
  readonly engine: Engine;
  readonly runtimes: RuntimeCatalog;
  readonly shape: ShapeContext;
  /** Where Event invocations wait and are retried (async-invoke.ts); one per engine when left out. */
  readonly events?: EventQueue;
}

export interface ApiRequest {
  readonly requestId: string;
  /** Decoded path parameters in route order: FunctionName, then alias Name. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type Operation = (api: ApiContext, req: ApiRequest) => Reply | Promise<Reply>;

/** The function of the path, for an operation that acts on the whole function; `refusal` says why a qualifier is refused. */
export function unqualifiedFunction(api: ApiContext, req: ApiRequest, refusal: string): FunctionRecord {
  const { fn, qualifier } = api.store.function(req.params[0] as string);
  if (qualifier !== undefined) throw invalidParameter(refusal);
  return fn;
}
