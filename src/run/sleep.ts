import { MAX_DURATION_MS } from '../fields/bounds';

/**
 * Resolves after `ms`, or at once when `signal` aborts; never rejects. A wait
 * Node's timers cannot hold (2^31 ms or more: a retry backoff doubled many
 * times) is capped there, instead of firing after 1 ms.
 */
export function abortableSleep(requestedMs: number, signal: AbortSignal): Promise<void> {
  const ms = Math.min(requestedMs, MAX_DURATION_MS);
  if (signal.aborted || !(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
