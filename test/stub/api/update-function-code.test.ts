// UpdateFunctionCode through the AWS SDK against the real service: the next
// invocations run the new code on new environments, Publish makes a version
// that keeps it, RevisionId and DryRun as Lambda has them, InProgress then
// Successful for the SDK's waiter.
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetFunctionConfigurationCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, invoke, json } from '../service-helpers';
import { createActive, failure, startDeployService, waitUpdated, type DeployService } from './deploy-helpers';
import { NODE_HANDLER, PYTHON_HANDLER, makeZip, rawZip } from './zips';

let s: DeployService;
beforeAll(async () => {
  s = await startDeployService();
  await createActive(s.client, {
    FunctionName: 'up', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('v1') }]) },
  });
});
afterAll(async () => { await s?.close(); });

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('base64');

describe('UpdateFunctionCode', () => {
  it('replaces $LATEST\'s code: InProgress, then Successful through the SDK waiter; new environments run the new code', async () => {
    const before = await invoke(s.client, { FunctionName: 'up', Payload: json({}) });
    expect(before.payload.code).toBe('v1');
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('v2') }]);
    const updated = await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip }));
    expect(updated).toMatchObject({
      Version: '$LATEST', CodeSha256: sha(zip), CodeSize: zip.length, State: 'Active',
      LastUpdateStatus: 'InProgress', LastUpdateStatusReasonCode: 'Creating',
    });
    // A second update while one is in progress is refused, as on Lambda.
    const busy = await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip })));
    expect(busy).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(busy.message).toBe('The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:up');
    await waitUpdated(s.client, 'up');
    expect(await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'up' }))).toMatchObject({ LastUpdateStatus: 'Successful', CodeSha256: sha(zip) });
    const after = await invoke(s.client, { FunctionName: 'up', Payload: json({}) });
    expect(after.payload.code).toBe('v2');
    // A new environment: an init phase, as after a configuration change.
    expect(after.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(await readFile(path.join(s.dir, '.up.zip'))).toEqual(zip);
  });

  it('invocations during an update never see half of it: each runs the old code or the new, none fails', async () => {
    // A package big enough that unpacking it takes a while; invocations keep coming meanwhile.
    const filler = Buffer.alloc(40 * 1024 * 1024, 0x61);
    const next = await makeZip([{ name: 'index.js', data: NODE_HANDLER('during') }, { name: 'filler.txt', data: filler }]);
    const before = (await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload.code as string;
    let done = false;
    const seen: string[] = [];
    const loop = (async () => {
      while (!done) {
        // Two at once, so that new environments start during the update too.
        const outs = await Promise.all([1, 2].map(() => invoke(s.client, { FunctionName: 'up', Payload: json({}) })));
        for (const o of outs) {
          expect(o.functionError, JSON.stringify(o.payload)).toBeUndefined();
          seen.push(o.payload.code as string);
        }
      }
    })();
    try {
      await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: next }));
      await waitUpdated(s.client, 'up');
    } finally {
      done = true;
      await loop;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBeLessThanOrEqual(2);
    for (const code of seen) expect([before, 'during']).toContain(code);
    expect((await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload.code).toBe('during');
  }, 60_000);

  it('with Publish, answers with the new version, which runs the new code, as $LATEST does', async () => {
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('v3') }]);
    const published = await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip, Publish: true }));
    expect(published).toMatchObject({ Version: '1', FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:up:1', CodeSha256: sha(zip) });
    await waitUpdated(s.client, 'up');
    expect((await invoke(s.client, { FunctionName: 'up', Qualifier: '1', Payload: json({}) })).payload).toMatchObject({ code: 'v3', version: '1' });
    expect((await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload).toMatchObject({ code: 'v3', version: '$LATEST' });
    // Version 1 keeps its code when $LATEST changes again.
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('v4') }]) }));
    await waitUpdated(s.client, 'up');
    expect((await invoke(s.client, { FunctionName: 'up', Qualifier: '1', Payload: json({}) })).payload.code).toBe('v3');
    expect((await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload.code).toBe('v4');
  });

  it('RevisionId: a stale one is refused with PreconditionFailedException, the current one is taken', async () => {
    const current = await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'up' }));
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('v5') }]);
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip, RevisionId: 'stale-revision' })))).toMatchObject({
      name: 'PreconditionFailedException', status: 412,
    });
    const ok = await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip, RevisionId: current.RevisionId }));
    expect(ok.RevisionId).not.toBe(current.RevisionId);
    await waitUpdated(s.client, 'up');
  });

  it('DryRun checks the package and changes nothing; a bad package is refused all the same', async () => {
    const before = await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'up' }));
    const zip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('dry') }]);
    const dry = await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: zip, DryRun: true }));
    expect(dry.CodeSha256).toBe(before.CodeSha256);
    expect(dry.RevisionId).toBe(before.RevisionId);
    expect((await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload.code).toBe('v5');
    const noHandler = await makeZip([{ name: 'other.js', data: NODE_HANDLER('dry') }]);
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: noHandler, DryRun: true })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('refuses a bad package and keeps the code it had', async () => {
    const traversal = rawZip([{ name: '../../outside.js', data: Buffer.from('x') }]);
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: traversal })))).toMatchObject({
      name: 'InvalidParameterValueException', message: expect.stringMatching(/^Could not unzip uploaded file/),
    });
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', S3Bucket: 'b', S3Key: 'k' })))).toMatchObject({
      name: 'InvalidParameterValueException', message: expect.stringContaining('has no S3'),
    });
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ImageUri: '1.dkr.ecr.us-east-1.amazonaws.com/x:1' })))).toMatchObject({
      name: 'InvalidParameterValueException', message: expect.stringContaining('not container images'),
    });
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'nope', ZipFile: traversal })))).toMatchObject({
      name: 'ResourceNotFoundException', status: 404,
    });
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up:1', ZipFile: traversal })))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect((await invoke(s.client, { FunctionName: 'up', Payload: json({}) })).payload.code).toBe('v5');
  });

  it('a configuration change reaches function.json of a deployed function; the handler is checked against its runtime', async () => {
    await s.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'up', MemorySize: 512 }));
    await expect.poll(async () => JSON.parse(await readFile(path.join(s.dir, 'up', 'function.json'), 'utf8')).memory).toBe(512);
    const python = await makeZip([{ name: 'app.py', data: PYTHON_HANDLER('py') }]);
    expect(await failure(s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'up', ZipFile: python })))).toMatchObject({
      name: 'InvalidParameterValueException', message: expect.stringContaining('none of index.js'),
    });
  });

  it('updates a function that came as a folder; the folder is moved aside, not deleted', async () => {
    const hand = path.join(s.dir, 'by-hand');
    const { cp, readdir } = await import('node:fs/promises');
    await cp(path.join(FIXTURES, 'api-hello'), hand, { recursive: true });
    await s.restart();
    expect((await invoke(s.client, { FunctionName: 'by-hand', Payload: json({}) })).payload.code).toBe('api-hello-v1');
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'by-hand', ZipFile: await makeZip([{ name: 'index.js', data: NODE_HANDLER('zipped') }]) }));
    await waitUpdated(s.client, 'by-hand');
    expect((await invoke(s.client, { FunctionName: 'by-hand', Payload: json({}) })).payload.code).toBe('zipped');
    const kept = await readdir(path.join(s.dir, '.coldbench-removed'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^by-hand-/);
  });
});
