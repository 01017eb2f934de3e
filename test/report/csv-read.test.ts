import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvText } from '../../src/report/csv-file';
import { CsvSyntaxError, readCsvFile } from '../../src/report/csv-read';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(text: string): Promise<{ records: string[][]; lines: number[] }> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const records: string[][] = [];
  const lines: number[] = [];
  await readCsvFile(file, (f, l) => {
    records.push(f);
    lines.push(l);
  });
  return { records, lines };
}

describe('CSV reader', () => {
  it('reads back what the writer wrote: commas, quotes, newlines, non-ASCII', async () => {
    const rows = [['h1', 'h2', 'h3'], ['a,b', 'say "hi"', 'two\nlines'], ['é', '', '1.5']];
    expect((await readAll(csvText(rows))).records).toEqual(rows);
  });

  it('reports the line each record starts on, counting newlines inside quotes', async () => {
    const { records, lines } = await readAll('h1,h2\r\n"a\nb",c\r\nd,e\r\n');
    expect(records).toEqual([['h1', 'h2'], ['a\nb', 'c'], ['d', 'e']]);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('skips a byte order mark and accepts LF line ends and no final newline', async () => {
    expect((await readAll('\ufeffa,b\nc,d')).records).toEqual([['a', 'b'], ['c', 'd']]);
    expect((await readAll('a,,\n')).records).toEqual([['a', '', '']]);
  });

  it('keeps a short last record for the caller to judge', async () => {
    expect((await readAll('a,b,c\r\n1,2')).records).toEqual([['a', 'b', 'c'], ['1', '2']]);
  });

  it('rejects an unterminated quoted field, naming its line', async () => {
    await expect(readAll('a,b\r\n"open,c\r\n')).rejects.toThrow(CsvSyntaxError);
    await expect(readAll('a,b\r\n"open,c\r\n')).rejects.toMatchObject({ line: expect.any(Number) });
  });

  it('streams a large file', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [String(i), `p,${i}`, 'é"x']);
    const { records } = await readAll(csvText(rows));
    expect(records.length).toBe(rows.length);
    expect(records.every((r, i) => r.join('\u0000') === rows[i].join('\u0000'))).toBe(true);
  });
});
