import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord, unguardCell } from '../../src/report/csv-text';

describe('CSV cells', () => {
  it('guard text a spreadsheet would run as a formula (OWASP), and nothing else', () => {
    expect(['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', "'quoted", "'"].map(csvCell)).toEqual([
      "'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "\"'\rx\"", "''quoted", "''",
    ]);
    // Numbers stay numbers, negative ones included; plain text is untouched.
    expect(['-1', '-0.5', '12', '0.00000025', '', 'cold', 'a=b', '$LATEST'].map(csvCell)).toEqual(['-1', '-0.5', '12', '0.00000025', '', 'cold', 'a=b', '$LATEST']);
  });

  it('quote only what RFC 4180 needs, and read back exactly what was written', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("http://x","y")', "'", "''x", '-3', '-x'];
    const text = csvRecord(values);
    expect(text.endsWith('\r\n')).toBe(true);
    const [cells] = parse(text) as string[][];
    expect(cells!.map(unguardCell)).toEqual(values);
  });
});
