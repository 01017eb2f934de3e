// logs/ in the result folder: the log tails of the first failed invocations,
// one file each, named by seq and request id, so that a failure can be read
// where it happened (docs/result-files.md). Bounded: a run where every
// invocation fails writes no more than LOG_FILES_KEPT files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InvocationRow } from '../measure/row';
import { RESULT_FILES } from './files';

/** Failed invocations whose log tail is written; the rest are only counted. */
export const LOG_FILES_KEPT = 100;

export class FailureLogs {
  private written = 0;
  private skipped = 0;
  private readonly dir: string;

  constructor(resultDir: string, private readonly limit = LOG_FILES_KEPT) {
    this.dir = path.join(resultDir, RESULT_FILES.logs);
  }

  /** Writes the tail of a failed invocation; a successful one, or one without a tail, writes nothing. */
  add(row: Pick<InvocationRow, 'seq' | 'request_id' | 'status'>, tail: string | undefined): void {
    if (row.status === 'ok' || tail === undefined || tail === '') return;
    if (this.written >= this.limit) {
      this.skipped++;
      return;
    }
    if (this.written === 0) fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, logFileName(row.seq, row.request_id)), tail.endsWith('\n') ? tail : tail + '\n', 'utf8');
    this.written++;
  }

  get filesWritten(): number {
    return this.written;
  }

  /** Failed invocations with a tail that were not written (past the limit). */
  get tailsSkipped(): number {
    return this.skipped;
  }
}

/** `000042-<request id>.log`: seq padded so that files sort in the run's order. */
export function logFileName(seq: number, requestId: string | undefined): string {
  const id = (requestId ?? 'no-request-id').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${String(seq).padStart(6, '0')}-${id}.log`;
}
