// The Handler setting. Lambda's API reference gives its constraint: at most
// 128 characters, pattern `^[^\s]+$`
// (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html#lambda-UpdateFunctionConfiguration-request-Handler).
// The handler names a module inside the function's folder (LAMBDA_TASK_ROOT);
// AWS's runtimes refuse `../` in it. Absolute paths and `..` segments are
// refused here at once, saying why, so that no handler can name code outside
// the function's folder.

export const HANDLER_MAX_LENGTH = 128;

/** Why `handler` is not a valid Handler, or undefined when it is. */
export function handlerProblem(handler: unknown): string | undefined {
  if (typeof handler !== 'string' || handler.length === 0) return 'must be a non-empty string, e.g. "index.handler"';
  if (handler.length > HANDLER_MAX_LENGTH) return `must be at most ${HANDLER_MAX_LENGTH} characters`;
  if (/\s/.test(handler)) return 'must not contain whitespace (pattern ^[^\\s]+$)';
  if (handler.startsWith('/') || handler.startsWith('\\')) return 'must be a path inside the function\'s folder, not an absolute path';
  if (handler.split(/[/\\]/).includes('..')) return "must not leave the function's folder ('..' is not allowed)";
  return undefined;
}
