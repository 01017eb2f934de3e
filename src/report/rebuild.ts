// Reading a result folder back: invocations.csv streamed through the same
// accumulators the run used (so the summary comes out identical), run.json
// for the page's facts. Used by `coldbench report` and `coldbench compare`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SummaryAccumulator, type RunTotals } from '../measure/histograms';
import type { InvocationRow } from '../measure/row';
import { CsvSyntaxError, readCsvFile } from './csv-read';
import { writeDerivedFiles } from './derived';
import { RESULT_FILES } from './files';
import type { ReportContext } from './html';
import { ReportSamples, type ErrorTally } from './html/samples';
import { InvocationRecordParser, RecordError } from './invocation-record';
import { extraSections } from './run-json';
import type { SummaryRow } from './summary';

/** A folder that is not a readable coldbench result: the message says which file and why. */
export class ResultDirError extends Error {
  override readonly name = 'ResultDirError';
}

export interface ResultDirContents {
  readonly acc: SummaryAccumulator;
  readonly context: ReportContext;
  /** Things the reader forgave, e.g. a last line cut short by a killed run. */
  readonly warnings: readonly string[];
}

export interface RebuildResult {
  readonly dir: string;
  readonly rows: readonly SummaryRow[];
  readonly totals: RunTotals;
  readonly totalCostUsd: number | undefined;
  readonly warnings: readonly string[];
  /** Failures by type with sample messages, as the end of a run names them. */
  readonly errors: readonly ErrorTally[];
}

export function requireResultDir(dir: string): string {
  const abs = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new ResultDirError(`${dir}: no such result folder`);
  }
  if (!stat.isDirectory()) throw new ResultDirError(`${dir}: not a folder (expected a coldbench result folder)`);
  return abs;
}

/** Summarizes a result folder without writing to it; `onRow` sees every row read (compare keeps the latencies). */
export async function readResultDir(dir: string, onRow?: (row: InvocationRow) => void): Promise<ResultDirContents> {
  const abs = requireResultDir(dir);
  const csvPath = path.join(abs, RESULT_FILES.invocations);
  if (!fs.existsSync(csvPath)) {
    throw new ResultDirError(`${dir}: not a coldbench result folder (no ${RESULT_FILES.invocations})`);
  }
  const run = readRunJson(path.join(abs, RESULT_FILES.run), dir);
  const acc = new SummaryAccumulator();
  const samples = new ReportSamples();
  const warnings: string[] = [];
  const shown = path.join(dir, RESULT_FILES.invocations);
  let parser: InvocationRecordParser | undefined;
  let width = 0;
  // A record of the wrong width is forgiven only as the file's very last one (a run killed mid-write).
  let short: { line: number; cells: number } | undefined;
  let firstRow: { run_id: string; scenario: string; target: string; function: string } | undefined;
  try {
    await readCsvFile(csvPath, (cells, line) => {
      if (!parser) {
        parser = new InvocationRecordParser(cells, shown);
        width = cells.length;
        return;
      }
      if (short) throw new RecordError(`${shown}:${short.line}: expected ${width} cells, found ${short.cells}`);
      if (cells.length !== width) {
        short = { line, cells: cells.length };
        return;
      }
      const row = parser.parse(cells, line);
      firstRow ??= { run_id: row.run_id, scenario: row.scenario, target: row.target, function: row.function };
      acc.add(row);
      samples.add(row);
      onRow?.(row);
    });
  } catch (err) {
    if (err instanceof RecordError) throw new ResultDirError(err.message);
    if (err instanceof CsvSyntaxError) throw new ResultDirError(`${shown}:${err.line}: ${err.message}`);
    throw err;
  }
  if (!parser) throw new ResultDirError(`${shown}: empty file (not even a header)`);
  if (short) warnings.push(`${shown}:${short.line}: ignored a last line cut short (${short.cells} of ${width} cells)`);
  if (!run) warnings.push(`${path.join(dir, RESULT_FILES.run)}: missing; facts taken from the rows`);

  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const target = (run?.target ?? {}) as Record<string, unknown>;
  const context: ReportContext = {
    runId: str(run?.run_id) ?? firstRow?.run_id ?? path.basename(abs),
    scenario: str(run?.scenario) ?? firstRow?.scenario ?? path.basename(abs),
    targetKind: str(target.kind) ?? firstRow?.target,
    function: str(target.function) ?? firstRow?.function,
    region: str(target.region),
    startedAt: str(run?.started_at),
    endedAt: str(run?.ended_at),
    status: str(run?.status),
    sections: extraSections(run ?? {}),
    ...(run ? { run } : {}),
    samples,
  };
  return { acc, context, warnings };
}

/** Rewrites summary.csv, histograms/ and report.html from invocations.csv (+ run.json). */
export async function rebuildResultDir(dir: string): Promise<RebuildResult> {
  const { acc, context, warnings } = await readResultDir(dir);
  const abs = path.resolve(dir);
  const rows = writeDerivedFiles(abs, acc, context);
  const totals = acc.totals();
  return { dir: abs, rows, totals, totalCostUsd: totals.costUsd, warnings, errors: context.samples?.errorTallies() ?? [] };
}

function readRunJson(file: string, dir: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const doc: unknown = JSON.parse(text);
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch (err) {
    throw new ResultDirError(`${path.join(dir, RESULT_FILES.run)}: not valid JSON (${(err as Error).message})`);
  }
  throw new ResultDirError(`${path.join(dir, RESULT_FILES.run)}: expected a JSON object`);
}
