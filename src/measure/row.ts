// One row per invocation attempt: the single record type that flows from the
// run to every sink (CSV, histograms, progress, cost). Column names and order
// are the contract of docs/result-files.md.

import type { Architecture } from '../lambda/architectures';

export type Status = 'ok' | 'function_error' | 'throttled' | 'timeout' | 'error';
/**
 * How the invocation started, from the platform's report (src/measure/start.ts):
 * `cold` an init ran for it (Init Duration, or a suppressed init), `restore` a
 * SnapStart restore (Restore Duration), `warm` neither, `unknown` no report.
 */
export type StartType = 'cold' | 'restore' | 'warm' | 'unknown';

export const START_TYPES: readonly StartType[] = ['cold', 'restore', 'warm', 'unknown'];

export function isStartType(s: string): s is StartType {
  return (START_TYPES as readonly string[]).includes(s);
}

export interface InvocationRow {
  readonly run_id: string;
  readonly scenario: string;
  readonly phase: string;
  readonly target: string;
  readonly function: string;
  readonly qualifier: string | undefined;
  readonly memory_mb: number | undefined;
  readonly architecture: Architecture;
  /** 1-based, across the whole run. */
  readonly seq: number;
  /** Wall-clock time the invocation was due (open models) or sent. */
  readonly started_at: Date;
  readonly client_ms: number;
  /** true for a cold start and for a restore (start_type says which); undefined when no report tells (unknown). */
  readonly cold: boolean | undefined;
  readonly init_ms: number | undefined;
  readonly duration_ms: number | undefined;
  readonly billed_ms: number | undefined;
  readonly max_memory_mb: number | undefined;
  readonly status: Status;
  readonly error_type: string | undefined;
  readonly request_id: string | undefined;
  readonly cost_usd: number | undefined;
  // Appended columns, in the contract's order (docs/result-files.md).
  readonly start_type: StartType;
  /** SnapStart: the report's Restore Duration. */
  readonly restore_ms: number | undefined;
  /**
   * Not a column: SnapStart's Billed Restore Duration, carried so that cost
   * (src/cost/) can price a restore. undefined on rows read back from a CSV.
   */
  readonly billed_restore_ms?: number | undefined;
  /**
   * Local runs: time the function was runnable but waiting for a CPU of this
   * machine, from the hand-over to the result, its CPU quota's throttling
   * apart (that is cpu_throttled_ms). Empty on real Lambda.
   */
  readonly host_wait_ms?: number | undefined;
  /** Response streaming: time to the first byte. Not measured yet: always empty. */
  readonly ttfb_ms?: number | undefined;
  /** The error's message, at most ERROR_MESSAGE_MAX characters; undefined when ok or when nothing said one. */
  readonly error_message?: string | undefined;
  /** Milliseconds from the run's start to started_at, on the same clock: a spreadsheet plots it directly. */
  readonly offset_ms?: number | undefined;
  /** Local runs: time the function's CPU quota (its memory's share of a vCPU) had run out, in the same span as host_wait_ms. Empty on real Lambda. */
  readonly cpu_throttled_ms?: number | undefined;
}

/** error_message keeps the first 200 characters (docs/result-files.md). */
export const ERROR_MESSAGE_MAX = 200;

/** A message cut to ERROR_MESSAGE_MAX characters (by code point, so no surrogate pair is split); undefined stays undefined. */
export function clipErrorMessage(message: string | undefined): string | undefined {
  if (message === undefined || message === '') return undefined;
  if (message.length <= ERROR_MESSAGE_MAX) return message;
  return Array.from(message).slice(0, ERROR_MESSAGE_MAX).join('');
}

export const INVOCATION_COLUMNS = [
  'run_id', 'scenario', 'phase', 'target', 'function', 'qualifier', 'memory_mb',
  'architecture', 'seq', 'started_at', 'client_ms', 'cold', 'init_ms',
  'duration_ms', 'billed_ms', 'max_memory_mb', 'status', 'error_type',
  'request_id', 'cost_usd', 'start_type', 'restore_ms', 'host_wait_ms',
  'ttfb_ms', 'error_message', 'offset_ms', 'cpu_throttled_ms',
] as const satisfies readonly (keyof InvocationRow)[];

export const SUMMARY_COLUMNS = [
  'run_id', 'scenario', 'phase', 'function', 'memory_mb', 'architecture',
  'start_type', 'count', 'errors', 'client_p50_ms', 'client_p90_ms',
  'client_p99_ms', 'client_max_ms', 'client_mean_ms', 'init_p50_ms',
  'init_p99_ms', 'duration_p50_ms', 'duration_p99_ms', 'billed_mean_ms',
  'max_memory_mb', 'cost_per_invocation_usd', 'cost_per_million_usd',
  'total_cost_usd', 'client_p50_low_ms', 'client_p50_high_ms',
  'client_p90_low_ms', 'client_p90_high_ms', 'client_p99_low_ms',
  'client_p99_high_ms',
] as const;

/** The `cold` column's value for a start type: true for cold and restore, unknown stays unknown. */
export function coldOf(type: StartType): boolean | undefined {
  return type === 'unknown' ? undefined : type !== 'warm';
}
