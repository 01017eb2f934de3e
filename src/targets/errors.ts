// A target that cannot be used as the scenario describes it (function not
// found, no region, no credentials, a qualifier with a memory sweep): the run
// stops before any invocation, with this one line and no stack trace.

export class TargetError extends Error {
  override readonly name = 'TargetError';
}
