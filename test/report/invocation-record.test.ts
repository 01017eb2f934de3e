// invocations.csv read back: the new columns (start_type, restore_ms) cell by
// cell, and files written before they were appended still read, their start
// type told from `cold`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import { csvText } from '../../src/report/csv-file';
import { InvocationRecordParser } from '../../src/report/invocation-record';
import { compareRuns, readRunForCompare } from '../../src/report/compare';
import { readResultDir, rebuildResultDir, ResultDirError } from '../../src/report/rebuild';
import { loadSummary } from '../../src/report/summary-read';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from './rows';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-record-'));
  dirs.push(d);
  return d;
}

const OLD_COLUMNS = INVOCATION_COLUMNS.slice(0, INVOCATION_COLUMNS.indexOf('start_type'));

describe('invocations.csv read back', () => {
  it('parses start_type and restore_ms cell by cell as written', async () => {
    const dir = tempDir();
    const r = rng(3);
    const rows = Array.from({ length: 600 }, (_, i) => makeRow(i, r, { restores: true }));
    expect(new Set(rows.map((row) => row.start_type)).size).toBe(4);
    const w = ResultWriter.open(dir, meta());
    for (const row of rows) w.write(row);
    const written = await w.finish({ endedAt: new Date(), interrupted: false, extra: {} });
    const records = parse(fs.readFileSync(path.join(dir, 'invocations.csv'), 'utf8'), { bom: true }) as string[][];
    const parser = new InvocationRecordParser(records[0]!, 'invocations.csv');
    rows.forEach((row, i) => {
      const back = parser.parse(records[i + 1]!, i + 2);
      expect(back.start_type).toBe(row.start_type);
      expect(back.cold).toBe(row.cold);
      if (row.restore_ms === undefined) expect(back.restore_ms).toBeUndefined();
      else expect(back.restore_ms).toBeCloseTo(row.restore_ms, 3);
      expect(back.init_ms === undefined).toBe(row.init_ms === undefined);
    });
    // The summary rebuilt from the file is the one written during the run, restore rows included.
    const rebuilt = await rebuildResultDir(dir);
    expect(rebuilt.rows).toEqual(written.rows);
    expect(rebuilt.rows.some((r) => r.start_type === 'restore')).toBe(true);
    expect(rebuilt.totals.restore).toBe(rows.filter((r) => r.start_type === 'restore').length);
  });

  it('reads a file written before start_type and restore_ms: the start type comes from cold', async () => {
    const dir = tempDir();
    const line = (seq: number, cold: string, init: string): string[] => [
      'run-0', 'old', 'p', 'aws', 'f', '$LATEST', '128', 'x86_64', String(seq), '2025-06-01T00:00:00.000Z', '12.5', cold, init,
      '2.000', '3', '50', cold === '' ? 'throttled' : 'ok', '', cold === '' ? '' : `id-${seq}`, cold === '' ? '0' : '0.0000002',
    ];
    fs.writeFileSync(path.join(dir, 'invocations.csv'), csvText([[...OLD_COLUMNS], line(1, 'true', '150.000'), line(2, 'false', ''), line(3, 'false', ''), line(4, '', '')]));
    const { acc, warnings } = await readResultDir(dir);
    expect(warnings.some((w) => w.includes('run.json'))).toBe(true);
    const keys = acc.groups().map((g) => `${g.startType}:${g.count}`);
    expect(keys).toEqual(['cold:1', 'warm:2', 'unknown:1', 'all:4']);
    expect(acc.totals()).toMatchObject({ cold: 1, restore: 0, warm: 2, unknown: 1 });

    // compare: the old folder (no summary.csv) against a new one with restores, group by group.
    const newer = tempDir();
    const r = rng(5);
    const w = ResultWriter.open(newer, meta());
    for (let i = 0; i < 300; i++) w.write({ ...makeRow(i, r, { phases: ['p'], memories: [128], restores: true }), run_id: 'run-1' });
    await w.finish({ endedAt: new Date(), interrupted: false, extra: {} });
    const { groups } = compareRuns(await readRunForCompare(dir), await readRunForCompare(newer));
    // The `all` rows pool start types: not compared.
    expect(groups.map((g) => `${g.startType}:${g.a?.count ?? '-'}:${g.b?.count ?? '-'}`)).toEqual([
      'cold:1:' + groups.find((g) => g.startType === 'cold')?.b?.count,
      'warm:2:' + groups.find((g) => g.startType === 'warm')?.b?.count,
      'unknown:1:' + groups.find((g) => g.startType === 'unknown')?.b?.count,
      'restore:-:' + groups.find((g) => g.startType === 'restore')?.b?.count,
    ]);
    expect(groups.find((g) => g.startType === 'restore')?.comparable).toBe(false);
    expect((await loadSummary(dir)).map((x) => x.start_type)).toContain('all');
    expect(groups.find((g) => g.startType === 'restore')?.b?.count).toBeGreaterThan(0);
  });

  it('names file, line and column of a start_type it does not know, or one that cold contradicts', async () => {
    const parser = new InvocationRecordParser([...INVOCATION_COLUMNS], 'x/invocations.csv');
    const cells = (cold: string, start: string): string[] => [
      'r', 's', 'p', 'aws', 'f', '', '128', 'arm64', '1', '2026-01-01T00:00:00.000Z', '1.000', cold, '', '1.000', '1', '40', 'ok', '', 'id', '', start, '',
    ];
    expect(parser.parse(cells('true', 'restore'), 2).start_type).toBe('restore');
    expect(() => parser.parse(cells('true', 'frozen'), 7)).toThrow(/^x\/invocations\.csv:7: column start_type: expected one of cold, restore, warm, unknown \(got "frozen"\)/);
    expect(() => parser.parse(cells('false', 'restore'), 9)).toThrow(/^x\/invocations\.csv:9: column cold: disagrees with start_type restore/);
    // A missing column of the first version is still an error; the appended ones are not.
    expect(() => new InvocationRecordParser(OLD_COLUMNS.filter((c) => c !== 'cold'), 'y.csv')).toThrow(/missing column\(s\) cold$/);
  });

  it('a result folder with an unreadable start_type is refused with the cell named', async () => {
    const dir = tempDir();
    const row = [...INVOCATION_COLUMNS].map(() => '');
    const good = ['r', 's', 'p', 'aws', 'f', '', '128', 'x86_64', '1', '2026-01-01T00:00:00.000Z', '1.000', 'false', '', '1.000', '1', '40', 'ok', '', 'id', '', 'hot', '', '', '', '', '0', ''];
    expect(good.length).toBe(row.length);
    fs.writeFileSync(path.join(dir, 'invocations.csv'), csvText([[...INVOCATION_COLUMNS], good]));
    await expect(readResultDir(dir)).rejects.toThrow(ResultDirError);
    await expect(readResultDir(dir)).rejects.toThrow(/invocations\.csv:2: column start_type/);
  });
});
