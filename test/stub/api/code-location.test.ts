// GetFunction's Code.Location: a URL on the service, signed and valid for
// ten minutes, from which the deployed zip downloads byte for byte (a
// folder function downloads as a zip of its folder). And the functions
// folder as the service's state: a restart serves what was deployed, with
// the same zip; DeleteFunction removes it.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html

import { cp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteFunctionCommand, GetFunctionCommand, ListFunctionsCommand, ListTagsCommand, PublishVersionCommand, TagResourceCommand, UntagResourceCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { FIXTURES, invoke, json } from '../service-helpers';
import { createActive, failure, startDeployService, waitUpdated, type DeployService } from './deploy-helpers';
import { NODE_HANDLER, PYTHON_HANDLER, makeZip } from './zips';

let s: DeployService;
let nodeZip: Buffer;
let pyZip: Buffer;
beforeAll(async () => {
  s = await startDeployService();
  await cp(path.join(FIXTURES, 'api-hello'), path.join(s.dir, 'folder-fn'), { recursive: true });
  await s.restart();
  nodeZip = await makeZip([{ name: 'index.js', data: NODE_HANDLER('kept') }, { name: 'lib/data.json', data: '{"a":1}' }]);
  pyZip = await makeZip([{ name: 'lambda_function.py', data: PYTHON_HANDLER('py-kept') }]);
  await createActive(s.client, { FunctionName: 'zip-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: nodeZip }, MemorySize: 256, Tags: { team: 'payments', owner: 'ana' } });
  await createActive(s.client, { FunctionName: 'py-zip-fn', Runtime: 'python3.12', Handler: 'lambda_function.handler', Code: { ZipFile: pyZip } });
});
afterAll(async () => { await s?.close(); });

async function download(name: string, qualifier?: string): Promise<{ status: number; bytes: Buffer; type: string | null; location: string }> {
  const got = await s.client.send(new GetFunctionCommand({ FunctionName: name, ...(qualifier !== undefined ? { Qualifier: qualifier } : {}) }));
  const location = got.Code?.Location ?? '';
  const res = await fetch(location);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type'), location };
}

function entryNames(zip: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: false }, (err, file) => {
      if (err !== null) { reject(err); return; }
      const names: string[] = [];
      file.on('entry', (e: yauzl.Entry) => names.push(e.fileName));
      file.on('end', () => resolve(names.sort()));
      file.on('error', reject);
    });
  });
}

describe('Code.Location', () => {
  it('downloads the deployed zip byte for byte', async () => {
    const got = await download('zip-fn');
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/zip');
    expect(got.bytes.equals(nodeZip)).toBe(true);
    expect(got.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2015-03-31\/functions\/zip-fn\/code\?/);
  });

  it('is valid for ten minutes, and only as signed', async () => {
    const { location } = await download('zip-fn');
    const url = new URL(location);
    const expires = Number(url.searchParams.get('Expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(595);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(600);
    const forged = new URL(location);
    forged.searchParams.set('Expires', String(expires + 3600));
    const res = await fetch(forged);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    const other = new URL(location.replace('/zip-fn/', '/py-zip-fn/'));
    expect((await fetch(other)).status).toBe(403);
  });

  it('a folder function downloads as a zip of its folder, the same bytes each time', async () => {
    const a = await download('folder-fn');
    const b = await download('folder-fn');
    expect(a.status).toBe(200);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(await entryNames(a.bytes)).toEqual((await readdir(path.join(FIXTURES, 'api-hello'))).sort());
  });

  it('a published version downloads the zip it was published with, after $LATEST changed', async () => {
    const v1 = await s.client.send(new PublishVersionCommand({ FunctionName: 'zip-fn' }));
    const next = await makeZip([{ name: 'index.js', data: NODE_HANDLER('next') }]);
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'zip-fn', ZipFile: next }));
    await waitUpdated(s.client, 'zip-fn');
    expect((await download('zip-fn', v1.Version)).bytes.equals(nodeZip)).toBe(true);
    expect((await download('zip-fn')).bytes.equals(next)).toBe(true);
    // Back to the first code, for the restart below.
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'zip-fn', ZipFile: nodeZip }));
    await waitUpdated(s.client, 'zip-fn');
  });
});

describe('the functions folder is the state', () => {
  it('after a restart on the same folder, deployed functions are served again, same settings, same zip', async () => {
    const before = await s.client.send(new GetFunctionCommand({ FunctionName: 'zip-fn' }));
    // Tags go with the function's settings into its function.json: those given at create, then tagged and untagged.
    const arn = before.Configuration?.FunctionArn ?? '';
    await s.client.send(new TagResourceCommand({ Resource: arn, Tags: { stage: 'dev' } }));
    await s.client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['owner'] }));
    await s.restart();
    expect((await s.client.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'payments', stage: 'dev' });
    const names = (await s.client.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName).sort();
    expect(names).toEqual(['folder-fn', 'py-zip-fn', 'zip-fn']);
    const after = await s.client.send(new GetFunctionCommand({ FunctionName: 'zip-fn' }));
    expect(after.Configuration).toMatchObject({
      MemorySize: 256, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: before.Configuration?.Role,
      CodeSha256: before.Configuration?.CodeSha256, CodeSize: nodeZip.length, State: 'Active',
    });
    expect((await download('zip-fn')).bytes.equals(nodeZip)).toBe(true);
    expect((await download('py-zip-fn')).bytes.equals(pyZip)).toBe(true);
    expect((await invoke(s.client, { FunctionName: 'zip-fn', Payload: json({}) })).payload).toMatchObject({ code: 'kept', memory: '256' });
    expect((await invoke(s.client, { FunctionName: 'py-zip-fn', Payload: json({}) })).payload).toMatchObject({ code: 'py-kept' });
  });

  it('DeleteFunction removes a deployed function\'s folder and zip; a hand-made folder is moved aside; after a restart neither is served', async () => {
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'py-zip-fn' }));
    await expect(stat(path.join(s.dir, 'py-zip-fn'))).rejects.toThrow();
    await expect(stat(path.join(s.dir, '.py-zip-fn.zip'))).rejects.toThrow();
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'folder-fn' }));
    await expect(stat(path.join(s.dir, 'folder-fn'))).rejects.toThrow();
    expect((await readdir(path.join(s.dir, '.coldbench-removed')))[0]).toMatch(/^folder-fn-/);
    expect(await failure(s.client.send(new GetFunctionCommand({ FunctionName: 'py-zip-fn' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await s.restart();
    expect((await s.client.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName)).toEqual(['zip-fn']);
    // The name is free again.
    await createActive(s.client, { FunctionName: 'py-zip-fn', Runtime: 'python3.12', Handler: 'lambda_function.handler', Code: { ZipFile: pyZip } });
    expect((await invoke(s.client, { FunctionName: 'py-zip-fn', Payload: json({}) })).payload.code).toBe('py-kept');
  });
});
