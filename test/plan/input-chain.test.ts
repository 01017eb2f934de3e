// The input chain runs one way: a scenario file is read and checked
// (scenario/), becomes a plan (plan/) whose phases are patterns (patterns/),
// with the field schemas both use below them all (fields/). A folder never
// imports one later in the chain; the CLI sits on top and maps their errors.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..', '..', 'src');

/** Folders of src/ each folder must not import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  fields: ['scenario', 'plan', 'patterns', 'cli'],
  patterns: ['scenario', 'plan', 'cli'],
  scenario: ['plan', 'cli'],
  plan: ['cli'],
};

/** Imports that cross the line today and are on their way out: ARN parsing moves below every folder here. */
const KNOWN: ReadonlySet<string> = new Set(['scenario/load.ts -> plan/arn.ts']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic), as paths under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.[^']*)'/gm)].map((m) => m[1]!);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
}

function crossings(folder: string): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(path.join(SRC, folder))) {
    const from = path.relative(SRC, file).split(path.sep).join('/');
    for (const to of importsOf(file)) {
      const top = to.split('/')[0]!;
      if (FORBIDDEN[folder]!.includes(top) && !KNOWN.has(`${from} -> ${to}.ts`)) out.push(`${from} -> ${to}`);
    }
  }
  return out;
}

describe('the input chain imports one way', () => {
  for (const folder of Object.keys(FORBIDDEN)) {
    it(`${folder}/ imports nothing of ${FORBIDDEN[folder]!.join(', ')}`, () => {
      expect(crossings(folder)).toEqual([]);
    });
  }

  it('sees an import when there is one', () => {
    expect(importsOf(path.join(SRC, 'plan', 'build.ts'))).toContain('scenario/types');
    expect(importsOf(path.join(SRC, 'cli', 'errors.ts'))).toContain('scenario/errors');
  });
});
