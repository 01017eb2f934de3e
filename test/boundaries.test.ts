// The folders' boundaries, checked on every import of every .ts file under
// src/: src/lambda/ (Lambda's vocabulary) imports nothing else of the project;
// src/stub/ (the local service) stands on src/lambda/ alone; everything else
// (the harness) enters the service only through src/stub/index.ts; and the
// input chain runs one way: a scenario file is read and checked (scenario/),
// becomes a plan (plan/) whose phases are patterns (patterns/), with the field
// schemas both use below them all (fields/) — a folder never imports one later
// in the chain, and the CLI sits on top.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

interface SourceFile {
  /** Relative to the repository, with forward slashes: 'src/targets/local.ts'. */
  readonly file: string;
  readonly source: string;
}

const inside = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);

/** Folders of the input chain, each with the folders it must not import. */
const CHAIN: Readonly<Record<string, readonly string[]>> = {
  'src/fields': ['src/scenario', 'src/plan', 'src/patterns', 'src/cli'],
  'src/patterns': ['src/scenario', 'src/plan', 'src/cli'],
  'src/scenario': ['src/plan', 'src/cli'],
  'src/plan': ['src/cli'],
};

/** The project path an import names, without extension; undefined for a package or built-in. */
function target(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.posix.join(path.posix.dirname(file), specifier).replace(/\.(ts|js)$/, '');
}

/** Why this import crosses a boundary, or undefined when it may be made. */
function refusal(file: string, specifier: string): string | undefined {
  const to = target(file, specifier);
  if (inside(file, 'src/lambda')) {
    if (to === undefined ? !specifier.startsWith('node:') : !inside(to, 'src/lambda')) {
      return 'src/lambda/ may import only src/lambda/ and node: built-ins';
    }
    return undefined;
  }
  if (to === undefined) return undefined;
  if (inside(file, 'src/stub')) {
    return inside(to, 'src/stub') || inside(to, 'src/lambda') ? undefined : 'src/stub/ may import only src/stub/ and src/lambda/';
  }
  const frontDoor = to === 'src/stub' || to === 'src/stub/index';
  if (inside(to, 'src/stub') && !frontDoor) return 'outside src/stub/, import the local service only through src/stub/index.ts';
  for (const [folder, later] of Object.entries(CHAIN)) {
    if (inside(file, folder) && later.some((dir) => inside(to, dir))) return `the input chain runs one way: ${folder}/ may not import ${later.join(', ')}`;
  }
  return undefined;
}

/** One line per import that crosses a boundary: file:line, the import, and the rule. */
function violations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const { file, source } of files) {
    // Static imports and exports, import() and require(), never text in comments or strings.
    for (const imported of ts.preProcessFile(source, true, true).importedFiles) {
      const why = refusal(file, imported.fileName);
      if (why === undefined) continue;
      const line = source.slice(0, imported.pos).split('\n').length;
      out.push(`${file}:${line}: '${imported.fileName}' (${why})`);
    }
  }
  return out;
}

function sourcesUnder(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourcesUnder(rel));
    else if (entry.name.endsWith('.ts')) files.push({ file: rel, source: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
  }
  return files;
}

describe('folder boundaries', () => {
  it('hold for every import under src/', () => {
    const files = sourcesUnder('src');
    // A guard against a walk that finds nothing and passes trivially.
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(['src/stub/index.ts', 'src/lambda/index.ts', 'src/targets/local.ts']));
    expect(violations(files)).toEqual([]);
  });

  it('refuse each kind of crossing, naming the file, line and import', () => {
    const files: SourceFile[] = [
      { file: 'src/targets/local.ts', source: "import { LocalLambda } from '../stub';\nimport { x } from '../stub/service';\n" },
      { file: 'src/cli/commands/stub.ts', source: "import { LocalLambda } from '../../stub/index';\nconst y = require('../../stub/engine/types');\n" },
      { file: 'src/stub/api/invoke.ts', source: "import { ApiError } from '../../lambda/errors';\nimport type { Plan } from '../../plan/types';\nimport { z } from 'zod';\n" },
      { file: 'src/lambda/names.ts', source: "import { a } from './limits';\nimport * as os from 'node:os';\nexport { b } from '../stub';\nimport { z } from 'zod';\n" },
      { file: 'src/scenario/load.ts', source: "import type { Plan } from '../plan/types';\nimport { durationMs } from '../fields/duration';\n" },
      { file: 'src/patterns/rate.ts', source: "import { durationMs } from '../fields/duration';\nimport { DEFAULTS } from '../scenario/schema';\n" },
    ];
    expect(violations(files)).toEqual([
      "src/targets/local.ts:2: '../stub/service' (outside src/stub/, import the local service only through src/stub/index.ts)",
      "src/cli/commands/stub.ts:2: '../../stub/engine/types' (outside src/stub/, import the local service only through src/stub/index.ts)",
      "src/stub/api/invoke.ts:2: '../../plan/types' (src/stub/ may import only src/stub/ and src/lambda/)",
      "src/lambda/names.ts:3: '../stub' (src/lambda/ may import only src/lambda/ and node: built-ins)",
      "src/lambda/names.ts:4: 'zod' (src/lambda/ may import only src/lambda/ and node: built-ins)",
      "src/scenario/load.ts:1: '../plan/types' (the input chain runs one way: src/scenario/ may not import src/plan, src/cli)",
      "src/patterns/rate.ts:2: '../scenario/schema' (the input chain runs one way: src/patterns/ may not import src/scenario, src/plan, src/cli)",
    ]);
  });
});
