// A LoggingConfig change checked and applied to a function's current logging
// settings, the one rule for every way in (UpdateFunctionConfiguration,
// CreateFunction once it is served, function.json). Each caller words the
// problem its own way: the API as Lambda's errors, function.json with its
// file and field.

import {
  APPLICATION_LOG_LEVELS, LOG_FORMATS, LOG_GROUP_MAX_CHARS, LOG_GROUP_PATTERN, SYSTEM_LOG_LEVELS,
  isApplicationLogLevel, isLogGroupName, isLoggingFormat, isSystemLogLevel, normalizeLogging,
  type ApplicationLogLevel, type LoggingFormat, type LoggingSettings, type SystemLogLevel,
} from '../../lambda/logging-config';

/** The members of a LoggingConfig as given, not yet checked (undefined: not given). */
export interface LoggingInput {
  readonly logFormat?: unknown;
  readonly applicationLogLevel?: unknown;
  readonly systemLogLevel?: unknown;
  readonly logGroup?: unknown;
}

export type LoggingMember = 'LogFormat' | 'ApplicationLogLevel' | 'SystemLogLevel' | 'LogGroup';

/** Why a LoggingConfig is refused: a member outside its constraint, or levels on the Text format. */
export type LoggingProblem =
  | { readonly kind: 'constraint'; readonly member: LoggingMember; readonly value: unknown; readonly constraint: string }
  | { readonly kind: 'levels-need-json'; readonly members: readonly LoggingMember[] };

const enumConstraint = (values: readonly string[]): string => `Member must satisfy enum value set: [${values.join(', ')}]`;

/**
 * `current` changed by `input`: members not given keep their value; the levels
 * are dropped when the format becomes Text and default to INFO when it
 * becomes JSON, as Lambda reports them.
 */
export function changeLogging(current: LoggingSettings, input: LoggingInput): LoggingSettings | LoggingProblem {
  const { logFormat, applicationLogLevel, systemLogLevel, logGroup } = input;
  if (logFormat !== undefined && !isLoggingFormat(logFormat)) {
    return { kind: 'constraint', member: 'LogFormat', value: logFormat, constraint: enumConstraint(LOG_FORMATS) };
  }
  if (applicationLogLevel !== undefined && !isApplicationLogLevel(applicationLogLevel)) {
    return { kind: 'constraint', member: 'ApplicationLogLevel', value: applicationLogLevel, constraint: enumConstraint(APPLICATION_LOG_LEVELS) };
  }
  if (systemLogLevel !== undefined && !isSystemLogLevel(systemLogLevel)) {
    return { kind: 'constraint', member: 'SystemLogLevel', value: systemLogLevel, constraint: enumConstraint(SYSTEM_LOG_LEVELS) };
  }
  if (logGroup !== undefined && !isLogGroupName(logGroup)) {
    return {
      kind: 'constraint', member: 'LogGroup', value: logGroup,
      constraint: `Member must have length between 1 and ${LOG_GROUP_MAX_CHARS} and satisfy regular expression pattern: ${LOG_GROUP_PATTERN}`,
    };
  }
  const format: LoggingFormat = (logFormat as LoggingFormat | undefined) ?? current.logFormat;
  if (format === 'Text') {
    const given: LoggingMember[] = [];
    if (applicationLogLevel !== undefined) given.push('ApplicationLogLevel');
    if (systemLogLevel !== undefined) given.push('SystemLogLevel');
    if (given.length > 0) return { kind: 'levels-need-json', members: given };
  }
  const group = (logGroup as string | undefined) ?? current.logGroup;
  return normalizeLogging({
    logFormat: format,
    ...(format === 'JSON' ? {
      applicationLogLevel: (applicationLogLevel as ApplicationLogLevel | undefined) ?? current.applicationLogLevel,
      systemLogLevel: (systemLogLevel as SystemLogLevel | undefined) ?? current.systemLogLevel,
    } : {}),
    ...(group === undefined ? {} : { logGroup: group }),
  });
}

export function isLoggingProblem(v: LoggingSettings | LoggingProblem): v is LoggingProblem {
  return 'kind' in v;
}

/** The problem in words, for a file's message. */
export function describeLoggingProblem(p: LoggingProblem): string {
  if (p.kind === 'levels-need-json') return `${p.members.join(' and ')} can only be set with the JSON log format`;
  return `${JSON.stringify(p.value)} fails its constraint: ${p.constraint}`;
}
