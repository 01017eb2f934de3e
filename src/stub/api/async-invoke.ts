// Asynchronous (Event) invocations as Lambda runs them: queued, retried on a
// function error as the function's event invoke config says (twice by
// default), dropped once older than its maximum age, and their invocation
// record sent to an on-success or on-failure destination, another function
// of this service, invoked asynchronously in turn.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
//
// Lambda waits a minute before the first retry and two before the second,
// and backs off from 1 s to 5 min while the function is throttled. Here every
// such wait is `speedup` times shorter (60 by default: 1 s and 2 s). An
// event's age counts the waits at Lambda's length, so MaximumEventAgeInSeconds
// means what it means on Lambda: with 60, an event that failed once expires
// instead of being retried a minute later.

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Engine, InvokeOutcome } from '../engine/types';
import { eventInvokeConfigOf } from '../store/event-invoke-configs';
import { functionArn, type Place } from '../store/names';
import type { FunctionRecord, Resolved } from '../store/types';
import type { ApiContext } from './context';

export const DEFAULT_ASYNC_SPEEDUP = 60;
/** Lambda's waits before the first and the second retry. */
const RETRY_DELAYS_SEC = [60, 120] as const;
const DEFAULT_RETRY_ATTEMPTS = 2;
const DEFAULT_MAX_EVENT_AGE_SEC = 21_600;
const THROTTLE_BACKOFF_FIRST_SEC = 1;
const THROTTLE_BACKOFF_MAX_SEC = 300;

export type DestinationCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

interface QueuedEvent {
  readonly name: string;
  /** As invoked; undefined for the unqualified function. */
  readonly qualifier: string | undefined;
  readonly payload: Buffer;
  /** Every attempt of an event runs under its request id, as on Lambda. */
  readonly requestId: string;
  readonly queuedAt: number;
  /** Lambda time that the shortened waits left out, in ms. */
  skippedMs: number;
  attempts: number;
  throttleBackoffSec: number;
  last?: { readonly payload: Buffer; readonly functionError: string | undefined; readonly version: string };
}

/** The invocation record Lambda sends to a destination. */
export function destinationRecord(
  place: Place, ev: Pick<QueuedEvent, 'name' | 'qualifier' | 'payload' | 'requestId' | 'attempts' | 'last'>, condition: DestinationCondition,
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: ev.requestId,
      functionArn: functionArn(place, ev.name, ev.qualifier ?? '$LATEST'),
      condition,
      approximateInvokeCount: ev.attempts,
    },
    requestPayload: jsonOrText(ev.payload),
  };
  // An event that expired before any attempt has no response to report.
  if (ev.last !== undefined) {
    record.responseContext = {
      statusCode: 200,
      executedVersion: ev.last.version,
      ...(ev.last.functionError !== undefined ? { functionError: ev.last.functionError } : {}),
    };
    record.responsePayload = jsonOrText(ev.last.payload);
  }
  return record;
}

function jsonOrText(b: Buffer): unknown {
  const text = b.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class EventQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  /** `speedup`: how many times shorter than Lambda's the queue's waits are. */
  constructor(private readonly speedup: number = DEFAULT_ASYNC_SPEEDUP) {
    if (!(speedup >= 1) || !Number.isFinite(speedup)) throw new Error(`the event queue's speedup must be a number of at least 1 (got ${speedup})`);
  }

  /** Takes an event for the resolved function; its first attempt starts now. */
  enqueue(api: ApiContext, target: Resolved, payload: Buffer, requestId: string): void {
    if (this.stopped) return;
    const ev: QueuedEvent = {
      name: target.fn.name, qualifier: target.qualifier, payload, requestId,
      queuedAt: performance.now(), skippedMs: 0, attempts: 0, throttleBackoffSec: THROTTLE_BACKOFF_FIRST_SEC,
    };
    void this.attempt(api, ev);
  }

  /** Forgets every waiting event; attempts under way finish, and nothing follows them. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private ageSec(ev: QueuedEvent): number {
    return (performance.now() - ev.queuedAt + ev.skippedMs) / 1000;
  }

  private wait(api: ApiContext, ev: QueuedEvent, lambdaSec: number): void {
    const ms = (lambdaSec * 1000) / this.speedup;
    ev.skippedMs += lambdaSec * 1000 - ms;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(api, ev);
    }, ms);
    // A waiting event does not keep the process alive on its own.
    t.unref();
    this.timers.add(t);
  }

  private async attempt(api: ApiContext, ev: QueuedEvent): Promise<void> {
    if (this.stopped) return;
    let r: Resolved;
    try {
      r = api.store.resolve(ev.name, ev.qualifier, true);
    } catch {
      return; // The function or alias was deleted: its events go with it.
    }
    // The config as it is now, as Lambda reads it when it processes the event.
    const config = eventInvokeConfigOf(r.fn, ev.qualifier ?? '$LATEST');
    if (this.ageSec(ev) > (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SEC)) {
      this.finish(api, ev, r.fn, 'EventAgeExceeded');
      return;
    }
    let outcome: InvokeOutcome;
    try {
      outcome = r.fn.reservedConcurrency === 0
        ? { kind: 'throttled', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }
        : await api.engine.invoke({
          fn: r.record.snapshot, invokedArn: r.invokedArn, payload: ev.payload, requestId: ev.requestId,
          reservedConcurrency: r.fn.reservedConcurrency,
        });
    } catch {
      return; // The engine is stopping.
    }
    if (this.stopped) return;
    if (outcome.kind === 'throttled') {
      // Throttles are retried until the event is too old, and are no attempt.
      const backoff = ev.throttleBackoffSec;
      ev.throttleBackoffSec = Math.min(backoff * 2, THROTTLE_BACKOFF_MAX_SEC);
      this.wait(api, ev, backoff);
      return;
    }
    ev.attempts += 1;
    ev.last = { payload: outcome.payload, functionError: outcome.functionError, version: r.record.version };
    if (outcome.functionError === undefined) {
      this.finish(api, ev, r.fn, 'Success');
      return;
    }
    if (ev.attempts > (config?.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS)) {
      this.finish(api, ev, r.fn, 'RetriesExhausted');
      return;
    }
    this.wait(api, ev, RETRY_DELAYS_SEC[ev.attempts - 1] ?? RETRY_DELAYS_SEC[1]);
  }

  /** Sends the invocation record to the destination the condition calls for, if the config names one. */
  private finish(api: ApiContext, ev: QueuedEvent, fn: FunctionRecord, condition: DestinationCondition): void {
    const config = eventInvokeConfigOf(fn, ev.qualifier ?? '$LATEST');
    const destination = condition === 'Success' ? config?.onSuccess : config?.onFailure;
    if (destination === undefined) return;
    let target: Resolved;
    try {
      target = api.store.resolve(destination, undefined, true);
    } catch {
      return; // Deleted since the config was written: Lambda counts a delivery failure.
    }
    const record = destinationRecord(api.shape, ev, condition);
    this.enqueue(api, target, Buffer.from(JSON.stringify(record)), randomUUID());
  }
}

const fallbackQueues = new WeakMap<Engine, EventQueue>();

/** The service's queue; an API built without one (a test's) gets one per engine. */
export function eventQueueOf(api: ApiContext): EventQueue {
  if (api.events !== undefined) return api.events;
  let q = fallbackQueues.get(api.engine);
  if (q === undefined) {
    q = new EventQueue();
    fallbackQueues.set(api.engine, q);
  }
  return q;
}
