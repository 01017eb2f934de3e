// An invocation whose caller does not read its log: the answer leaves as
// soon as the function's result is in, while the engine is still finishing
// the log (output still in the pipe, the memory peak for REPORT).

import type { Engine, InvokeOutcome, InvokeRequest } from '../engine/types';

/** The function's result as soon as it is posted, or the engine's outcome (throttles, platform failures), whichever comes first. */
export function invokeWithoutLog(engine: Engine, request: InvokeRequest): Promise<InvokeOutcome> {
  return new Promise((resolve, reject) => {
    const onResult = (payload: Buffer, functionError: 'Unhandled' | undefined): void =>
      resolve(functionError === undefined ? { kind: 'response', payload, log: '' } : { kind: 'response', payload, functionError, log: '' });
    engine.invoke({ ...request, onResult }).then(resolve, reject);
  });
}
