// The harness's view of the platform's report of one invocation: what a row
// needs of it, in either log format. `start.ts` builds it from a log (the
// REPORT / platform.report plus, for a suppressed init, the INIT_REPORT
// before it); this file holds the shape and the one-line reader.

import type { PlatformStatus } from '../lambda/log';
import { classifyReport } from './start';
import { readLine } from '../lambda/log';

/** What the platform's own records say this invocation's start was. `unknown` (no report) is the absence of a ReportLine. */
export type ReportedStart = 'cold' | 'restore' | 'warm';

export interface ReportLine {
  readonly requestId: string;
  readonly startType: ReportedStart;
  readonly durationMs: number;
  readonly billedMs: number;
  readonly memorySizeMb: number;
  /** Absent on Lambda Managed Instances, whose environments run invocations concurrently. */
  readonly maxMemoryUsedMb: number | undefined;
  /**
   * Present only when an init ran for this invocation (a cold start): the
   * report's Init Duration, or for a suppressed init the Init Duration of the
   * INIT_REPORT before it (see start.ts).
   */
  readonly initMs: number | undefined;
  /** Where initMs comes from, when there is one. */
  readonly initFrom?: 'report' | 'initReport';
  /** SnapStart: the report's Restore Duration. */
  readonly restoreMs: number | undefined;
  /** SnapStart: the report's Billed Restore Duration, the seam for pricing a restore (src/cost/). */
  readonly billedRestoreMs: number | undefined;
  /** 'success' unless the report says otherwise (`Status: timeout`, `Status: error`). */
  readonly status: PlatformStatus;
  readonly errorType: string | undefined;
}

export { findReportLine } from './start';

/** One REPORT line or platform.report record on its own (no INIT_REPORT can be seen, so never a suppressed init). */
export function parseReportLine(line: string): ReportLine | undefined {
  const r = readLine(line);
  return r?.kind === 'report' ? classifyReport(r, []) : undefined;
}
