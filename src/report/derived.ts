// The files derived from the rows alone — summary.csv, histograms/*.hgrm,
// report.html — written the same way at the end of a run and by
// `coldbench report`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SummaryAccumulator } from '../measure/histograms';
import { csvText } from './csv-file';
import { RESULT_FILES, writeFileAtomicSync } from './files';
import { hgrmFileNames, hgrmText } from './hgrm';
import { reportHtml, type ReportContext } from './html';
import { summaryCells, summaryHeader, summaryRow, type SummaryRow } from './summary';

export function writeDerivedFiles(dir: string, acc: SummaryAccumulator, context: ReportContext): SummaryRow[] {
  const groups = acc.groups();
  const rows = groups.map(summaryRow);
  writeFileAtomicSync(path.join(dir, RESULT_FILES.summary), csvText([summaryHeader(), ...rows.map(summaryCells)]));

  const histDir = path.join(dir, RESULT_FILES.histograms);
  fs.mkdirSync(histDir, { recursive: true });
  // A rebuild may name groups differently from an older version: leave no stale file behind.
  for (const old of fs.readdirSync(histDir)) {
    if (old.endsWith('.hgrm')) fs.rmSync(path.join(histDir, old), { force: true });
  }
  const names = hgrmFileNames(groups);
  groups.forEach((g, i) => fs.writeFileSync(path.join(histDir, names[i]), hgrmText(g), 'utf8'));

  writeFileAtomicSync(path.join(dir, RESULT_FILES.report), reportHtml(context, groups, rows, acc.totals()));
  return rows;
}
