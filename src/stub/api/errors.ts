// Lambda's error responses. restJson1 clients pick the exception class from
// the x-amzn-ErrorType header and read `message` (and `Type`, `Reason`) from
// the JSON body, so both are always sent together.

import { ApiError, type ApiErrorName } from '../../lambda/errors';

const STATUS: Record<ApiErrorName, number> = {
  ResourceNotFoundException: 404,
  InvalidRequestContentException: 400,
  RequestTooLargeException: 413,
  TooManyRequestsException: 429,
  InvalidParameterValueException: 400,
  ResourceConflictException: 409,
  PreconditionFailedException: 412,
  ValidationException: 400,
  UnknownOperationException: 404,
  UnsupportedMediaTypeException: 415,
  ServiceException: 500,
  SnapStartNotReadyException: 409,
  ProvisionedConcurrencyConfigNotFoundException: 404,
};

export class LambdaError extends Error {
  readonly status: number;
  constructor(
    readonly type: ApiErrorName,
    message: string,
    /**
     * Extra body members (Reason) and headers (Retry-After); closeConnection
     * when the rest of the request body will not be read, so the socket cannot
     * carry another request.
     */
    readonly extra: { readonly reason?: string; readonly retryAfterSeconds?: number; readonly closeConnection?: boolean } = {},
  ) {
    super(message);
    this.status = STATUS[type];
  }

  body(): Buffer {
    const doc: Record<string, string> = {
      // Lambda says "User" for the caller's mistakes and "Service" for its own.
      Type: this.status >= 500 ? 'Service' : 'User',
      message: this.message,
    };
    if (this.extra.reason !== undefined) doc.Reason = this.extra.reason;
    return Buffer.from(JSON.stringify(doc));
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = { 'x-amzn-ErrorType': this.type };
    if (this.extra.retryAfterSeconds !== undefined) h['Retry-After'] = String(this.extra.retryAfterSeconds);
    if (this.extra.closeConnection === true) h.Connection = 'close';
    return h;
  }
}

/** Lambda's wording for a request member that fails the API model's constraint. */
export function validationError(value: string, member: string, constraint: string): LambdaError {
  return new LambdaError(ApiError.ValidationException,
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

export const notFound = (arn: string): LambdaError => new LambdaError(ApiError.ResourceNotFoundException, `Function not found: ${arn}`);
export const invalidParameter = (message: string): LambdaError => new LambdaError(ApiError.InvalidParameterValueException, message);
export const revisionMismatch = (): LambdaError => new LambdaError(ApiError.PreconditionFailedException,
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
