// One row per invocation attempt: the single record type that flows from the
// run to every sink (CSV, histograms, progress, cost). Column names and order
// are the contract of docs/result-files.md.

import type { Architecture } from '../lambda/architectures';

export type Status = 'ok' | 'function_error' | 'throttled' | 'timeout' | 'error';
export type StartType = 'cold' | 'warm' | 'unknown';

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
  /** undefined when no REPORT line tells (start type unknown). */
  readonly cold: boolean | undefined;
  readonly init_ms: number | undefined;
  readonly duration_ms: number | undefined;
  readonly billed_ms: number | undefined;
  readonly max_memory_mb: number | undefined;
  readonly status: Status;
  readonly error_type: string | undefined;
  readonly request_id: string | undefined;
  readonly cost_usd: number | undefined;
}

export const INVOCATION_COLUMNS = [
  'run_id', 'scenario', 'phase', 'target', 'function', 'qualifier', 'memory_mb',
  'architecture', 'seq', 'started_at', 'client_ms', 'cold', 'init_ms',
  'duration_ms', 'billed_ms', 'max_memory_mb', 'status', 'error_type',
  'request_id', 'cost_usd',
] as const satisfies readonly (keyof InvocationRow)[];

export const SUMMARY_COLUMNS = [
  'run_id', 'scenario', 'phase', 'function', 'memory_mb', 'architecture',
  'start_type', 'count', 'errors', 'client_p50_ms', 'client_p90_ms',
  'client_p99_ms', 'client_max_ms', 'client_mean_ms', 'init_p50_ms',
  'init_p99_ms', 'duration_p50_ms', 'duration_p99_ms', 'billed_mean_ms',
  'max_memory_mb', 'cost_per_invocation_usd', 'cost_per_million_usd',
  'total_cost_usd',
] as const;

export function startType(row: Pick<InvocationRow, 'cold'>): StartType {
  return row.cold === undefined ? 'unknown' : row.cold ? 'cold' : 'warm';
}
