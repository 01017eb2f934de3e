// The result folder's one entry point for a run: rows go in as they are
// measured (streamed to invocations.csv, folded into histograms), and at the
// end the summary, histograms, run.json and report.html come out.
//
//   const out = ResultWriter.open(dir, meta);
//   out.write(row);                       // per invocation, synchronous, cheap
//   const summary = await out.finish(end);
//
// On SIGINT/SIGTERM call `finishSync({ interrupted: true, … })` (or at least
// `flushSync()`): every row written so far is then on disk as valid CSV.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SummaryAccumulator, type GroupStats, type RunTotals } from '../measure/histograms';
import { INVOCATION_COLUMNS, type InvocationRow } from '../measure/row';
import { BatchedCsvFile } from './csv-file';
import { writeDerivedFiles } from './derived';
import { RESULT_FILES, writeFileAtomicSync } from './files';
import type { ReportContext } from './html';
import { ReportSamples, type ErrorTally } from './html/samples';
import { FailureLogs } from './logs';
import { fillInvocationCells } from './invocation-cells';
import { extraSections, runJson, type RunJson } from './run-json';
import type { SummaryRow } from './summary';
import { percentilesSection } from './summary-confidence';
import type { RunEnd, RunMeta } from './types';

export interface RunSummary {
  readonly dir: string;
  /** summary.csv's rows, in file order. */
  readonly rows: readonly SummaryRow[];
  readonly totals: RunTotals;
  readonly totalCostUsd: number | undefined;
  readonly interrupted: boolean;
  /** Failures by phase × memory × status × error type, with sample messages (for the end-of-run lines). */
  readonly errors: readonly ErrorTally[];
  /** Files written to logs/ (failed invocations' log tails). */
  readonly logFiles: number;
}

export interface ResultWriterOptions {
  /** invocations.csv already created (exclusively) by the run's folder claim, open for writing. */
  readonly csvFd?: number;
}

export class ResultWriter {
  private readonly csv: BatchedCsvFile;
  private readonly acc = new SummaryAccumulator();
  /** What report.html needs of single rows (time points, idle gaps, errors); bounded. */
  private readonly samples = new ReportSamples();
  private result: RunSummary | undefined;
  private readonly logs: FailureLogs;
  private late = 0;

  private constructor(
    readonly dir: string,
    private readonly meta: RunMeta,
    opts: ResultWriterOptions,
  ) {
    fs.mkdirSync(path.join(dir, RESULT_FILES.histograms), { recursive: true });
    this.logs = new FailureLogs(dir);
    writeRunJsonFile(dir, runJson(meta, undefined, undefined));
    this.csv = new BatchedCsvFile(opts.csvFd ?? path.join(dir, RESULT_FILES.invocations), INVOCATION_COLUMNS, INVOCATION_COLUMNS.length);
  }

  /** Creates the folder, run.json (status "running") and invocations.csv with its header. */
  static open(dir: string, meta: RunMeta, opts: ResultWriterOptions = {}): ResultWriter {
    return new ResultWriter(dir, meta, opts);
  }

  /**
   * Records one invocation. Rows arriving after finish (an attempt that
   * completes while an interrupted run is shutting down) are only counted
   * (`lateRows`): the files are sealed by then.
   */
  write(row: InvocationRow, attempt?: { readonly logTail?: string | undefined }): void {
    if (this.result || this.csv.closed) {
      this.late++;
      return;
    }
    const record = this.csv.nextRecord();
    fillInvocationCells(row, record);
    this.acc.add(row);
    // The message as the CSV holds it (cut short there), so the page matches the one rebuilt from the file.
    this.samples.add(row, MESSAGE_CELL >= 0 ? record[MESSAGE_CELL] : undefined);
    this.logs.add(row, attempt?.logTail);
  }

  /** Puts every row written so far on disk; safe in a signal handler. */
  flushSync(): void {
    this.csv.flushSync();
  }

  get lateRows(): number {
    return this.late;
  }

  /** The per-group accumulators so far (phase × memory × start type), for readers that judge them before finish. */
  groups(): readonly GroupStats[] {
    return this.acc.groups();
  }

  finish(end: RunEnd): Promise<RunSummary> {
    try {
      return Promise.resolve(this.finishSync(end));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Synchronous finish for interrupt and crash paths. A second call returns the first result. */
  finishSync(end: RunEnd): RunSummary {
    if (this.result) return this.result;
    this.csv.closeSync();
    const totals = this.acc.totals();
    const doc = runJson(this.meta, end, totals);
    const rows = writeDerivedFiles(this.dir, this.acc, this.context(end, doc));
    this.result = {
      dir: this.dir,
      rows,
      totals,
      totalCostUsd: totals.costUsd,
      interrupted: end.interrupted,
      errors: this.samples.errorTallies(),
      logFiles: this.logs.filesWritten,
    };
    writeRunJsonFile(this.dir, { ...doc, percentiles: percentilesSection(rows) });
    return this.result;
  }

  private context(end: RunEnd, doc: RunJson): ReportContext {
    const m = this.meta;
    return {
      runId: m.runId,
      scenario: m.scenario,
      targetKind: m.targetKind,
      function: m.function,
      region: m.region,
      startedAt: m.startedAt.toISOString(),
      endedAt: end.endedAt.toISOString(),
      status: doc.status,
      sections: extraSections(doc),
      // As `coldbench report` will read it back from run.json, so both build the same page.
      run: JSON.parse(JSON.stringify(doc)) as Record<string, unknown>,
      samples: this.samples,
    };
  }
}

/** Where invocations.csv keeps error_message; −1 in a version without the column. */
const MESSAGE_CELL = (INVOCATION_COLUMNS as readonly string[]).indexOf('error_message');

function writeRunJsonFile(dir: string, doc: RunJson): void {
  writeFileAtomicSync(path.join(dir, RESULT_FILES.run), JSON.stringify(doc, null, 2) + '\n');
}
