// Runs autocannon programmatically and turns its client events into one
// record per request: send time, latency, status code, request id, or the
// way it failed. autocannon's own summary cannot split cold from warm, so
// every request is followed individually here.
//
// Per connection (pipelining 1) a client emits 'request' when it sends,
// 'headers' then 'response' when an answer is complete, 'connError' when the
// socket fails and 'timeout' when an answer is overdue. Each sent request is
// queued and leaves the queue exactly once: answered, failed or cut by the
// end of the load.

import { performance } from 'node:perf_hooks';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import type { LoadSpec } from '../patterns/types';

export interface HttpRequestSpec {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** One body for every request, or a picker called per request (several weighted payloads). */
  readonly body?: Buffer | (() => Buffer);
}

export interface RequestRecord {
  /** Monotonic send time (performance.now()). */
  readonly sentAt: number;
  readonly clientMs: number;
  /** HTTP status, when an answer came. */
  readonly statusCode: number | undefined;
  /** x-amzn-RequestId, else apigw-requestid. */
  readonly requestId: string | undefined;
  /** Why no answer came: an errno code (ECONNREFUSED), 'timeout' or 'connection closed'. */
  readonly failure: string | undefined;
}

export interface LoadStats {
  /** Requests in flight when the load ended (duration elapsed or aborted): no record. */
  readonly cutAtEnd: number;
  readonly wallMs: number;
  /** Set when the load was stopped because nothing ever answered (see GIVE_UP_*). */
  readonly unreachable?: string;
}

/**
 * A closed port refuses thousands of connections a second; a `duration` load
 * on a wrong URL would fill invocations.csv with them. When this many
 * requests (per connection, at least the floor) have failed and not one was
 * answered, the load stops: the rows so far already say everything.
 */
const GIVE_UP_PER_CONNECTION = 20;
const GIVE_UP_FLOOR = 200;

const REQUEST_ID_HEADERS = ['x-amzn-requestid', 'apigw-requestid'];

/** autocannon's 'headers' event carries the parser's info: statusCode and a flat [name, value, …] list. */
function requestIdOf(info: unknown): string | undefined {
  const raw = (info as { headers?: unknown } | null)?.headers;
  if (!Array.isArray(raw)) return undefined;
  for (const wanted of REQUEST_ID_HEADERS) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (String(raw[i]).toLowerCase() === wanted) return String(raw[i + 1]);
    }
  }
  return undefined;
}

function failureOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return err instanceof Error && err.message ? err.message : 'connection error';
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

class ClientTracker {
  private readonly pending: number[] = [];
  /** Requests whose connection was replaced before they were answered; named by the event that follows. */
  private limbo: number[] = [];
  private statusCode: number | undefined;
  private requestId: string | undefined;

  constructor(private readonly emit: (r: RequestRecord) => void) {}

  attach(client: EventEmitter): void {
    client.on('request', () => {
      // With pipelining 1 a send while one is pending means the connection was
      // replaced (closed by the server, or after a timeout) without an answer.
      if (this.pending.length > 0) {
        const lost = this.pending.splice(0, this.pending.length);
        if (this.limbo.length === 0) queueMicrotask(() => this.flushLimbo('connection closed'));
        this.limbo.push(...lost);
      }
      this.pending.push(performance.now());
    });
    client.on('headers', (info: unknown) => {
      this.statusCode = (info as { statusCode?: number } | null)?.statusCode;
      this.requestId = requestIdOf(info);
    });
    client.on('response', (statusCode: number) => {
      const sentAt = this.pending.shift();
      if (sentAt === undefined) return;
      this.emit({
        sentAt,
        clientMs: performance.now() - sentAt,
        statusCode: this.statusCode ?? statusCode,
        requestId: this.requestId,
        failure: undefined,
      });
      this.statusCode = undefined;
      this.requestId = undefined;
    });
    client.on('connError', (err: unknown) => {
      const failure = failureOf(err);
      this.flushLimbo(failure);
      for (const sentAt of this.pending.splice(0, this.pending.length)) this.fail(sentAt, failure);
    });
    // autocannon reconnects (and sends again) before it says 'timeout': the timed-out request is in limbo by then.
    client.on('timeout', () => this.flushLimbo('timeout'));
  }

  private flushLimbo(failure: string): void {
    const lost = this.limbo;
    this.limbo = [];
    for (const sentAt of lost) this.fail(sentAt, failure);
  }

  private fail(sentAt: number, failure: string): void {
    this.emit({ sentAt, clientMs: performance.now() - sentAt, statusCode: undefined, requestId: undefined, failure });
  }

  /** Requests still unanswered when the load stopped. */
  finish(): number {
    this.flushLimbo('connection closed');
    return this.pending.splice(0, this.pending.length).length;
  }
}

/** Runs one load to its end (amount reached, duration elapsed or aborted); never rejects for request failures. */
export function runHttpLoad(
  request: HttpRequestSpec,
  spec: LoadSpec,
  onRecord: (record: RequestRecord) => void,
  signal: AbortSignal,
): Promise<LoadStats> {
  const trackers: ClientTracker[] = [];
  const started = performance.now();
  const giveUpAfter = Math.max(GIVE_UP_FLOOR, GIVE_UP_PER_CONNECTION * spec.connections);
  let answered = 0;
  let failures = 0;
  let unreachable: string | undefined;
  let stopNow: () => void = () => undefined;
  const record = (r: RequestRecord): void => {
    if (r.statusCode !== undefined) answered++;
    else if (answered === 0 && ++failures === giveUpAfter) {
      unreachable = `stopped after ${failures} requests without a single answer (last: ${r.failure ?? 'no response'})`;
      stopNow();
    }
    onRecord(r);
  };
  const headers: Record<string, string> = { ...request.headers };
  const body = request.body;
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = typeof body === 'function' || isJson(body) ? 'application/json' : 'text/plain; charset=utf-8';
  }
  const options: autocannon.Options = {
    url: request.url,
    method: request.method as autocannon.Options['method'],
    headers,
    connections: spec.connections,
    pipelining: spec.pipelining,
    timeout: Math.max(1, Math.ceil(spec.timeoutMs / 1000)),
    // A short sampling tick: autocannon notices the end of a load only at the next tick.
    sampleInt: 50,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: (spec.durationMs ?? 0) / 1000 }),
    ...(spec.rate !== undefined ? { overallRate: spec.rate } : {}),
    ...(typeof body === 'function'
      ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }] }
      : body !== undefined ? { body } : {}),
    setupClient: (client) => {
      const tracker = new ClientTracker(record);
      trackers.push(tracker);
      tracker.attach(client as unknown as EventEmitter);
    },
  };
  return new Promise((resolve, reject) => {
    let instance: autocannon.Instance | undefined;
    const onAbort = (): void => instance?.stop();
    try {
      instance = autocannon(options, (err) => {
        signal.removeEventListener('abort', onAbort);
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        const cutAtEnd = trackers.reduce((n, t) => n + t.finish(), 0);
        resolve({ cutAtEnd, wallMs: performance.now() - started, ...(unreachable !== undefined ? { unreachable } : {}) });
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    stopNow = () => instance?.stop();
    if (signal.aborted) instance?.stop();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
