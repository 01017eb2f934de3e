// The small local scenario the report.html tests run: a memory sweep with
// forced cold starts, a warm sequence, a rate phase and an idle-gaps phase,
// on a handler that fails now and then (html-fixtures/flaky). A few seconds.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeScenario } from '../run/helpers';

export const FLAKY = path.join(__dirname, 'html-fixtures', 'flaky');

export const PHASES = ['cold', 'warm', 'rate', 'gaps'] as const;
export const MEMORY = [128, 512, 1024] as const;

export function writeReportScenario(dir: string, opts: { memory?: readonly number[] } = {}): string {
  return writeScenario(dir, {
    name: 'report-browser',
    target: { kind: 'local', function: 'flaky', code: FLAKY },
    memory: opts.memory ?? MEMORY,
    payload: { sleepMs: 3 },
    phases: [
      { name: 'cold', pattern: 'cold', count: 2 },
      { name: 'warm', pattern: 'sequential', count: 15 },
      { name: 'rate', pattern: 'rate', rate: 40, duration: '1s' },
      { name: 'gaps', pattern: 'idle-gaps', gaps: ['100ms', '400ms'] },
    ],
    budget: { maxInvocations: 500 },
    // The handler fails every seventh call on purpose: the errors section needs them.
    maxErrorRate: 0.5,
  });
}

export function newTempDir(prefix: string, dirs: string[]): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

export function removeAll(dirs: string[]): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
