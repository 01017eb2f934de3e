// The local Lambda service, in-process: the function store, the engine that
// runs execution environments, and the Lambda REST API server in front of
// them. It knows nothing of the harness and can be used on its own.

import type { AddressInfo } from 'node:net';
import { ApiFront } from './api/front';
import { createApiServer } from './api/server';
import { startSnapshot } from './api/snapstart';
import { EventQueue } from './api/async-invoke';
import { createEngine } from './engine/engine';
import type { Engine, HostContention, LogStoreReader } from './engine/types';
import { runtimeFamilyFor, runtimeNotes, supportedRuntimes } from './runtimes/registry';
import { loadFunctions, type FunctionDefinition, type RuntimeCatalog } from './store/load';
import { FunctionsFolder } from './store/functions-folder';
import { FunctionStore } from './store/store';

export interface LocalLambdaOptions {
  /**
   * Each DIR/<name>/ is a function, with an optional function.json. It is the
   * service's state: CreateFunction and UpdateFunctionCode unpack into it,
   * DeleteFunction removes from it. Without it, deployed functions live in a
   * temporary folder removed at stop.
   */
  readonly functionsDir?: string;
  /** Functions defined in code; their explicit fields override function.json. */
  readonly functions?: readonly FunctionDefinition[];
  /** Interface to listen on (127.0.0.1). */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (default). */
  readonly port?: number;
  /** Idle environments are stopped after this long (engine default when omitted). */
  readonly idleTimeoutMs?: number;
  /** Limit memory and CPU with cgroups where the machine allows it (default true). */
  readonly cgroups?: boolean;
  /** Upper bound of environments across all functions. */
  readonly maxEnvironments?: number;
  /** For tests only: the Init phase's limit in ms instead of Lambda's 10 s (EngineOptions.initLimitMs). */
  readonly initLimitMs?: number;
  /** For tests only: the limit of a streamed response in bytes (EngineOptions.streamedResponseMaxBytes). */
  readonly streamedResponseMaxBytes?: number;
  /** Region in ARNs and AWS_REGION (us-east-1). */
  readonly region?: string;
  /** Account in ARNs (000000000000). */
  readonly account?: string;
  /** Called once per distinct warning; default: one line on stderr. */
  readonly onWarning?: (message: string) => void;
  /**
   * How many times shorter than Lambda's the Event queue's waits are (retries
   * after 1 and 2 minutes, throttle back-off): 60 by default, so 1 s and 2 s.
   */
  readonly asyncSpeedup?: number;
  /** Strict mode: never more invocations running than the cores can serve at their CPU shares; the rest wait (EngineOptions.strict). */
  readonly strict?: boolean;
  /** Waiting for a CPU was a material share of Duration over a window of invocations (EngineOptions.onHostContention). */
  readonly onHostContention?: (report: HostContention) => void;
}

export const runtimeCatalog: RuntimeCatalog = {
  isKnown: (runtime) => runtimeFamilyFor(runtime) !== undefined,
  list: () => supportedRuntimes(),
};

function defaultWarning(message: string): void {
  process.stderr.write(`local-lambda: warning: ${message}\n`);
}

export class LocalLambda {
  private front: ApiFront | undefined;
  private engine: Engine | undefined;
  private events: EventQueue | undefined;
  private store: FunctionStore | undefined;
  private url: string | undefined;
  private starting: Promise<string> | undefined;
  private readonly warned = new Set<string>();

  constructor(private readonly options: LocalLambdaOptions = {}) {}

  /** The endpoint URL, once started. */
  get endpoint(): string | undefined {
    return this.url;
  }

  /** What the execution environments logged, as CloudWatch Logs groups and streams. */
  get logs(): LogStoreReader {
    if (this.engine === undefined) throw new Error('the local Lambda service is not started');
    return this.engine.logs;
  }

  /** Names of the functions it serves, sorted. */
  functionNames(): string[] {
    return this.store?.list().map((f) => f.name) ?? [];
  }

  start(): Promise<string> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private warn = (message: string): void => {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    (this.options.onWarning ?? defaultWarning)(message);
  };

  private async doStart(): Promise<string> {
    const o = this.options;
    const region = o.region ?? 'us-east-1';
    const host = o.host ?? '127.0.0.1';
    const specs = await loadFunctions({
      ...(o.functionsDir !== undefined ? { functionsDir: o.functionsDir } : {}),
      ...(o.functions !== undefined ? { functions: o.functions } : {}),
      runtimes: runtimeCatalog,
    });
    // A runtime family that cannot work here (no interpreter, …) is said once, up front.
    for (const family of new Set(specs.map((s) => runtimeFamilyFor(s.runtime)))) {
      const note = family?.check?.();
      if (note !== undefined) this.warn(note);
    }
    for (const runtime of new Set(specs.map((s) => s.runtime))) for (const note of runtimeNotes(runtime)) this.warn(note);
    const place = { region, ...(o.account !== undefined ? { account: o.account } : {}) };
    const folder = o.functionsDir !== undefined ? await FunctionsFolder.at(o.functionsDir) : undefined;
    this.store = await FunctionStore.create(specs, place, folder !== undefined ? { folder } : {});
    const engine = createEngine({
      host,
      cgroups: o.cgroups ?? true,
      onWarning: this.warn,
      ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
      ...(o.maxEnvironments !== undefined ? { maxEnvironments: o.maxEnvironments } : {}),
      ...(o.initLimitMs !== undefined ? { initLimitMs: o.initLimitMs } : {}),
      ...(o.streamedResponseMaxBytes !== undefined ? { streamedResponseMaxBytes: o.streamedResponseMaxBytes } : {}),
      ...(o.strict === true ? { strict: true } : {}),
      ...(o.onHostContention !== undefined ? { onHostContention: o.onHostContention } : {}),
    });
    this.engine = engine;
    const events = new EventQueue(o.asyncSpeedup);
    this.events = events;
    const api = { store: this.store, engine, events, runtimes: runtimeCatalog, shape: { ...place, limitations: (runtime: string) => [...engine.limitations, ...runtimeNotes(runtime)] } };
    const options = { onInternalError: (err: unknown) => this.warn(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`) };
    // Versions kept from a previous run on this folder: a SnapStart one is Pending again until its snapshot is made anew.
    for (const fn of this.store.list()) for (const record of fn.versions.values()) startSnapshot(api, record);
    const front = new ApiFront(api, createApiServer(api, options), options);
    this.front = front;
    const server = front.server;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(err.code === 'EADDRINUSE'
          ? new Error(`port ${o.port ?? 0} on ${host} is already in use`)
          : err.code === 'EADDRNOTAVAIL' ? new Error(`cannot listen on ${host}: no such local address`) : err);
      };
      server.once('error', onError);
      server.listen(o.port ?? 0, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return this.url;
  }

  /** Stops the API server and every execution environment; safe to call more than once. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const { front, engine, store, events } = this;
    this.events = undefined;
    this.front = undefined;
    this.engine = undefined;
    this.store = undefined;
    this.url = undefined;
    this.starting = undefined;
    await front?.close();
    // Waiting events are dropped before the environments they would run in go.
    events?.stop();
    await engine?.stop();
    await store?.dispose();
  }
}
