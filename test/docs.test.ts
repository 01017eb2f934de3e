// docs/ is the contract users read; these checks keep it in step with the
// code that writes the files and serves the API, so that a new column, exit
// code or operation cannot land without its line in the docs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/errors';
import { INVOCATION_COLUMNS, SUMMARY_COLUMNS } from '../src/measure/row';

const ROOT = path.join(__dirname, '..');
const doc = (name: string): string => fs.readFileSync(path.join(ROOT, 'docs', name), 'utf8');

/** The backquoted names in the first column of a markdown table's rows, in order, within one section. */
function tableColumn(text: string, heading: string): string[] {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| \d+ \| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/', () => {
  it('result-files.md lists every column invocations.csv and summary.csv are written with, in order, before the reserved ones', () => {
    const text = doc('result-files.md');
    expect(tableColumn(text, '`invocations.csv`').slice(0, INVOCATION_COLUMNS.length)).toEqual([...INVOCATION_COLUMNS]);
    expect(tableColumn(text, '`summary.csv`').slice(0, SUMMARY_COLUMNS.length)).toEqual([...SUMMARY_COLUMNS]);
  });

  it('exit-codes.md has a row for every exit code', () => {
    const codes = [...doc('exit-codes.md').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes.sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });

  it('local-service.md names every operation the router serves', () => {
    const router = fs.readFileSync(path.join(ROOT, 'src', 'stub', 'api', 'router.ts'), 'utf8');
    const operations = [...router.matchAll(/\['([A-Z][A-Za-z]+)', /g)].map((m) => m[1]!);
    expect(operations.length).toBeGreaterThan(20);
    const text = doc('local-service.md');
    for (const op of operations) expect(text, op).toMatch(new RegExp(`^\\| ${op}\\b`, 'm'));
  });

  it('every page README.md and docs/README.md link to exists', () => {
    for (const file of ['README.md', path.join('docs', 'README.md')]) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(((?:docs\/)?[a-z-]+\.md)\)/g)) {
        expect(fs.existsSync(path.join(ROOT, path.dirname(file), target!)), `${file} → ${target}`).toBe(true);
      }
    }
  });

  it('no source file cites a file outside the repository', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|js|cjs|py)$/.test(e.name) && /DESIGN\.md|shared\/DESIGN/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(ROOT, p));
      }
    };
    for (const dir of ['src', 'bench']) walk(path.join(ROOT, dir));
    expect(offenders).toEqual([]);
  });
});
