import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, pendingRestores, readJournal, type FunctionRef } from '../../src/targets/journal';

const fn: FunctionRef = { function: 'hello', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };
const other: FunctionRef = { function: 'other', region: 'us-east-1' };
const original = { memoryMb: 256, environment: { A: '1' }, description: 'before' };

describe('journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-journal-'));
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes each entry to disk as it is recorded, one JSON object per line', () => {
    const j = Journal.atFile(file);
    j.recordOriginal(fn, original);
    expect(readJournal(file)).toHaveLength(1);
    j.recordChange(fn, { memoryMb: 512 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['original', 'change']);
  });

  it('has nothing pending before any change and after a restore', () => {
    const j = Journal.atFile(file);
    j.recordOriginal(fn, original);
    expect(j.pending()).toEqual([]);
    j.recordChange(fn, { nonce: 'n1' });
    j.recordChange(fn, { memoryMb: 1024 });
    expect(j.pending()).toEqual([{ ref: fn, original, changes: 2 }]);
    j.recordRestored(fn);
    expect(j.pending()).toEqual([]);
    // A fresh reader of the same file agrees.
    expect(Journal.atFile(file).pending()).toEqual([]);
  });

  it('keeps functions apart and restores to the first original since the last restore', () => {
    const j = Journal.atFile(file);
    j.recordOriginal(fn, original);
    j.recordChange(fn, { memoryMb: 512 });
    j.recordOriginal(other, { memoryMb: 128, environment: null, description: '' });
    j.recordChange(other, { nonce: 'x' });
    j.recordRestored(other);
    // A later "original" (read after our own change) must not replace the real one.
    j.recordOriginal(fn, { memoryMb: 512, environment: { A: '1' }, description: 'before' });
    const pending = pendingRestores(readJournal(file));
    expect(pending).toEqual([{ ref: fn, original, changes: 1 }]);
  });

  it('skips a torn last line left by a process killed mid-write', () => {
    const j = Journal.atFile(file);
    j.recordOriginal(fn, original);
    j.recordChange(fn, { memoryMb: 512 });
    fs.appendFileSync(file, '{"v":1,"type":"resto');
    expect(Journal.atFile(file).pending()).toHaveLength(1);
  });

  it('in memory: same bookkeeping, no file', () => {
    const j = Journal.inMemory();
    j.recordOriginal(fn, original);
    j.recordChange(fn, { memoryMb: 512 });
    expect(j.path).toBeUndefined();
    expect(j.pending()).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
