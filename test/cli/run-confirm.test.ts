// On a terminal, a run against the aws target asks before invoking anything
// (unless --yes), and shows a progress bar. `script` gives the child a
// pseudo-terminal; the answer is typed into it.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda } from '../../src/stub/service';
import { BIN, DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS, readCsv, tempDir, writeScenario } from '../run/helpers';

const hasScript = fs.existsSync('/usr/bin/script');

function onTerminal(args: readonly string[], typed: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...DUMMY_AWS_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString('utf8'); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString('utf8'); });
  child.stdin.write(typed);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!hasScript)('coldbench run on a terminal, aws target', () => {
  let service: LocalLambda;
  let scenario: string;
  const dir = tempDir('coldbench-confirm-');

  beforeAll(async () => {
    service = new LocalLambda({ functions: [{ name: 'hello', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello') }], host: '127.0.0.1', port: 0 });
    const endpoint = await service.start();
    scenario = writeScenario(dir, {
      name: 'confirm',
      target: { kind: 'aws', function: 'hello', region: 'us-east-1', endpoint },
      phases: [{ name: 'warm', pattern: 'sequential', count: 30 }],
    });
  });
  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks, and "n" invokes nothing', async () => {
    const out = path.join(dir, 'no');
    const res = await onTerminal(['run', scenario, '--out', out], 'n\n');
    expect(res.output).toMatch(/About to invoke hello in us-east-1 about 30 times/);
    expect(res.output).toMatch(/Continue\? \[y\/N\]/);
    expect(res.output).toMatch(/cancelled; nothing was invoked/);
    expect(res.code).toBe(0);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('asks, and "y" runs with a progress bar', async () => {
    const out = path.join(dir, 'yes');
    const res = await onTerminal(['run', scenario, '--out', out], 'y\n');
    expect(res.code).toBe(0);
    expect(res.output).toMatch(/\d+\/30 invocations/);
    expect(readCsv(path.join(out, 'invocations.csv'))).toHaveLength(30);
  });
});
