// Names of the result folder's files (docs/result-files.md) and the
// small file helpers every writer of them shares.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const RESULT_FILES = {
  invocations: 'invocations.csv',
  summary: 'summary.csv',
  histograms: 'histograms',
  report: 'report.html',
  run: 'run.json',
  logs: 'logs',
} as const;

/** Readers never see half a file: write beside it, then rename over it. */
export function writeFileAtomicSync(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text, 'utf8');
  fs.renameSync(tmp, file);
}
