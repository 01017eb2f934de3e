// An invocation whose caller does not read its log: the answer leaves as
// soon as the function's result is in, while the engine is still finishing
// the log (output still in the pipe, the memory peak for REPORT).

import type { CpuWait, Engine, InvokeOutcome, InvokeRequest } from '../engine/types';

/**
 * The function's result as soon as it is posted, or the engine's outcome
 * (throttles, platform failures), whichever comes first, turned by `map`
 * into what the caller answers; a throw in `map` rejects. `request` builds
 * the engine's request around the callback (no copy of a finished one).
 */
export function invokeWithoutLog<T>(
  engine: Engine,
  request: (onResult: NonNullable<InvokeRequest['onResult']>) => InvokeRequest,
  map: (outcome: InvokeOutcome) => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: InvokeOutcome): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(map(outcome));
      } catch (err) {
        reject(err);
      }
    };
    // Plain literals, one per shape: this runs once per invocation on the warm path.
    const onResult = (payload: Buffer, functionError: 'Unhandled' | undefined, cpuWait: CpuWait | undefined): void =>
      settle(functionError === undefined
        ? (cpuWait === undefined ? { kind: 'response', payload, log: '' } : { kind: 'response', payload, log: '', cpuWait })
        : (cpuWait === undefined ? { kind: 'response', payload, functionError, log: '' } : { kind: 'response', payload, functionError, log: '', cpuWait }));
    engine.invoke(request(onResult)).then(settle, (err: unknown) => {
      if (!settled) reject(err);
      settled = true;
    });
  });
}
