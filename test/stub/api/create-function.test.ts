// CreateFunction through the AWS SDK against the real service: functions
// made from zips (Node.js, Python, provided) run, every refusal is Lambda's
// error, and nothing of a refused package is left in the functions folder.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, ListTagsCommand, ListVersionsByFunctionCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke, json } from '../service-helpers';
import { ROLE, createActive, failure, startDeployService, type DeployService } from './deploy-helpers';
import { BOOTSTRAP, NODE_HANDLER, PYTHON_HANDLER, makeZip, rawZip, zerosZip } from './zips';

let s: DeployService;
beforeAll(async () => { s = await startDeployService(); });
afterAll(async () => { await s?.close(); });

/** What the functions folder holds besides function folders: nothing but the kept zips. */
async function leftovers(): Promise<string[]> {
  // Staging and trash folders; the kept versions (.coldbench-versions) are state, not leftovers.
  return (await readdir(s.dir)).filter((n) => n.startsWith('.') && !n.endsWith('.zip') && n !== '.coldbench-versions');
}

describe('CreateFunction', () => {
  it('creates a Node.js function from a zip: Pending, then Active through the SDK waiter, and it runs', async () => {
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('node-v1') }]);
    const created = await s.client.send(new CreateFunctionCommand({
      FunctionName: 'node-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip },
      MemorySize: 256, Timeout: 5, Environment: { Variables: { GREETING: 'hi' } }, Description: 'from a zip',
    }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: 'node-fn', FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:node-fn', Runtime: 'nodejs20.x',
      Handler: 'index.handler', Role: ROLE, MemorySize: 256, Timeout: 5, Description: 'from a zip', Version: '$LATEST',
      State: 'Pending', StateReasonCode: 'Creating', PackageType: 'Zip', Architectures: ['x86_64'],
      CodeSize: zip.length, CodeSha256: (await import('node:crypto')).createHash('sha256').update(zip).digest('base64'),
      Environment: { Variables: { GREETING: 'hi' } },
    });
    expect(created.LastUpdateStatus).toBeUndefined();
    // Invoking before it is Active is refused, as on Lambda.
    const early = await failure(s.client.send(new InvokeCommand({ FunctionName: 'node-fn', Payload: json({}) })));
    expect(early).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(early.message).toContain('Pending');
    const waited = await waitUntilFunctionActiveV2({ client: s.client, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'node-fn' });
    expect(waited.state).toBe('SUCCESS');
    const config = await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'node-fn' }));
    expect(config).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    const out = await invoke(s.client, { FunctionName: 'node-fn', Payload: json({ n: 1 }) });
    expect(out.payload).toMatchObject({ code: 'node-v1', event: { n: 1 }, version: '$LATEST', memory: '256' });
    expect(out.report?.metrics.initDurationMs).toBeGreaterThan(0);
    // Its folder is in the functions folder, with function.json, and its zip beside it.
    expect((await readdir(path.join(s.dir, 'node-fn'))).sort()).toEqual(['function.json', 'index.js']);
    expect((await stat(path.join(s.dir, '.node-fn.zip'))).size).toBe(zip.length);
  });

  it('creates a Python function from a zip (a module in a package folder) and invokes it', async () => {
    const zip = await makeZip([{ name: 'app/__init__.py', data: '' }, { name: 'app/main.py', data: PYTHON_HANDLER('py-v1') }]);
    await createActive(s.client, {
      FunctionName: 'py-fn', Runtime: 'python3.12', Handler: 'app.main.handler', Code: { ZipFile: zip },
      Architectures: ['arm64'], EphemeralStorage: { Size: 1024 }, LoggingConfig: { LogFormat: 'JSON' }, Tags: { team: 'payments' },
      TracingConfig: { Mode: 'PassThrough' }, Layers: [],
    });
    expect(await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-fn' }))).toMatchObject({
      Architectures: ['arm64'], EphemeralStorage: { Size: 1024 }, LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: '/aws/lambda/py-fn' },
    });
    // The Tags given at create are the function's: ListTags and GetFunction read them (deploy tools do, right after).
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:py-fn';
    expect((await s.client.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'payments' });
    expect((await s.client.send(new GetFunctionCommand({ FunctionName: 'py-fn' }))).Tags).toEqual({ team: 'payments' });
    const out = await invoke(s.client, { FunctionName: 'py-fn', Payload: json({ p: true }) });
    expect(out.functionError).toBeUndefined();
    expect(out.payload).toMatchObject({ code: 'py-v1', event: { p: true }, version: '$LATEST', memory: '128' });
  });

  it('creates a provided function whose bootstrap keeps its executable mode, and runs it', async () => {
    const zip = await makeZip([{ name: 'bootstrap', data: BOOTSTRAP('sh-v1'), mode: 0o755 }]);
    await createActive(s.client, { FunctionName: 'sh-fn', Runtime: 'provided.al2023', Handler: 'unused', Code: { ZipFile: zip } });
    expect((await stat(path.join(s.dir, 'sh-fn', 'bootstrap'))).mode & 0o111).not.toBe(0);
    const out = await invoke(s.client, { FunctionName: 'sh-fn', Payload: json({}) });
    expect(out.payload).toEqual({ code: 'sh-v1' });
  });

  it('with Publish, answers with version 1, which runs', async () => {
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('published') }]);
    const created = await s.client.send(new CreateFunctionCommand({
      FunctionName: 'pub-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, Publish: true,
    }));
    expect(created).toMatchObject({ Version: '1', FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pub-fn:1' });
    const versions = await s.client.send(new ListVersionsByFunctionCommand({ FunctionName: 'pub-fn' }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1']);
    const out = await invoke(s.client, { FunctionName: 'pub-fn', Qualifier: '1', Payload: json({}) });
    expect(out.payload).toMatchObject({ code: 'published', version: '1' });
  });

  it('refuses an existing name with ResourceConflictException, and two concurrent creates of one name give one function', async () => {
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('first') }]);
    const input = { FunctionName: 'node-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip } } as const;
    expect(await failure(s.client.send(new CreateFunctionCommand(input)))).toEqual({
      name: 'ResourceConflictException', message: 'Function already exist: node-fn', status: 409,
    });
    const both = await Promise.allSettled([1, 2].map(() => s.client.send(new CreateFunctionCommand({ ...input, FunctionName: 'race-fn' }))));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error).name).toBe('ResourceConflictException');
  });

  it('deploys different functions concurrently, each whole', async () => {
    const names = ['conc-a', 'conc-b', 'conc-c', 'conc-d'];
    await Promise.all(names.map(async (n) => createActive(s.client, {
      FunctionName: n, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER(n) }]) },
    })));
    for (const n of names) expect((await invoke(s.client, { FunctionName: n, Payload: json({}) })).payload.code).toBe(n);
    expect(await leftovers()).toEqual([]);
  });

  describe('refusals', () => {
    const base = async (): Promise<{ FunctionName: string; Runtime: string; Handler: string; Role: string; Code: { ZipFile: Uint8Array } }> => ({
      FunctionName: 'refused', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('x') }]) },
    });
    const refusal = async (input: Record<string, unknown>): Promise<{ name: string; message: string; status: number | undefined }> => {
      const got = await failure(s.client.send(new CreateFunctionCommand(input as never)));
      await expect(s.client.send(new GetFunctionCommand({ FunctionName: 'refused' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect(await leftovers()).toEqual([]);
      return got;
    };

    it('a corrupt zip', async () => {
      expect(await refusal({ ...(await base()), Code: { ZipFile: Buffer.from('this is not a zip file at all, not even close') } })).toMatchObject({
        name: 'InvalidParameterValueException', status: 400,
        message: expect.stringMatching(/^Could not unzip uploaded file\. Please check your file, then try to upload again\./),
      });
    });

    it('an unknown runtime', async () => {
      expect(await refusal({ ...(await base()), Runtime: 'cobol85' })).toMatchObject({
        name: 'InvalidParameterValueException', message: expect.stringContaining("Value \"cobol85\" at 'runtime' failed to satisfy constraint"),
      });
    });

    it('a handler whose file the package does not have (Node.js, Python) and a provided package without an executable bootstrap', async () => {
      expect(await refusal({ ...(await base()), Handler: 'main.handler' })).toMatchObject({
        name: 'InvalidParameterValueException', message: expect.stringContaining('none of main.js, main.mjs, main.cjs is in it'),
      });
      const py = await makeZip([{ name: 'app.py', data: PYTHON_HANDLER('x') }]);
      expect(await refusal({ ...(await base()), Runtime: 'python3.12', Handler: 'lambda_function.handler', Code: { ZipFile: py } })).toMatchObject({
        name: 'InvalidParameterValueException', message: expect.stringContaining('lambda_function.py is not in it'),
      });
      const notExecutable = await makeZip([{ name: 'bootstrap', data: BOOTSTRAP('x'), mode: 0o644 }]);
      expect(await refusal({ ...(await base()), Runtime: 'provided.al2023', Code: { ZipFile: notExecutable } })).toMatchObject({
        name: 'InvalidParameterValueException', message: expect.stringContaining('bootstrap is not executable'),
      });
    });

    it('Runtime or Handler missing, Role missing or malformed, Code missing', async () => {
      const { Runtime: _r, ...noRuntime } = await base();
      expect(await refusal(noRuntime)).toMatchObject({
        name: 'InvalidParameterValueException', message: 'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      });
      const { Role: _role, ...noRole } = await base();
      expect(await refusal(noRole)).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value 'null' at 'role' failed to satisfy constraint: Member must not be null" });
      expect(await refusal({ ...(await base()), Role: 'admin' })).toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'role'") });
      const { Code: _c, ...noCode } = await base();
      expect(await refusal(noCode)).toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'code'") });
    });

    it('S3 code and container images, saying what to do instead', async () => {
      const s3 = await refusal({ ...(await base()), Code: { S3Bucket: 'my-bucket', S3Key: 'fn.zip' } });
      expect(s3).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
      expect(s3.message).toContain('has no S3');
      expect(s3.message).toContain('--zip-file fileb://function.zip');
      const image = await refusal({ ...(await base()), PackageType: 'Image', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest' } });
      expect(image.message).toContain('not container images');
      expect(image.message).toContain('ZipFile');
    });

    it('settings the service does not apply, and bad values of those it does', async () => {
      expect(await refusal({ ...(await base()), Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:l:1'] })).toMatchObject({
        name: 'InvalidParameterValueException', message: expect.stringContaining("(function 'refused' was not created)"),
      });
      expect(await refusal({ ...(await base()), VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] } })).toMatchObject({ name: 'InvalidParameterValueException' });
      expect(await refusal({ ...(await base()), MemorySize: 64 })).toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining("'MemorySize'") });
      expect(await refusal({ ...(await base()), Architectures: ['x86_64', 'arm64'] })).toMatchObject({ name: 'ValidationException' });
      expect(await refusal({ ...(await base()), SnapStart: { ApplyOn: 'PublishedVersions' } })).toMatchObject({ name: 'InvalidParameterValueException' });
      expect(await refusal({ ...(await base()), Tags: { 'aws:reserved': 'x' } })).toMatchObject({ name: 'InvalidParameterValueException' });
      expect(await refusal({ ...(await base()), FunctionName: 'bad name!' })).toMatchObject({ name: 'ValidationException' });
    });

    it('entries with `..` or an absolute path, and a symbolic link out of the package', async () => {
      for (const name of ['../escaped.js', 'lib/../../escaped.js', '/tmp/escaped.js']) {
        const zip = rawZip([{ name: 'index.js', data: Buffer.from(NODE_HANDLER('x')) }, { name, data: Buffer.from('owned') }]);
        const got = await refusal({ ...(await base()), Code: { ZipFile: zip } });
        expect(got.name, name).toBe('InvalidParameterValueException');
        expect(got.message, name).toMatch(/^Could not unzip uploaded file\. .*refuses entries outside the package/);
      }
      const link = rawZip([{ name: 'index.js', data: Buffer.from(NODE_HANDLER('x')) }, { name: 'passwd', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]);
      expect((await refusal({ ...(await base()), Code: { ZipFile: link } })).message).toContain('points outside the package');
      await expect(stat(path.join(path.dirname(s.dir), 'escaped.js'))).rejects.toThrow();
      await expect(stat('/tmp/escaped.js')).rejects.toThrow();
    });

    it('an empty zip', async () => {
      expect(await refusal({ ...(await base()), Code: { ZipFile: rawZip([]) } })).toMatchObject({
        name: 'InvalidParameterValueException', message: 'Uploaded file must be a non-empty zip',
      });
    });

    it('a zip bomb is stopped at the unzipped limit while inflating, whatever its headers say', async () => {
      // Honest headers: 300 MB of zeros in a zip of a few hundred KB.
      const bomb = await zerosZip('index.js', 300 * 1024 * 1024);
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      expect(await refusal({ ...(await base()), Code: { ZipFile: bomb } })).toMatchObject({
        name: 'InvalidParameterValueException', message: 'Unzipped size must be smaller than 262144000 bytes',
      });
      // Lying headers: an entry that claims 10 bytes inflates to 1 MB; it is refused, not written.
      const liar = rawZip([{ name: 'index.js', data: Buffer.alloc(1 << 20, 0x61), deflate: true, claimedSize: 10 }]);
      expect((await refusal({ ...(await base()), Code: { ZipFile: liar } })).name).toBe('InvalidParameterValueException');
    }, 60_000);

    it('a request past the upload limit: RequestTooLargeException with Lambda\'s message', async () => {
      const big = Buffer.alloc(52_428_800 + 1);
      expect(await refusal({ ...(await base()), Code: { ZipFile: big } })).toEqual({
        name: 'RequestTooLargeException', status: 413, message: 'Request must be smaller than 69905067 bytes for the CreateFunction operation',
      });
    }, 60_000);
  });
});
