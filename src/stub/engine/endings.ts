// How an invocation ends: the payload its caller gets, and what its log says
// (status, error type, platform lines before END). One builder per way to end.
//
// The REPORT line's outcome is Lambda's: `Status: timeout` alone for a
// timeout, `Status: error\tError Type: <type>` for the rest (AWS Lambda
// Developer Guide, lambda-runtime-environment.html: "REPORT … Status: timeout",
// "REPORT … Status: error Error Type: Runtime.ExitError").

import { PlatformErrorType } from '../../lambda/errors';
import { exitError, outOfMemoryError, type PlatformError, stoppedError, timeoutError } from './log-format';
import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { invocationErrorPayload } from './error-body';
import { initErrorType } from './init-phase';

/** How an invocation ends. */
export interface Ending {
  readonly payload: Buffer;
  readonly functionError?: 'Unhandled';
  /** Platform lines printed before END (timeout notice, exit reason). */
  readonly extraLines?: readonly string[];
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

function platformPayload(e: PlatformError): Buffer {
  return Buffer.from(JSON.stringify(e));
}

/**
 * How an invocation ends when its runtime posted a result. An error's body
 * and type as the emulator passes them on (error-body.ts).
 */
export function resultEnding(kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean, contentType?: string): Ending {
  if (tooLarge) {
    const e = {
      errorType: PlatformErrorType.FunctionResponseSizeTooLarge,
      errorMessage: `Response payload size exceeded maximum allowed payload size (${RUNTIME_RESPONSE_MAX_BYTES} bytes).`,
    };
    return { payload: platformPayload(e), functionError: 'Unhandled', status: 'error', errorType: e.errorType };
  }
  if (kind === 'response') return { payload: body };
  return functionErrorEnding(invocationErrorPayload(body, contentType), initErrorType(errorType));
}

/** An error the runtime reported (a handler error, or an init error): its own document, or Lambda's when it sent none. */
export function functionErrorEnding(body: Buffer, errorType: string): Ending {
  return {
    payload: body.length > 0 ? body : platformPayload({ errorType, errorMessage: '' }),
    functionError: 'Unhandled',
    status: 'error',
    errorType,
  };
}

/** An end the platform makes (timeout, crash, stop, failed start). */
function failureEnding(e: PlatformError, extraLines?: readonly string[], status: 'timeout' | 'error' = 'error'): Ending {
  return { payload: platformPayload(e), functionError: 'Unhandled', extraLines, status, errorType: status === 'error' ? e.errorType : undefined };
}

/** The environment was stopped under it. */
export function stoppedEnding(requestId: string): Ending {
  return failureEnding(stoppedError(requestId));
}

/** The runtime could not be started. */
export function startFailedEnding(e: PlatformError): Ending {
  return failureEnding(e, [e.errorMessage, e.errorType]);
}

/** The handler ran past the function's timeout. */
export function timeoutEnding(requestId: string, timeoutSec: number): Ending {
  const notice = `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSec.toFixed(2)} seconds`;
  return failureEnding(timeoutError(requestId, timeoutSec), [notice], 'timeout');
}

/** The runtime exited (or was killed for its memory, `oom`) before it answered. */
export function exitEnding(requestId: string, code: number | null, signal: NodeJS.Signals | null, oom: boolean): Ending & { readonly errorType: string } {
  const e = oom ? outOfMemoryError(requestId) : exitError(requestId, code, signal);
  return { payload: platformPayload(e), functionError: 'Unhandled', extraLines: [e.errorMessage, e.errorType], status: 'error', errorType: e.errorType };
}
