// `coldbench stub` as a user runs it: the built executable as a child
// process, driven by the SDK and by the AWS CLI, stopped with a signal.

import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, invoke, isAlive } from '../stub/service-helpers';
import { coldbench, ensureBuilt, runCommand } from './cli-capture';
import { hasAwsCli, startStubProcess, type StubProcess } from './stub-process';

const root = path.join(__dirname, '..', '..');

/** Starts `coldbench stub` and waits for the endpoint line. */
const startStub = startStubProcess;

/** Runs `coldbench stub` expecting it to exit by itself. */
function runStub(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return coldbench('stub', ...args);
}

let dir: string;

beforeAll(async () => {
  ensureBuilt(path.join('cli', 'commands', 'stub.js'));
  dir = await mkdtemp(path.join(os.tmpdir(), 'stub-cli-test-'));
  await cp(path.join(root, 'scenarios', 'functions', 'hello'), path.join(dir, 'good', 'hello'), { recursive: true });
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const AWS_ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
// The AWS CLI (v1 or v2) is optional on a developer machine; without it there is nothing to check against.
const NO_AWS_CLI = !hasAwsCli();

describe('coldbench stub, running', () => {
  let stub: StubProcess;
  beforeAll(async () => {
    stub = await startStub(['--port', '0', '--functions', path.join(dir, 'good'), '--idle-timeout', '60']);
  });
  afterAll(async () => {
    stub.child.kill('SIGINT');
    expect(await stub.exited).toBe(0);
  });

  it('prints the endpoint and an example AWS CLI line, and serves the SDK', async () => {
    expect(stub.out()).toContain(`aws lambda invoke --endpoint-url ${stub.url} --function-name hello out.json`);
    const client = clientFor(stub.url);
    try {
      const r = await invoke(client, { FunctionName: 'hello', Payload: Buffer.from('{"name":"sdk"}') });
      expect(r.payload.hello).toBe('sdk');
      expect(r.report?.metrics.initDurationMs).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
  });

  it.skipIf(NO_AWS_CLI)('aws lambda invoke works as a new user would run it', async () => {
    const outFile = path.join(dir, 'out.json');
    const stdout = execFileSync('aws', ['lambda', 'invoke', '--endpoint-url', stub.url, '--function-name', 'hello', '--log-type', 'Tail', outFile],
      { env: AWS_ENV, encoding: 'utf8' });
    const meta = JSON.parse(stdout) as { StatusCode: number; ExecutedVersion: string; LogResult: string };
    expect(meta.StatusCode).toBe(200);
    expect(meta.ExecutedVersion).toBe('$LATEST');
    expect(Buffer.from(meta.LogResult, 'base64').toString()).toContain('REPORT RequestId:');
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toMatchObject({ hello: 'world' });
  });

  it.skipIf(NO_AWS_CLI)('the AWS CLI receives the modelled error for an unknown function', async () => {
    const result = await new Promise<{ code: number; err: string }>((resolve) => {
      execFile('aws', ['lambda', 'get-function', '--endpoint-url', stub.url, '--function-name', 'nope'], { env: AWS_ENV },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code) : 0, err: stderr }));
    });
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('ResourceNotFoundException');
    expect(result.err).toContain('Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
  });
});

/** A functions folder under the test's temp dir holding one function, `f`, with this function.json. */
async function functionsWith(name: string, functionJson: string): Promise<string> {
  const root = path.join(dir, name);
  await mkdir(path.join(root, 'f'), { recursive: true });
  await writeFile(path.join(root, 'f', 'function.json'), functionJson);
  return root;
}

describe('coldbench stub, stopping and bad input', () => {
  it('stops cleanly on SIGTERM, leaving no execution environment behind', async () => {
    const stub = await startStub(['--port', '0', '--functions', path.join(dir, 'good')]);
    let pid: number | undefined;
    try {
      const client = clientFor(stub.url);
      await invoke(client, { FunctionName: 'hello' });
      client.destroy();
      const ps = execFileSync('ps', ['-o', 'pid=', '--ppid', String(stub.child.pid)], { encoding: 'utf8' });
      pid = Number(ps.trim().split(/\s+/)[0]);
      expect(pid).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(true);
    } finally {
      stub.child.kill('SIGTERM');
    }
    expect(await stub.exited).toBe(0);
    expect(stub.out()).toContain('Stopped.');
    expect(isAlive(pid)).toBe(false);
  });

  it('exits 2 naming the file and field for a bad function.json or an unknown runtime', async () => {
    const bad = await functionsWith('bad-memory', '{ "memory": 64 }');
    const r1 = await runStub(['--port', '0', '--functions', bad]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain(path.join(bad, 'f', 'function.json'));
    expect(r1.err).toContain('field "memory"');
    expect(r1.err).not.toMatch(/\n\s+at /);

    const unknown = await functionsWith('bad-runtime', '{ "runtime": "cobol9" }');
    const r2 = await runStub(['--port', '0', '--functions', unknown]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('field "runtime"');
    expect(r2.err).toContain('cobol9');

    const syntax = await functionsWith('bad-json', '{\n  "memory": 256,\n  oops\n}');
    const r3 = await runStub(['--port', '0', '--functions', syntax]);
    expect(r3.code).toBe(2);
    expect(r3.err).toContain('line 3');
  });

  it('a start that fails in-process leaves SIGINT and SIGTERM as they were', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const r = await runCommand('stub', '--port', '0', '--functions', path.join(dir, 'nope'));
    expect(r.code).toBe(2);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('exits 2 for bad flags and a missing folder', async () => {
    expect((await runStub(['--port', 'x'])).code).toBe(2);
    expect((await runStub(['--idle-timeout', '-1'])).code).toBe(2);
    const missing = await runStub(['--port', '0', '--functions', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(path.join(dir, 'nope'));
  });
});
