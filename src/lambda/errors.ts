// Every error name the Lambda platform reports, spelled once: the exceptions
// of its API (the x-amzn-ErrorType header and the SDK's error name), the
// reasons it gives for a throttle, and the errorType of an invocation that
// the platform itself failed (the function's own errors carry the names the
// function gives them).

/** Exceptions of Lambda's API that coldbench sends or acts on. */
export const ApiError = {
  ResourceNotFoundException: 'ResourceNotFoundException',
  InvalidRequestContentException: 'InvalidRequestContentException',
  RequestTooLargeException: 'RequestTooLargeException',
  TooManyRequestsException: 'TooManyRequestsException',
  InvalidParameterValueException: 'InvalidParameterValueException',
  ResourceConflictException: 'ResourceConflictException',
  PreconditionFailedException: 'PreconditionFailedException',
  ValidationException: 'ValidationException',
  UnknownOperationException: 'UnknownOperationException',
  UnsupportedMediaTypeException: 'UnsupportedMediaTypeException',
  ServiceException: 'ServiceException',
  /** Invoke of a SnapStart version whose snapshot is not ready yet (409). */
  SnapStartNotReadyException: 'SnapStartNotReadyException',
  ProvisionedConcurrencyConfigNotFoundException: 'ProvisionedConcurrencyConfigNotFoundException',
} as const;
export type ApiErrorName = (typeof ApiError)[keyof typeof ApiError];

/**
 * AWS's generic throttling error. Lambda's own is TooManyRequestsException,
 * but a throttle can reach the SDK under this name too, so callers that retry
 * throttles treat both alike.
 */
export const THROTTLING_EXCEPTION = 'ThrottlingException';

/** The Reason of a TooManyRequestsException. */
export const ThrottleReason = {
  ConcurrentInvocationLimitExceeded: 'ConcurrentInvocationLimitExceeded',
  FunctionInvocationRateLimitExceeded: 'FunctionInvocationRateLimitExceeded',
  ReservedFunctionConcurrentInvocationLimitExceeded: 'ReservedFunctionConcurrentInvocationLimitExceeded',
  ReservedFunctionInvocationRateLimitExceeded: 'ReservedFunctionInvocationRateLimitExceeded',
  CallerRateLimitExceeded: 'CallerRateLimitExceeded',
  ConcurrentSnapshotCreateLimitExceeded: 'ConcurrentSnapshotCreateLimitExceeded',
} as const;
export type ThrottleReasonName = (typeof ThrottleReason)[keyof typeof ThrottleReason];

/** The errorType of an invocation the platform failed: timeout, runtime crash, oversized response. */
export const PlatformErrorType = {
  SandboxTimedout: 'Sandbox.Timedout',
  RuntimeExitError: 'Runtime.ExitError',
  RuntimeOutOfMemory: 'Runtime.OutOfMemory',
  RuntimeInvalidEntrypoint: 'Runtime.InvalidEntrypoint',
  RuntimeUnknown: 'Runtime.Unknown',
  RuntimeInvalidResponseModeHeader: 'Runtime.InvalidResponseModeHeader',
  FunctionResponseSizeTooLarge: 'Function.ResponseSizeTooLarge',
} as const;
export type PlatformErrorTypeName = (typeof PlatformErrorType)[keyof typeof PlatformErrorType];
