// Control-plane calls (GetFunctionConfiguration, UpdateFunctionConfiguration)
// are rate limited far below invocations, and an update is refused while the
// previous one is still in progress. Both are retried with exponential backoff
// and jitter; anything else fails at once.

import { ApiError, THROTTLING_EXCEPTION } from '../lambda/errors';

const RETRYABLE = new Set<string>([
  ApiError.TooManyRequestsException,
  THROTTLING_EXCEPTION,
  ApiError.ResourceConflictException, // "The operation cannot be performed at this time. An update is in progress"
  ApiError.ServiceException,
]);

export interface BackoffOptions {
  readonly attempts?: number;
  readonly baseMs?: number;
  readonly capMs?: number;
}

export async function withBackoff<T>(call: () => Promise<T>, opts: BackoffOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 8;
  const baseMs = opts.baseMs ?? 200;
  const capMs = opts.capMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}

function isRetryable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && RETRYABLE.has(name);
}
