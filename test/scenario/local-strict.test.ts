// `target.strict` of a local target: a boolean, refused with its line
// otherwise, and carried to the local target's spec.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';

const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function scenario(strictLine: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strict-scenario-'));
  dirs.push(dir);
  const file = path.join(dir, 'strict.yaml');
  fs.writeFileSync(file, [
    'name: strict',
    'target:',
    '  kind: local',
    `  code: ${path.join(ROOT, 'scenarios', 'functions', 'hello')}`,
    strictLine,
    'phases:',
    '  - { name: warm, pattern: concurrent, concurrency: 4, count: 8 }',
    '',
  ].join('\n'));
  return file;
}

describe('target.strict (local)', () => {
  it('is carried to the local target when true, absent otherwise', async () => {
    const on = await loadPlan(scenario('  strict: true'));
    expect(on.target.kind === 'local' && on.target.strict).toBe(true);
    const off = await loadPlan(scenario('  strict: false'));
    expect(off.target.kind === 'local' && off.target.strict).toBeUndefined();
  });

  it('refuses anything but a boolean, naming the file, line and field', async () => {
    const file = scenario('  strict: yes please');
    await expect(loadPlan(file)).rejects.toThrow(new RegExp(`${path.basename(file)}:5: target\\.strict: `));
  });
});
