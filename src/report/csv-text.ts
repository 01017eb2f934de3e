// The cells of every CSV coldbench writes (docs/result-files.md, "CSV rules"):
// RFC 4180 — comma, CRLF, a cell quoted only when it holds a comma, a quote,
// CR or LF, a quote doubled inside it.
//
// Text a spreadsheet would run as a formula is written so that it does not:
// a cell starting with =, +, -, @, tab or CR gets a leading ' (OWASP, "CSV
// Injection": https://owasp.org/www-community/attacks/CSV_Injection), and so
// does one that already starts with ', so that readers can take exactly one
// ' off (`unguardCell`) and get the value back. Numbers are never touched: a
// cell that is a plain decimal number as coldbench writes numbers (-0.5, 12)
// is a number to a spreadsheet too, not a formula.

const TRIGGER = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The cell as written: guarded against formulas, then quoted when needed. */
export function csvCell(value: string): string {
  let cell = value;
  if (cell.length > 0 && TRIGGER.has(cell[0]!) && !PLAIN_NUMBER.test(cell)) cell = `'${cell}`;
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One record with its CRLF. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]!);
  return line + '\r\n';
}

export function csvText(records: readonly (readonly string[])[]): string {
  let text = '';
  for (const r of records) text += csvRecord(r);
  return text;
}

/** The value a reader gets back from a cell that `csvCell` guarded. */
export function unguardCell(cell: string): string {
  return cell.charCodeAt(0) === 39 /* ' */ ? cell.slice(1) : cell;
}
