// Streams the result CSVs back for `report` and `compare` with csv-parse, in
// constant memory, handing each record over with the line it starts on so
// errors can name it.

import * as fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { unguardCell } from './csv-text';

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** Streams a file's records to `onRecord`; resolves when the file is read. */
export async function readCsvFile(path: string, onRecord: RecordHandler): Promise<void> {
  const parser = fs.createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(
    parse({ bom: true, relax_column_count: true, info: true, skip_empty_lines: true }),
  );
  // A record starts on the line after the one the previous record ended on.
  let nextLine = 1;
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      // Text cells guarded against spreadsheet formulas ('=…) are read back as written by the run.
      const cells = item.record;
      for (let i = 0; i < cells.length; i++) if (cells[i]!.charCodeAt(0) === 39) cells[i] = unguardCell(cells[i]!);
      onRecord(cells, nextLine);
      nextLine = item.info.lines + 1;
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const at = typeof err.lines === 'number' ? err.lines : nextLine;
      throw new CsvSyntaxError(err.message.replace(/^(Invalid|Quote Not Closed): /, ''), at);
    }
    throw err;
  }
}

/** Where each contract column sits in a header (found by name, so extra columns are fine), and which are missing. */
export function headerIndex<C extends string>(header: readonly string[], columns: readonly C[]): { readonly index: Record<C, number>; readonly missing: C[] } {
  const index = {} as Record<C, number>;
  const missing: C[] = [];
  for (const col of columns) {
    index[col] = header.indexOf(col);
    if (index[col] < 0) missing.push(col);
  }
  return { index, missing };
}
