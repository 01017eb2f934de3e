import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/report/csv-file';
import { CsvRecordReader, CsvSyntaxError, readCsvFile } from '../../src/report/csv-read';
import { rng } from './rows';

function readAll(text: string, chunk: number): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  const reader = new CsvRecordReader((f, l) => {
    records.push(f);
    lines.push(l);
  });
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return { records, lines };
}

const ALPHABET = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '', '1.5'];

describe('CSV reader', () => {
  it('reads back what csv-stringify wrote, whatever the chunking, as csv-parse does', () => {
    const r = rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + Math.floor(r() * 5);
      const rows = Array.from({ length: 1 + Math.floor(r() * 6) }, () =>
        Array.from({ length: width }, () => Array.from({ length: Math.floor(r() * 4) }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('')),
      );
      // A record of one empty cell is an empty line to any CSV reader; keep rows non-empty.
      if (width === 1) rows.forEach((row) => (row[0] ||= 'x'));
      const text = csvText(rows);
      const expected = parse(text) as string[][];
      expect(expected).toEqual(rows);
      for (const chunk of [1, 2, 7, 1000]) expect(readAll(text, chunk).records).toEqual(rows);
    }
  });

  it('reports the line each record starts on, counting newlines inside quotes', () => {
    const { records, lines } = readAll('h1,h2\r\n"a\nb",c\r\nd,e\r\n', 3);
    expect(records).toEqual([['h1', 'h2'], ['a\nb', 'c'], ['d', 'e']]);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('skips a byte order mark and accepts LF line ends and no final newline', () => {
    expect(readAll('\ufeffa,b\nc,d', 4).records).toEqual([['a', 'b'], ['c', 'd']]);
    expect(readAll('a,,\n', 4).records).toEqual([['a', '', '']]);
  });

  it('rejects an unterminated quoted field, naming its line', () => {
    expect(() => readAll('a,b\r\n"open,c\r\n', 5)).toThrow(CsvSyntaxError);
    expect(() => readAll('a,b\r\n"open,c\r\n', 5)).toThrow(/line 2/);
  });

  it('streams a file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-csv-')), 'x.csv');
    try {
      const rows = Array.from({ length: 50_000 }, (_, i) => [String(i), `p,${i}`, 'é"x']);
      fs.writeFileSync(file, csvText(rows));
      let n = 0;
      let wrong = 0;
      await readCsvFile(file, (f) => {
        if (f.join('\u0000') !== rows[n].join('\u0000')) wrong++;
        n++;
      });
      expect(n).toBe(rows.length);
      expect(wrong).toBe(0);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
