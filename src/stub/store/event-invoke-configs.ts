// Event invoke configs (Put/Get/Update/Delete/ListFunctionEventInvokeConfigs):
// retries, maximum event age and destinations of asynchronous invocations,
// one per qualifier ('$LATEST' for the unqualified function, a version, an
// alias), read by the event queue (../api/async-invoke.ts) at each attempt.
// Kept beside the store, keyed by the function record, so a function created
// again under a deleted one's name starts without any.

import type { FunctionRecord } from './types';

export interface EventInvokeConfig {
  /** 0–2; undefined: Lambda's default, 2. */
  readonly maximumRetryAttempts?: number;
  /** 60–21600; undefined: Lambda's default, 21600 (6 hours). */
  readonly maximumEventAgeInSeconds?: number;
  /** ARN of the destination of successful events: a function of this service. */
  readonly onSuccess?: string;
  /** ARN of the destination of events that failed every attempt or expired. */
  readonly onFailure?: string;
  /** Epoch seconds, as the API's LastModified timestamp. */
  readonly lastModified: number;
}

const configsByFunction = new WeakMap<FunctionRecord, Map<string, EventInvokeConfig>>();

export function eventInvokeConfigOf(fn: FunctionRecord, qualifier: string): EventInvokeConfig | undefined {
  return configsByFunction.get(fn)?.get(qualifier);
}

/** Every config of the function, by qualifier. */
export function eventInvokeConfigsOf(fn: FunctionRecord): ReadonlyMap<string, EventInvokeConfig> {
  return configsByFunction.get(fn) ?? new Map();
}

export function setEventInvokeConfig(fn: FunctionRecord, qualifier: string, config: EventInvokeConfig): void {
  let m = configsByFunction.get(fn);
  if (m === undefined) {
    m = new Map();
    configsByFunction.set(fn, m);
  }
  m.set(qualifier, config);
}

/** Removes the config; false when there was none. Also used for a deleted alias, so one made again starts without it. */
export function deleteEventInvokeConfig(fn: FunctionRecord, qualifier: string): boolean {
  return configsByFunction.get(fn)?.delete(qualifier) ?? false;
}
