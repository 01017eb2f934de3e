// Deploying to `coldbench stub` as a user would: the built executable as a
// child process with --region and --account, code put in with the AWS CLI
// (create-function --zip-file fileb://, update-function-code, invoke), the
// functions folder surviving a restart, and `coldbench run` (the CLI, a real
// process) measuring a function created through the API with a memory sweep
// and forced cold starts.

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUMMY_AWS_ENV, hasStackTrace, readCsv, runCli, writeScenario } from '../run/helpers';
import { NODE_HANDLER, makeZip } from '../stub/api/zips';
import { clientFor, invoke } from '../stub/service-helpers';
import { coldbench, ensureBuilt } from './cli-capture';
import { hasAwsCli, startStubProcess, type StubProcess } from './stub-process';

const root = path.join(__dirname, '..', '..');
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;

// The AWS CLI (v1 or v2) is optional on a developer machine; the SDK tests cover the same operations.
const NO_AWS_CLI = !hasAwsCli();

function startStub(functionsDir: string | undefined): Promise<StubProcess> {
  const folder = functionsDir === undefined ? [] : ['--functions', functionsDir];
  return startStubProcess(['--port', '0', ...folder, '--region', REGION, '--account', ACCOUNT]);
}

async function stopStub(stub: StubProcess): Promise<void> {
  stub.child.kill('SIGINT');
  expect(await stub.exited).toBe(0);
}

const AWS_ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: REGION, AWS_PAGER: '' };

function aws(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('aws', ['lambda', ...args, '--endpoint-url', url], { env: AWS_ENV, encoding: 'utf8' },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }));
  });
}

let dir: string;
let functionsDir: string;
let stub: StubProcess;

beforeAll(async () => {
  ensureBuilt(path.join('cli', 'commands', 'stub.js'));
  dir = await mkdtemp(path.join(os.tmpdir(), 'stub-deploy-test-'));
  functionsDir = path.join(dir, 'functions');
  await (await import('node:fs/promises')).mkdir(functionsDir);
  stub = await startStub(functionsDir);
}, 180_000);

afterAll(async () => {
  if (stub !== undefined && stub.child.exitCode === null) await stopStub(stub);
  await rm(dir, { recursive: true, force: true });
});

describe('coldbench stub --region --account', () => {
  it('says how to deploy, and refuses a malformed region or account with exit 2', async () => {
    expect(stub.out()).toContain(`aws lambda create-function --endpoint-url ${stub.url}`);
    expect(stub.out()).toContain(`Deploy (kept in ${functionsDir})`);
    const badRegion = await coldbench('stub', '--port', '0', '--functions', functionsDir, '--region', 'mars');
    expect(badRegion.code).toBe(2);
    expect(badRegion.err).toContain('--region');
    const badAccount = await coldbench('stub', '--port', '0', '--functions', functionsDir, '--account', '42');
    expect(badAccount.code).toBe(2);
    expect(badAccount.err).toContain('--account');
  });

  it.skipIf(NO_AWS_CLI)('the AWS CLI creates, waits for, invokes and updates a function from a zip; ARNs carry the region and account', async () => {
    const v1 = path.join(dir, 'v1.zip');
    const v2 = path.join(dir, 'v2.zip');
    await writeFile(v1, await makeZip([{ name: 'index.js', data: NODE_HANDLER('cli-v1') }]));
    await writeFile(v2, await makeZip([{ name: 'index.js', data: NODE_HANDLER('cli-v2') }]));
    const created = await aws(stub.url, 'create-function', '--function-name', 'cli-fn', '--runtime', 'nodejs20.x', '--handler', 'index.handler',
      '--role', ROLE, '--zip-file', `fileb://${v1}`);
    expect(created.err).toBe('');
    const config = JSON.parse(created.out) as Record<string, unknown>;
    expect(config).toMatchObject({ FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cli-fn`, Role: ROLE, State: 'Pending' });
    expect((await aws(stub.url, 'wait', 'function-active-v2', '--function-name', 'cli-fn')).code).toBe(0);
    const outFile = path.join(dir, 'out.json');
    expect((await aws(stub.url, 'invoke', '--function-name', 'cli-fn', '--payload', '{}', outFile)).code).toBe(0);
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toMatchObject({ code: 'cli-v1', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cli-fn` });
    const updated = await aws(stub.url, 'update-function-code', '--function-name', 'cli-fn', '--zip-file', `fileb://${v2}`, '--publish');
    expect(updated.err).toBe('');
    expect(JSON.parse(updated.out)).toMatchObject({ Version: '1' });
    expect((await aws(stub.url, 'wait', 'function-updated-v2', '--function-name', 'cli-fn')).code).toBe(0);
    expect((await aws(stub.url, 'invoke', '--function-name', 'cli-fn:1', '--payload', '{}', outFile)).code).toBe(0);
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toMatchObject({ code: 'cli-v2', version: '1' });
    // Code in S3 is refused with what to do instead.
    const s3 = await aws(stub.url, 'update-function-code', '--function-name', 'cli-fn', '--s3-bucket', 'my-bucket', '--s3-key', 'fn.zip');
    expect(s3.code).not.toBe(0);
    expect(s3.err).toContain('InvalidParameterValueException');
    expect(s3.err).toContain('fileb://');
  }, 60_000);

  it('coldbench run measures a function created through the API: a memory sweep with forced cold starts, the function put back', async () => {
    const client = clientFor(stub.url);
    try {
      await client.send(new CreateFunctionCommand({
        FunctionName: 'bench-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, MemorySize: 192,
        Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('bench') }]) },
      }));
      await waitUntilFunctionActiveV2({ client, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'bench-fn' });
      const file = writeScenario(dir, {
        name: 'deployed',
        target: { kind: 'aws', function: 'bench-fn', region: REGION, endpoint: stub.url },
        memory: [128, 256],
        order: 'sequential',
        phases: [{ name: 'cold', pattern: 'cold', count: 2 }, { name: 'warm', pattern: 'sequential', count: 2 }],
      }, 'deployed.json');
      const out = path.join(dir, 'run-out');
      const res = await runCli(['run', file, '--out', out, '--quiet'], { env: { ...DUMMY_AWS_ENV, AWS_REGION: REGION }, timeoutMs: 120_000 });
      expect(hasStackTrace(res.stderr)).toBe(false);
      expect(res.code, res.stderr).toBe(0);
      const rows = readCsv(path.join(out, 'invocations.csv'));
      expect(rows.map((r) => `${r.memory_mb}/${r.phase}/${r.cold}/${r.status}`)).toEqual([
        '128/cold/true/ok', '128/cold/true/ok', '128/warm/false/ok', '128/warm/false/ok',
        '256/cold/true/ok', '256/cold/true/ok', '256/warm/false/ok', '256/warm/false/ok',
      ]);
      for (const r of rows.filter((x) => x.cold === 'true')) expect(Number(r.init_ms)).toBeGreaterThan(0);
      // Put back as it was deployed, function.json included.
      expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'bench-fn' }))).MemorySize).toBe(192);
      const saved = JSON.parse(await readFile(path.join(functionsDir, 'bench-fn', 'function.json'), 'utf8')) as Record<string, unknown>;
      expect(saved.memory).toBe(192);
      expect(saved.environment).toEqual({});
    } finally {
      client.destroy();
    }
  }, 150_000);

  it('a restart on the same functions folder serves the deployed functions again', async () => {
    await stopStub(stub);
    stub = await startStub(functionsDir);
    expect(stub.out()).toMatch(/Functions from .*: bench-fn/);
    const client = clientFor(stub.url);
    try {
      const r = await invoke(client, { FunctionName: 'bench-fn', Payload: Buffer.from('{}') });
      expect(r.payload).toMatchObject({ code: 'bench', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bench-fn`, memory: '192' });
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('without --functions, deploys go to a copy of the examples, never into the package, and are gone at stop', async () => {
    const examples = path.join(root, 'scenarios', 'functions');
    const before = (await readdir(examples)).sort();
    const bare = await startStub(undefined);
    const copy = /copied to (\S+);/.exec(bare.out())?.[1] as string;
    expect(copy).toBeDefined();
    const client = clientFor(bare.url);
    try {
      await client.send(new CreateFunctionCommand({
        FunctionName: 'scratch-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
        Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('scratch') }]) },
      }));
      expect((await readdir(copy)).includes('scratch-fn')).toBe(true);
    } finally {
      client.destroy();
      await stopStub(bare);
    }
    expect((await readdir(examples)).sort()).toEqual(before);
    await expect(readdir(copy)).rejects.toThrow();
  }, 60_000);
});
