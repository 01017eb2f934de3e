// The cells of every CSV coldbench writes (docs/result-files.md, "CSV rules"):
// RFC 4180 through csv-stringify — comma, CRLF, a cell quoted only when it
// needs it, a quote doubled inside it.
//
// Text a spreadsheet would run as a formula is written so that it does not:
// a cell starting with =, +, -, @, tab or CR gets a leading ' (OWASP, "CSV
// Injection": https://owasp.org/www-community/attacks/CSV_Injection), and so
// does one that already starts with ', so that readers can take exactly one
// ' off (`unguardCell`) and get the value back. Numbers are never touched: a
// cell that is a plain decimal number as coldbench writes numbers (-0.5, 12)
// is a number to a spreadsheet too, not a formula.

import { stringify } from 'csv-stringify/sync';

/**
 * csv-stringify only quotes a cell holding the whole record delimiter, so a
 * bare LF or CR (an error message over several lines) is matched explicitly.
 */
const CSV_OPTIONS = {
  delimiter: ',',
  record_delimiter: 'windows',
  quote: '"',
  escape: '"',
  quoted_match: /[\r\n]/,
} as const;

const TRIGGER = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The value guarded against formulas (not yet quoted). */
export function guardCell(value: string): string {
  return value.length > 0 && TRIGGER.has(value[0]!) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Guards every cell of `records` in place: for the writer's reused batch arrays. */
export function guardRecordsInPlace(records: readonly string[][], count: number): void {
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    for (let j = 0; j < r.length; j++) {
      const c = r[j];
      // Cells a writer left unset are empty to csv-stringify.
      if (typeof c === 'string' && c.length > 0 && TRIGGER.has(c[0]!)) r[j] = guardCell(c);
    }
  }
}

/** Records already guarded, as CSV text (each with its CRLF). */
export function stringifyGuarded(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], CSV_OPTIONS);
}

/** The cell as written: guarded against formulas, then quoted when needed. */
export function csvCell(value: string): string {
  return stringifyGuarded([[guardCell(value)]]).slice(0, -2);
}

/** One record with its CRLF. */
export function csvRecord(cells: readonly string[]): string {
  return stringifyGuarded([cells.map(guardCell)]);
}

export function csvText(records: readonly (readonly string[])[]): string {
  return stringifyGuarded(records.map((r) => r.map(guardCell)));
}

/** The value a reader gets back from a cell that `csvCell` guarded. */
export function unguardCell(cell: string): string {
  return cell.charCodeAt(0) === 39 /* ' */ ? cell.slice(1) : cell;
}
