// LoggingConfig in a request, checked and applied as Lambda does, with
// Lambda's errors: a member outside its constraint is a ValidationException
// naming it (loggingConfig.logFormat, …), levels with the Text format an
// InvalidParameterValueException. UpdateFunctionConfiguration uses it;
// CreateFunction will, from the default settings.
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html

import { logGroupName } from '../../lambda/log';
import type { LoggingSettings } from '../../lambda/logging-config';
import { changeLogging, isLoggingProblem } from '../store/logging';
import { invalidParameter, validationError } from './errors';

/** `current` changed by the request's LoggingConfig member; throws Lambda's error when it is refused. */
export function loggingFromRequest(current: LoggingSettings, member: unknown): LoggingSettings {
  if (typeof member !== 'object' || member === null || Array.isArray(member)) {
    throw invalidParameter("'LoggingConfig' must be an object: { LogFormat, ApplicationLogLevel, SystemLogLevel, LogGroup }");
  }
  const m = member as Record<string, unknown>;
  const result = changeLogging(current, {
    logFormat: m.LogFormat, applicationLogLevel: m.ApplicationLogLevel, systemLogLevel: m.SystemLogLevel, logGroup: m.LogGroup,
  });
  if (!isLoggingProblem(result)) return result;
  if (result.kind === 'levels-need-json') {
    throw invalidParameter(`${result.members.join(' and ')} can only be set when LogFormat is JSON; the function's log format would be Text.`);
  }
  const name = result.member.charAt(0).toLowerCase() + result.member.slice(1);
  throw validationError(typeof result.value === 'string' ? result.value : JSON.stringify(result.value), `loggingConfig.${name}`, result.constraint);
}

/** The LoggingConfig member of FunctionConfiguration: the levels only for JSON, the group always. */
export function loggingConfigShape(functionName: string, s: LoggingSettings): Record<string, string> {
  const doc: Record<string, string> = { LogFormat: s.logFormat };
  if (s.applicationLogLevel !== undefined) doc.ApplicationLogLevel = s.applicationLogLevel;
  if (s.systemLogLevel !== undefined) doc.SystemLogLevel = s.systemLogLevel;
  doc.LogGroup = s.logGroup ?? logGroupName(functionName);
  return doc;
}
