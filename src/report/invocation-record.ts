// invocations.csv back into rows: columns found by header name (so a file
// with extra columns still reads), every cell checked, every error naming the
// file, line and column. Files written before a column was appended lack it:
// such a column is optional here (start_type is then told from `cold`, which
// older versions set from Init Duration alone: cold, warm or unknown).

import { ARCHITECTURES, isArchitecture } from '../lambda/architectures';
import { coldOf, INVOCATION_COLUMNS, isStartType, START_TYPES, type InvocationRow, type StartType, type Status } from '../measure/row';
import { headerIndex } from './csv-read';

type Column = (typeof INVOCATION_COLUMNS)[number];

/** Columns appended after the first version of the file: absent from older results, read when present. */
const APPENDED: readonly Column[] = ['start_type', 'restore_ms', 'host_wait_ms', 'ttfb_ms', 'error_message', 'offset_ms', 'cpu_throttled_ms'];
const REQUIRED = INVOCATION_COLUMNS.filter((c) => !APPENDED.includes(c));

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

const STATUSES: ReadonlySet<string> = new Set<Status>(['ok', 'function_error', 'throttled', 'timeout', 'error']);

export class InvocationRecordParser {
  private readonly index: Record<Column, number>;

  /** Throws RecordError when a column of the contract is missing from the header. */
  constructor(header: readonly string[], private readonly file: string) {
    const { index, missing } = headerIndex(header, INVOCATION_COLUMNS);
    const required = missing.filter((c) => REQUIRED.includes(c));
    if (required.length > 0) {
      throw new RecordError(`${file}:1: not an invocations.csv header; missing column(s) ${required.join(', ')}`);
    }
    this.index = index;
  }

  parse(cells: readonly string[], line: number): InvocationRow {
    // An absent column (index −1) reads as empty.
    const cell = (col: Column): string => cells[this.index[col]] ?? '';
    const fail = (col: Column, what: string): never => {
      throw new RecordError(`${this.file}:${line}: column ${col}: ${what} (got ${JSON.stringify(cell(col))})`);
    };
    const optText = (col: Column): string | undefined => (cell(col) === '' ? undefined : cell(col));
    const optNum = (col: Column): number | undefined => {
      const s = cell(col);
      if (s === '') return undefined;
      const n = Number(s);
      return Number.isFinite(n) ? n : fail(col, 'not a number');
    };
    const num = (col: Column): number => optNum(col) ?? fail(col, 'a number is required');
    const cold = ((): boolean | undefined => {
      const s = cell('cold');
      if (s === '') return undefined;
      if (s === 'true') return true;
      if (s === 'false') return false;
      return fail('cold', 'expected true, false or empty');
    })();
    const start = cell('start_type');
    let startType: StartType;
    if (this.index.start_type < 0) startType = cold === undefined ? 'unknown' : cold ? 'cold' : 'warm';
    else if (isStartType(start)) startType = start;
    else return fail('start_type', `expected one of ${START_TYPES.join(', ')}`);
    if (this.index.start_type >= 0 && cold !== coldOf(startType)) {
      fail('cold', `disagrees with start_type ${startType} (cold is true for cold and restore, false for warm, empty for unknown)`);
    }
    const status = cell('status');
    if (!STATUSES.has(status)) fail('status', `expected one of ${[...STATUSES].join(', ')}`);
    const architecture = cell('architecture');
    if (!isArchitecture(architecture)) return fail('architecture', `expected ${ARCHITECTURES.join(' or ')}`);
    const startedAt = new Date(cell('started_at'));
    if (Number.isNaN(startedAt.getTime())) fail('started_at', 'not an ISO 8601 timestamp');
    return {
      run_id: cell('run_id'),
      scenario: cell('scenario'),
      phase: cell('phase'),
      target: cell('target'),
      function: cell('function'),
      qualifier: optText('qualifier'),
      memory_mb: optNum('memory_mb'),
      architecture,
      seq: num('seq'),
      started_at: startedAt,
      // Empty when the writer had no finite latency; the summary skips it the same way.
      client_ms: optNum('client_ms') ?? Number.NaN,
      cold,
      init_ms: optNum('init_ms'),
      duration_ms: optNum('duration_ms'),
      billed_ms: optNum('billed_ms'),
      max_memory_mb: optNum('max_memory_mb'),
      status: status as Status,
      error_type: optText('error_type'),
      request_id: optText('request_id'),
      cost_usd: optNum('cost_usd'),
      start_type: startType,
      restore_ms: optNum('restore_ms'),
      host_wait_ms: optNum('host_wait_ms'),
      ttfb_ms: optNum('ttfb_ms'),
      error_message: optText('error_message'),
      offset_ms: optNum('offset_ms'),
      cpu_throttled_ms: optNum('cpu_throttled_ms'),
    };
  }
}
