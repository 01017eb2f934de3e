// The service's platform lines, written with src/lambda/log from what the
// engine measured, and the platform's error documents, worded as Lambda words them.

import { billedDurationMs } from '../../lambda/billing';
import { billedRestoredDurationMs } from '../../lambda/snapstart';
import { logGroupName, logStreamName, type ReportRecord, writeText } from '../../lambda/log';
import { PlatformErrorType } from '../../lambda/errors';
import type { FunctionSnapshot } from './types';

// Lambda's own naming rules, re-exported where the service's engine looks for them.
export { logGroupName, logStreamName };

/** The group a function's environments write to: its LoggingConfig.LogGroup, else /aws/lambda/<name>. */
export function logGroupOf(fn: FunctionSnapshot): string {
  return fn.logging.logGroup ?? logGroupName(fn.name);
}

export function startLine(requestId: string, version: string): string {
  return writeText({ kind: 'start', requestId, version });
}

export function endLine(requestId: string): string {
  return writeText({ kind: 'end', requestId });
}

/** What the service measured of one invocation; the line adds what Lambda derives from it (Billed Duration). */
export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Only on an environment's first invocation. */
  readonly initDurationMs?: number;
  /** Only on the first invocation of an environment restored from a SnapStart snapshot (never with Init Duration). */
  readonly restoreDurationMs?: number;
  readonly billedRestoreDurationMs?: number;
  /** 'timeout' or 'error' when the invocation did not end normally. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/** The platform report of what was measured, for either log format. */
export function reportRecord(r: ReportFields): ReportRecord {
  return {
    kind: 'report',
    requestId: r.requestId,
    metrics: {
      durationMs: r.durationMs,
      billedDurationMs: r.billedRestoreDurationMs !== undefined
        ? billedRestoredDurationMs(r.durationMs, r.billedRestoreDurationMs)
        : billedDurationMs(r.durationMs, r.initDurationMs),
      memorySizeMB: r.memorySizeMb,
      maxMemoryUsedMB: r.maxMemoryUsedMb,
      ...(r.initDurationMs !== undefined ? { initDurationMs: r.initDurationMs } : {}),
      ...(r.restoreDurationMs !== undefined && r.billedRestoreDurationMs !== undefined
        ? { restoreDurationMs: r.restoreDurationMs, billedRestoreDurationMs: r.billedRestoreDurationMs }
        : {}),
    },
    status: r.status ?? 'success',
    ...(r.status !== undefined && r.errorType !== undefined ? { errorType: r.errorType } : {}),
  };
}

export function reportLine(r: ReportFields): string {
  return writeText(reportRecord(r));
}

/** Lambda's error document for failures the platform detects itself. */
export interface PlatformError {
  readonly errorType: string;
  readonly errorMessage: string;
}

export function timeoutError(requestId: string, timeoutSec: number): PlatformError {
  return { errorType: PlatformErrorType.SandboxTimedout, errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSec.toFixed(2)} seconds` };
}

const SIGNAL_WORDS: Readonly<Record<string, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGINT: 'interrupt',
};

/** How Lambda (Go) describes a process end: `exit status 1`, `signal: killed`. */
function exitDescription(code: number | null, signal: string | null): string {
  if (signal !== null) return `signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  return `exit status ${code ?? 0}`;
}

export function exitError(requestId: string, code: number | null, signal: string | null): PlatformError {
  if (signal === null && code === 0) {
    return { errorType: PlatformErrorType.RuntimeExitError, errorMessage: `RequestId: ${requestId} Error: Runtime exited without providing a reason` };
  }
  return {
    errorType: PlatformErrorType.RuntimeExitError,
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${exitDescription(code, signal)}`,
  };
}

export function outOfMemoryError(requestId: string): PlatformError {
  return { errorType: PlatformErrorType.RuntimeOutOfMemory, errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed` };
}

export function launchError(requestId: string, message: string): PlatformError {
  return { errorType: PlatformErrorType.RuntimeInvalidEntrypoint, errorMessage: `RequestId: ${requestId} Error: ${message}` };
}

export function stoppedError(requestId: string): PlatformError {
  return { errorType: PlatformErrorType.RuntimeExitError, errorMessage: `RequestId: ${requestId} Error: the local Lambda service is stopping` };
}
