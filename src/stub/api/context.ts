// What every operation handler gets: the service's state, and one parsed request.

import type { IncomingHttpHeaders } from 'node:http';
import type { Engine } from '../engine/types';
import type { RuntimeCatalog } from '../store/load';
import type { FunctionStore } from '../store/store';
import type { Reply } from './http';
import type { ShapeContext } from './shapes';

export interface ApiContext {
  readonly store: FunctionStore;
  readonly engine: Engine;
  readonly runtimes: RuntimeCatalog;
  readonly shape: ShapeContext;
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
