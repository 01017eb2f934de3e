// The platform's own lines and documents, worded as Lambda words them.

import { randomBytes } from 'node:crypto';
import { PlatformErrorType } from '../../lambda/errors';

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`, as Lambda names an environment's stream. */
export function logStreamName(version: string, now: Date = new Date()): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${randomBytes(16).toString('hex')}`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Only on an environment's first invocation. */
  readonly initDurationMs?: number;
  /** 'timeout' or 'error' when the invocation did not end normally. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/**
 * Billed Duration, Lambda's rule for on-demand functions since August 2025:
 * rounded up to the next millisecond, the init phase included on a cold start.
 */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined): number {
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}

export function reportLine(r: ReportFields): string {
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${billedDurationMs(r.durationMs, r.initDurationMs)} ms\t` +
    `Memory Size: ${r.memorySizeMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB\t`;
  if (r.initDurationMs !== undefined) line += `Init Duration: ${r.initDurationMs.toFixed(2)} ms\t`;
  if (r.status !== undefined) {
    line += `Status: ${r.status}`;
    if (r.errorType !== undefined) line += `\tError Type: ${r.errorType}`;
  }
  return line;
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
