// Invoke: resolves the name to a frozen snapshot, checks the payload, and
// hands the payload Buffer to the engine untouched.

import { ApiError, ThrottleReason, type ThrottleReasonName } from '../../lambda/errors';
import type { Reply } from './http';
import type { ApiContext, ApiRequest } from './context';
import { LambdaError, validationError } from './errors';
import { invokeWithoutLog } from './early-answer';
import type { InvokeOutcome, InvokeRequest } from '../engine/types';
import { checkInvocable } from './snapstart';
import { eventQueueOf } from './async-invoke';
import { addCpuWaitHeaders } from './cpu-wait-headers';

const EMPTY_EVENT = Buffer.from('{}');
const LOG_TAIL_BYTES = 4096;
const THROTTLE_RETRY_AFTER_SECONDS = 1;

export function headerValue(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function throttled(reason: ThrottleReasonName): LambdaError {
  return new LambdaError(ApiError.TooManyRequestsException, 'Rate Exceeded.', { reason, retryAfterSeconds: THROTTLE_RETRY_AFTER_SECONDS });
}

export function checkJson(payload: Buffer): void {
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new LambdaError(ApiError.InvalidRequestContentException,
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`);
  }
}

/**
 * Not an async function: its reply is the engine's promise mapped once, so an
 * answer costs one microtask turn after the result, not one per await.
 */
export function invoke(api: ApiContext, req: ApiRequest): Reply | Promise<Reply> {
  const type = headerValue(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    throw validationError(type, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
  }
  const logType = headerValue(req, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw validationError(logType, 'logType', 'Member must satisfy enum value set: [None, Tail]');
  }
  const r = api.store.resolve(req.params[0] as string, req.query.get('Qualifier') ?? undefined, true);
  // Lambda hands an empty payload to the function as an empty object.
  const payload = req.body.length === 0 ? EMPTY_EVENT : req.body;
  if (req.body.length !== 0) checkJson(payload);
  checkInvocable(r.fn, r.record);
  if (type === 'DryRun') return { status: 204 };

  const reserved = r.fn.reservedConcurrency;
  if (reserved === 0) throw throttled(ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded);
  const clientContext = headerValue(req, 'x-amz-client-context');
  const request = (onResult?: InvokeRequest['onResult']): InvokeRequest => ({
    fn: r.record.snapshot,
    invokedArn: r.invokedArn,
    payload,
    requestId: req.requestId,
    reservedConcurrency: reserved,
    ...(clientContext !== undefined ? { clientContext } : {}),
    ...(onResult !== undefined ? { onResult } : {}),
  });
  if (type === 'Event') {
    // Lambda queues the event and answers at once; retries and destinations follow its event invoke config.
    eventQueueOf(api).enqueue(api, r, payload, req.requestId);
    return { status: 202 };
  }
  const version = r.record.version;
  // Without a log tail to return, the answer leaves as soon as the result is in.
  if (logType !== 'Tail') return invokeWithoutLog(api.engine, request, (outcome) => replyOf(outcome, version, false));
  return api.engine.invoke(request()).then((outcome) => replyOf(outcome, version, true));
}

function replyOf(outcome: InvokeOutcome, version: string, tail: boolean): Reply {
  if (outcome.kind === 'throttled') throw throttled(outcome.reason);
  const headers: Record<string, string> = { 'X-Amz-Executed-Version': version };
  if (outcome.functionError !== undefined) headers['X-Amz-Function-Error'] = outcome.functionError;
  if (outcome.cpuWait !== undefined) addCpuWaitHeaders(headers, outcome.cpuWait);
  if (tail) {
    headers['X-Amz-Log-Result'] = logResult(outcome.log);
  }
  return { status: 200, headers, body: outcome.payload };
}

/** LogType Tail: the last 4 KB of the invocation's log, base64 (X-Amz-Log-Result, InvokeComplete's LogResult). */
export function logResult(text: string): string {
  const log = Buffer.from(text, 'utf8');
  return (log.length > LOG_TAIL_BYTES ? log.subarray(log.length - LOG_TAIL_BYTES) : log).toString('base64');
}
