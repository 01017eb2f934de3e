// Starts the API server on 127.0.0.1:0 with the fixture functions and an
// engine stand-in that records retire() calls and echoes invocations. It
// exists to test the control plane alone; invocation semantics are tested
// against the real engine in test/stub/service*.test.ts.

import { mkdtemp, cp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ApiFront } from '../../../src/stub/api/front';
import { createApiServer } from '../../../src/stub/api/server';
import type { Engine, InvokeOutcome, InvokeRequest, LogStoreReader } from '../../../src/stub/engine/types';
import { loadFunctions, type RuntimeCatalog } from '../../../src/stub/store/load';
import { FunctionStore } from '../../../src/stub/store/store';
import { FIXTURES, clientFor } from '../service-helpers';

const RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'provided.al2023'];
export const catalog: RuntimeCatalog = { isKnown: (r) => RUNTIMES.includes(r), list: () => RUNTIMES };

export class RecordingEngine implements Engine {
  readonly retired: Array<[string, string | undefined]> = [];
  readonly invocations: InvokeRequest[] = [];
  limitations: string[] = [];
  throttle = false;
  readonly logs: LogStoreReader = { groups: () => [], streams: () => [], events: () => [], stats: () => ({ bytes: 0, events: 0, streams: 0 }) };
  retire(name: string, version?: string): void { this.retired.push([name, version]); }
  async invoke(req: InvokeRequest): Promise<InvokeOutcome> {
    this.invocations.push(req);
    if (this.throttle) return { kind: 'throttled', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' };
    const log = `START RequestId: ${req.requestId} Version: ${req.fn.version}\n${'x'.repeat(5000)}\nEND RequestId: ${req.requestId}\n`;
    return { kind: 'response', payload: req.payload, log };
  }
  async stop(): Promise<void> {}
}

export interface Api {
  readonly url: string;
  readonly client: LambdaClient;
  readonly engine: RecordingEngine;
  readonly store: FunctionStore;
  /** A private copy of the fixtures, so tests may edit code. */
  readonly dir: string;
  close(): Promise<void>;
}

export async function startApi(): Promise<Api> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'api-test-'));
  for (const name of ['api-hello', 'api-config']) await cp(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  const store = await FunctionStore.create(await loadFunctions({ functionsDir: dir, runtimes: catalog }), 'us-east-1');
  const engine = new RecordingEngine();
  const api = { store, engine, runtimes: catalog, shape: { region: 'us-east-1', limitations: () => engine.limitations } };
  // The service's own arrangement: the raw front listens, node:http serves what it hands over.
  const front = new ApiFront(api, createApiServer(api));
  const server = front.server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = clientFor(url);
  return {
    url, client, engine, store, dir,
    async close() {
      client.destroy();
      await front.close();
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What `p` rejected with, or undefined when it resolved: for asserting on an SDK call's error. */
export const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

/** An SDK error's name (its exception class). */
export const errorName = (e: unknown): string => (e as { name: string }).name;
