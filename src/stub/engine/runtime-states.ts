// Which Runtime API call the runtime may make in each state of its
// environment, and how a refused one is answered, as AWS's runtime interface
// emulator decides (aws/aws-lambda-runtime-interface-emulator,
// internal/lambda/core/states.go and runtime_state_names.go; the handlers in
// internal/lambda/rapi/handler/: invocationresponse.go, invocationerror.go,
// initerror.go, invocationnext.go; middleware/middleware.go):
// - a result is checked against the current request id first (400
//   InvalidRequestID), then against the state: only a running invocation takes
//   one, so a second response, an error after a response or a response after an
//   error is 403 InvalidStateTransition;
// - /init/error is taken only while the runtime initializes (state Started);
//   after its first /next it is 403 and changes nothing;
// - /next after a posted init error is 403.

import type { EnvironmentState } from './lifecycle';
import { INVALID_REQUEST_ID, type Refusal } from './runtime-api-replies';

/** The emulator's name of the runtime call each request makes (core/runtime_state_names.go). */
export type RuntimeCall = 'InvocationResponse' | 'InvocationErrorResponse' | 'InitError' | 'Ready';

/**
 * The emulator's name of the runtime's state in each environment state, as
 * printed in its InvalidStateTransition message.
 */
const STATE_NAMES: { readonly [S in EnvironmentState]: string } = {
  starting: 'Started',
  reinit: 'Started',
  failing: 'InitError',
  failed: 'InitError',
  idle: 'Ready',
  running: 'Running',
  answered: 'RuntimeResponseSentState',
  awaiting: 'RuntimeResponseSentState',
  queued: 'RuntimeResponseSentState',
  dead: 'RuntimeResponseSentState',
};

/** 403 for `call` in `state` (handler.StateTransitionFailedForRuntimeMessageFormat, core.ErrNotAllowed). */
export function invalidTransition(state: EnvironmentState, call: RuntimeCall): Refusal {
  return {
    status: 403,
    errorType: 'InvalidStateTransition',
    errorMessage: `State transition from ${STATE_NAMES[state]} to ${call} failed for runtime. Error: State transition is not allowed`,
  };
}

/**
 * Whether a posted result is taken: undefined when it is, else why not.
 * `currentId` is the request id of the invocation last handed over (or
 * waiting here): it stays current after its result, until the next one.
 */
export function resultRefusal(state: EnvironmentState, currentId: string, id: string, kind: 'response' | 'error'): Refusal | undefined {
  if (id === '' || id !== currentId) return INVALID_REQUEST_ID;
  if (state === 'running') return undefined;
  return invalidTransition(state, kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse');
}

/** Whether an /init/error is taken: only while the runtime initializes. */
export function initErrorRefusal(state: EnvironmentState): Refusal | undefined {
  return state === 'starting' || state === 'reinit' ? undefined : invalidTransition(state, 'InitError');
}
