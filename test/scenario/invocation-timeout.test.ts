// `target.invocationTimeout` (local and aws): a duration up to Lambda's
// longest timeout plus a minute, carried to the target's spec in ms; anything
// else refused naming the file, line and field.

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

function scenario(targetLines: readonly string[], timeoutLine: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeout-scenario-'));
  dirs.push(dir);
  const file = path.join(dir, 'timeout.yaml');
  fs.writeFileSync(file, ['name: timeout', 'target:', ...targetLines, timeoutLine, 'phases:', '  - { name: warm, pattern: sequential, count: 2 }', ''].join('\n'));
  return file;
}

const LOCAL = ['  kind: local', `  code: ${path.join(ROOT, 'scenarios', 'functions', 'hello')}`];
const AWS = ['  kind: aws', '  function: my-fn', '  region: eu-west-1'];

describe('target.invocationTimeout', () => {
  it('is carried to the local and the aws target in milliseconds', async () => {
    const local = await loadPlan(scenario(LOCAL, '  invocationTimeout: 2s'));
    expect(local.target.kind === 'local' && local.target.invocationTimeoutMs).toBe(2000);
    const aws = await loadPlan(scenario(AWS, '  invocationTimeout: 500ms'));
    expect(aws.target.kind === 'aws' && aws.target.invocationTimeoutMs).toBe(500);
    expect(aws.target).not.toHaveProperty('invocationTimeout');
  });

  it.each([
    ['beyond 960 s', '  invocationTimeout: 961s', /must be at most 16m \(got "961s"\)/],
    ['zero', '  invocationTimeout: 0s', /longer than zero/],
    ['not a duration', '  invocationTimeout: soon', /.+/],
  ])('refuses %s, naming the file, line and field', async (_what, line, message) => {
    const file = scenario(AWS, line);
    const err = await loadPlan(file).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(new RegExp(`${path.basename(file)}:6: target\\.invocationTimeout: `));
    expect(err?.message).toMatch(message);
  });
});
