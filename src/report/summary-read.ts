// summary.csv back into SummaryRows (for `compare`), columns by header name.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUMMARY_COLUMNS } from '../measure/row';
import { SUMMARY_START_TYPES, type SummaryStartType } from '../measure/histograms';
import { CsvSyntaxError, headerIndex, readCsvFile } from './csv-read';
import { RESULT_FILES } from './files';
import { readResultDir, requireResultDir, ResultDirError } from './rebuild';
import { summaryRows, type SummaryRow } from './summary';

type Column = (typeof SUMMARY_COLUMNS)[number];

/** Columns appended after the first version of summary.csv. */
const APPENDED: readonly Column[] = [
  'client_p50_low_ms', 'client_p50_high_ms', 'client_p90_low_ms', 'client_p90_high_ms', 'client_p99_low_ms', 'client_p99_high_ms',
];

export async function readSummaryCsv(file: string, shown = file): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  let index: Record<Column, number> | undefined;
  try {
    await readCsvFile(file, (cells, line) => {
      if (!index) {
        const found = headerIndex(cells, SUMMARY_COLUMNS);
        // Files written before the confidence bounds were appended lack them: those read as unknown.
        const missing = found.missing.filter((c) => !APPENDED.includes(c));
        if (missing.length > 0) throw new ResultDirError(`${shown}:1: not a summary.csv header; missing ${missing.join(', ')}`);
        index = found.index;
        return;
      }
      const at = index;
      const cell = (c: Column): string => cells[at[c]] ?? '';
      const opt = (c: Column): number | undefined => {
        const s = cell(c);
        if (s === '') return undefined;
        const n = Number(s);
        if (!Number.isFinite(n)) throw new ResultDirError(`${shown}:${line}: column ${c}: not a number (got ${JSON.stringify(s)})`);
        return n;
      };
      const start = cell('start_type');
      if (!(SUMMARY_START_TYPES as readonly string[]).includes(start)) {
        throw new ResultDirError(`${shown}:${line}: column start_type: expected one of ${SUMMARY_START_TYPES.join(', ')} (got ${JSON.stringify(start)})`);
      }
      rows.push({
        run_id: cell('run_id'),
        scenario: cell('scenario'),
        phase: cell('phase'),
        function: cell('function'),
        memory_mb: opt('memory_mb'),
        architecture: cell('architecture'),
        start_type: start as SummaryStartType,
        count: opt('count') ?? 0,
        errors: opt('errors') ?? 0,
        client_p50_ms: opt('client_p50_ms'),
        client_p90_ms: opt('client_p90_ms'),
        client_p99_ms: opt('client_p99_ms'),
        client_max_ms: opt('client_max_ms'),
        client_mean_ms: opt('client_mean_ms'),
        init_p50_ms: opt('init_p50_ms'),
        init_p99_ms: opt('init_p99_ms'),
        duration_p50_ms: opt('duration_p50_ms'),
        duration_p99_ms: opt('duration_p99_ms'),
        billed_mean_ms: opt('billed_mean_ms'),
        max_memory_mb: opt('max_memory_mb'),
        cost_per_invocation_usd: opt('cost_per_invocation_usd'),
        cost_per_million_usd: opt('cost_per_million_usd'),
        total_cost_usd: opt('total_cost_usd'),
        client_p50_low_ms: opt('client_p50_low_ms'),
        client_p50_high_ms: opt('client_p50_high_ms'),
        client_p90_low_ms: opt('client_p90_low_ms'),
        client_p90_high_ms: opt('client_p90_high_ms'),
        client_p99_low_ms: opt('client_p99_low_ms'),
        client_p99_high_ms: opt('client_p99_high_ms'),
      });
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new ResultDirError(`${shown}:${err.line}: ${err.message}`);
    throw err;
  }
  if (!index) throw new ResultDirError(`${shown}: empty file (not even a header)`);
  return rows;
}

/** A folder's summary: summary.csv when there is one, otherwise computed from invocations.csv (nothing is written). */
export async function loadSummary(dir: string): Promise<SummaryRow[]> {
  const abs = requireResultDir(dir);
  const file = path.join(abs, RESULT_FILES.summary);
  if (fs.existsSync(file)) return readSummaryCsv(file, path.join(dir, RESULT_FILES.summary));
  const { acc } = await readResultDir(dir);
  return summaryRows(acc);
}
