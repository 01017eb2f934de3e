// A function's LoggingConfig: its log format, the levels that filter its
// application and system logs, and its log group; and how Lambda applies
// the levels to what is written.
//
// API reference, LoggingConfig:
//   https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
//   LogFormat JSON | Text; ApplicationLogLevel TRACE | DEBUG | INFO | WARN | ERROR | FATAL;
//   SystemLogLevel DEBUG | INFO | WARN; LogGroup 1–512 characters of [\.\-_/#A-Za-z0-9]+.
// Levels only apply to the JSON format, and default to INFO there:
//   https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html

import type { PlatformRecord } from './log/records';

export const LOG_FORMATS = ['JSON', 'Text'] as const;
export type LoggingFormat = (typeof LOG_FORMATS)[number];

/** Most detail first. */
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type ApplicationLogLevel = (typeof APPLICATION_LOG_LEVELS)[number];

/** Most detail first. */
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];

export const DEFAULT_LOG_FORMAT: LoggingFormat = 'Text';
export const DEFAULT_APPLICATION_LOG_LEVEL: ApplicationLogLevel = 'INFO';
export const DEFAULT_SYSTEM_LOG_LEVEL: SystemLogLevel = 'INFO';

export const LOG_GROUP_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
export const LOG_GROUP_MAX_CHARS = 512;
const LOG_GROUP_RE = new RegExp(`^${LOG_GROUP_PATTERN}$`);

export function isLoggingFormat(v: unknown): v is LoggingFormat {
  return typeof v === 'string' && (LOG_FORMATS as readonly string[]).includes(v);
}

export function isApplicationLogLevel(v: unknown): v is ApplicationLogLevel {
  return typeof v === 'string' && (APPLICATION_LOG_LEVELS as readonly string[]).includes(v);
}

export function isSystemLogLevel(v: unknown): v is SystemLogLevel {
  return typeof v === 'string' && (SYSTEM_LOG_LEVELS as readonly string[]).includes(v);
}

export function isLogGroupName(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= LOG_GROUP_MAX_CHARS && LOG_GROUP_RE.test(v);
}

/**
 * The level Lambda gives each platform record, as the log-level page's
 * "event mapping for system log level" assigns it: a phase that did not
 * succeed is WARN; the runtime-done records of a phase that did are DEBUG; an
 * on-demand init's report is DEBUG (the init shows in the invocation's
 * initDurationMs), a provisioned or SnapStart one INFO; an initStart without
 * a runtime version DEBUG; start, report, restoreStart and restoreReport INFO.
 */
export function systemLogLevelOf(r: PlatformRecord): SystemLogLevel {
  switch (r.kind) {
    case 'initRuntimeDone':
    case 'runtimeDone':
    case 'restoreRuntimeDone':
      return r.status === 'success' ? 'DEBUG' : 'WARN';
    case 'initReport':
      if (r.status !== 'success') return 'WARN';
      return r.initializationType === 'on-demand' ? 'DEBUG' : 'INFO';
    case 'report':
    case 'restoreReport':
      return r.status === 'success' ? 'INFO' : 'WARN';
    case 'initStart':
      return r.runtimeVersion === undefined ? 'DEBUG' : 'INFO';
    default:
      return 'INFO';
  }
}

/** Whether a function whose SystemLogLevel is `level` gets record `r` in its log. */
export function keepsSystemRecord(level: SystemLogLevel, r: PlatformRecord): boolean {
  return SYSTEM_LOG_LEVELS.indexOf(systemLogLevelOf(r)) >= SYSTEM_LOG_LEVELS.indexOf(level);
}

/** Level names runtimes print, beyond Lambda's own (Python's logging module says WARNING and CRITICAL). */
const LEVEL_ALIASES: Readonly<Record<string, ApplicationLogLevel>> = { WARNING: 'WARN', CRITICAL: 'FATAL' };

/**
 * The level of one line of application output, as Lambda reads it: a JSON
 * object's "level" (any case); a line without one, or with one Lambda does
 * not know, is INFO.
 */
export function applicationLogLevelOf(line: string): ApplicationLogLevel {
  // Only an object can carry a level: most lines are rejected on their first character.
  if (line.charCodeAt(0) !== 0x7b /* { */) return 'INFO';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return 'INFO';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'INFO';
  const o = parsed as Record<string, unknown>;
  // AWS's Python runtime writes its own error record with `log_level` (Lambda
  // learns that record's level from the runtime's log frame, which stdout lacks).
  const level = o['level'] ?? o['log_level'];
  if (typeof level !== 'string') return 'INFO';
  const upper = level.toUpperCase();
  if (isApplicationLogLevel(upper)) return upper;
  return LEVEL_ALIASES[upper] ?? 'INFO';
}

/** Whether a function whose ApplicationLogLevel is `level` gets this line of its output in its log. */
export function keepsApplicationLine(level: ApplicationLogLevel, line: string): boolean {
  return APPLICATION_LOG_LEVELS.indexOf(applicationLogLevelOf(line)) >= APPLICATION_LOG_LEVELS.indexOf(level);
}

/**
 * A function's logging settings as they hold: the levels are there exactly
 * when the format is JSON; no log group means Lambda's default,
 * /aws/lambda/<function name>.
 */
export interface LoggingSettings {
  readonly logFormat: LoggingFormat;
  readonly applicationLogLevel?: ApplicationLogLevel;
  readonly systemLogLevel?: SystemLogLevel;
  readonly logGroup?: string;
}

export const DEFAULT_LOGGING: LoggingSettings = Object.freeze({ logFormat: DEFAULT_LOG_FORMAT });

/** The settings with the JSON format's default levels filled in, and none left on the Text format. */
export function normalizeLogging(s: LoggingSettings): LoggingSettings {
  const group = s.logGroup === undefined ? {} : { logGroup: s.logGroup };
  if (s.logFormat === 'Text') return { logFormat: 'Text', ...group };
  return {
    logFormat: 'JSON',
    applicationLogLevel: s.applicationLogLevel ?? DEFAULT_APPLICATION_LOG_LEVEL,
    systemLogLevel: s.systemLogLevel ?? DEFAULT_SYSTEM_LOG_LEVEL,
    ...group,
  };
}
