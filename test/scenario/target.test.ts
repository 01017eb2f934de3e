import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULT_HANDLER, LOCAL_DEFAULT_RUNTIME, missingHandlerFile, peekFunctionJson } from '../../src/scenario/handler-file';
import { DEFAULTS as STUB_DEFAULTS } from '../../src/stub/store/limits';
import type { Problem } from '../../src/scenario/errors';
import { resolvePayloads } from '../../src/scenario/payloads';
import { targetSchemas } from '../../src/scenario/schema';
import { resolveTarget } from '../../src/scenario/target';

const FIXTURES = path.resolve(__dirname, '../fixtures/scenarios');

describe('resolveTarget', () => {
  it('http: POST with a body (text as written, anything else as JSON), GET without; headers as text', async () => {
    const problems: Problem[] = [];
    const withBody = await resolveTarget(targetSchemas.http.parse({
      kind: 'http', url: 'https://abc.lambda-url.us-east-1.on.aws/', body: { a: 1 }, headers: { 'x-n': 1 },
    }), FIXTURES, problems);
    expect(withBody).toEqual({
      kind: 'http', url: 'https://abc.lambda-url.us-east-1.on.aws/', method: 'POST',
      headers: { 'x-n': '1' }, body: Buffer.from('{"a":1}'),
    });
    const text = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/', body: 'plain' }), FIXTURES, problems);
    expect(text.kind === 'http' && text.body?.toString()).toBe('plain');
    const bare = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/', method: 'PUT' }), FIXTURES, problems);
    expect(bare).toEqual({ kind: 'http', url: 'http://127.0.0.1:1/', method: 'PUT', headers: {} });
    const get = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/' }), FIXTURES, problems);
    expect(get.kind === 'http' && get.method).toBe('GET');
    expect(problems).toEqual([]);
  });

  it('local: a code path that is a file is refused', async () => {
    const problems: Problem[] = [];
    await resolveTarget(targetSchemas.local.parse({ kind: 'local', code: './functions/hello/index.js' }), FIXTURES, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(['target', 'code']);
    expect(problems[0]!.message).toMatch(/must be a folder/);
  });
});

describe('resolvePayloads', () => {
  it('Lambda payloads default to {} and are JSON; http payloads keep text and have no default', async () => {
    const problems: Problem[] = [];
    expect((await resolvePayloads([], true, FIXTURES, problems)).map((p) => p.body.toString())).toEqual(['{}']);
    expect(await resolvePayloads([], false, FIXTURES, problems)).toEqual([]);
    const refs = [
      { weight: 2, inline: 'hi', path: ['payloads', 0] },
      { weight: 1, file: './payloads/bad.json', path: ['payloads', 1] },
    ] as const;
    const http = await resolvePayloads(refs, false, FIXTURES, problems);
    expect(http.map((p) => [p.weight, p.body.toString().trim()])).toEqual([[2, 'hi'], [1, 'not json {']]);
    expect(problems).toEqual([]);
    const lambda = await resolvePayloads(refs, true, FIXTURES, problems);
    expect(lambda.map((p) => p.body.toString())).toEqual(['"hi"']);
    expect(problems.map((p) => p.path)).toEqual([['payloads', 1]]);
  });
});

describe('local handler file, checked at load', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const folder = (files: Record<string, string>): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-handler-'));
    dirs.push(d);
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
      fs.writeFileSync(path.join(d, f), text);
    }
    return d;
  };

  it('Node: <module>.js, .mjs or .cjs, in nested folders too', async () => {
    expect(await missingHandlerFile(folder({ 'index.mjs': '' }), 'index.handler', 'nodejs20.x')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'src/app.cjs': '' }), 'src/app.run', 'nodejs22.x')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'index.ts': '' }), 'index.handler', 'nodejs20.x')).toMatch(/none of index\.js, index\.mjs, index\.cjs/);
    expect(await missingHandlerFile(folder({}), 'nodot', 'nodejs20.x')).toMatch(/must be <module>\.<function>/);
  });

  it('Python: <module>.py or a package; provided: ./bootstrap', async () => {
    expect(await missingHandlerFile(folder({ 'app.py': '' }), 'app.handler', 'python3.12')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'pkg/mod.py': '' }), 'pkg.mod.handler', 'python3.12')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'pkg/mod/__init__.py': '' }), 'pkg/mod.handler', 'python3.13')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'app.js': '' }), 'app.handler', 'python3.12')).toMatch(/neither app\.py nor app\/__init__\.py/);
    expect(await missingHandlerFile(folder({ bootstrap: '#!/bin/sh' }), 'anything', 'provided.al2023')).toBeUndefined();
    expect(await missingHandlerFile(folder({ 'index.js': '' }), 'index.handler', 'provided.al2')).toMatch(/bootstrap/);
  });

  it('takes the handler and runtime from function.json when the scenario names none', async () => {
    const problems: Problem[] = [];
    const dir = folder({ 'function.json': JSON.stringify({ handler: 'main.go', runtime: 'python3.12', memory: 256 }), 'main.py': '' });
    expect(await peekFunctionJson(dir)).toEqual({ handler: 'main.go', runtime: 'python3.12', memoryMb: 256 });
    await resolveTarget(targetSchemas.local.parse({ kind: 'local', code: dir }), FIXTURES, problems);
    expect(problems).toEqual([]);
    fs.rmSync(path.join(dir, 'main.py'));
    await resolveTarget(targetSchemas.local.parse({ kind: 'local', code: dir }), FIXTURES, problems);
    expect(problems.map((p) => [p.path, p.message])).toEqual([[['target', 'code'], expect.stringMatching(/"main\.go": neither main\.py/)]]);
  });

  it('uses the local service’s own defaults', () => {
    expect(LOCAL_DEFAULT_HANDLER).toBe(STUB_DEFAULTS.handler);
    expect(LOCAL_DEFAULT_RUNTIME).toBe(STUB_DEFAULTS.runtime);
  });
});
