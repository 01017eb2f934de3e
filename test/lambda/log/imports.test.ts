// src/lambda/log and src/lambda/billing.ts stand below both halves of the
// project: they import nothing of it but each other.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const LAMBDA = path.join(__dirname, '..', '..', '..', 'src', 'lambda');

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(" from '");
    if ((line.startsWith('import ') || line.startsWith('export ')) && at >= 0) out.push(line.slice(at + 7, line.indexOf("'", at + 7)));
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
    expect(importsOf(path.join(LAMBDA, 'log', 'index.ts')).length).toBeGreaterThan(0);
  });
});
