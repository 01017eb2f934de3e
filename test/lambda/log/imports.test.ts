// src/lambda/log and src/lambda/billing.ts stand below both halves of the
// project: they import nothing of it but each other.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const LAMBDA = path.join(__dirname, '..', '..', '..', 'src', 'lambda');

/** Every module named after `from '` in a file (its imports and re-exports, on one line or several). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (let at = text.indexOf("from '"); at >= 0; at = text.indexOf("from '", at + 6)) {
    out.push(text.slice(at + 6, text.indexOf("'", at + 6)));
  }
  return out;
}

describe('src/lambda/log', () => {
  it('imports only its own files and Node', () => {
    const files = [path.join(LAMBDA, 'billing.ts'), ...fs.readdirSync(path.join(LAMBDA, 'log')).map((f) => path.join(LAMBDA, 'log', f))];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        expect(spec.startsWith('./') || spec.startsWith('node:'), `${path.relative(LAMBDA, file)} imports ${spec}`).toBe(true);
      }
    }
    expect(importsOf(path.join(LAMBDA, 'log', 'text.ts'))).toEqual(['./records', './text-fields']);
  });
});
