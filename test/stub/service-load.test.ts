// Loading functions: folder + function.json, explicit definitions overriding
// the file, and errors that name the file and the field.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionConfigError, LocalLambda, runtimeCatalog } from '../../src/stub';
import { loadFunctions } from '../../src/stub/store/load';

let dir: string;

async function fn(name: string, functionJson?: string): Promise<string> {
  const codeDir = path.join(dir, name);
  await mkdir(codeDir, { recursive: true });
  await writeFile(path.join(codeDir, 'index.js'), 'exports.handler = async () => 1;\n');
  if (functionJson !== undefined) await writeFile(path.join(codeDir, 'function.json'), functionJson);
  return codeDir;
}

async function loadError(functionsDir: string): Promise<FunctionConfigError> {
  const err = await loadFunctions({ functionsDir, runtimes: runtimeCatalog }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FunctionConfigError);
  return err as FunctionConfigError;
}

beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'load-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('loadFunctions', () => {
  it('applies Lambda defaults, function.json, then explicit fields', async () => {
    const plainDir = await fn('plain');
    const tunedDir = await fn('tuned', '{ "memory": 512, "timeout": 20, "environment": { "A": "1" }, "architecture": "arm64" }');
    const specs = await loadFunctions({
      functions: [{ name: 'plain', codeDir: plainDir }, { name: 'tuned', codeDir: tunedDir, memoryMb: 1024, handler: 'main.run' }],
      runtimes: runtimeCatalog,
    });
    expect(specs.map((s) => s.name)).toEqual(['plain', 'tuned']);
    expect(specs[0]).toMatchObject({ handler: 'index.handler', runtime: 'nodejs20.x', memoryMb: 128, timeoutSec: 3, environment: {}, architecture: 'x86_64', ephemeralStorageMb: 512 });
    expect(specs[1]).toMatchObject({ handler: 'main.run', memoryMb: 1024, timeoutSec: 20, environment: { A: '1' }, architecture: 'arm64' });
  });

  it('names the file and the field of a bad setting', async () => {
    const cases: Array<[string, string, string]> = [
      ['{ "memory": 64 }', 'memory', '128'],
      ['{ "timeout": 901 }', 'timeout', '900'],
      ['{ "runtime": "nodejs99.x" }', 'runtime', 'nodejs20.x'],
      ['{ "environment": { "AWS_REGION": "x" } }', 'environment', 'AWS_REGION'],
      ['{ "memorySize": 256 }', 'memorySize', 'unknown field'],
      ['{ "architecture": "sparc" }', 'architecture', 'arm64'],
    ];
    for (const [i, [json, field, hint]] of cases.entries()) {
      const root = path.join(dir, `bad-${i}`);
      await mkdir(path.join(root, 'f'), { recursive: true });
      await writeFile(path.join(root, 'f', 'function.json'), json);
      const err = await loadError(root);
      expect(err.file).toBe(path.join(root, 'f', 'function.json'));
      expect(err.field).toBe(field);
      expect(err.message).toContain(hint);
    }
  });

  it('reports the line of a JSON syntax error and a folder that is not a function name', async () => {
    const root = path.join(dir, 'syntax');
    await mkdir(path.join(root, 'f'), { recursive: true });
    await writeFile(path.join(root, 'f', 'function.json'), '{\n  "memory": 256,\n  oops\n}');
    expect((await loadError(root)).message).toMatch(/function\.json: not valid JSON \(line 3\)/);
    const badName = path.join(dir, 'names');
    await mkdir(path.join(badName, 'has space'), { recursive: true });
    expect((await loadError(badName)).message).toContain('has space');
  });

  it('LocalLambda.start() rejects with the same error and leaves nothing running', async () => {
    const root = path.join(dir, 'svc');
    await mkdir(path.join(root, 'f'), { recursive: true });
    await writeFile(path.join(root, 'f', 'function.json'), '{ "memory": "big" }');
    const service = new LocalLambda({ functionsDir: root, onWarning: () => undefined });
    const err = await service.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FunctionConfigError);
    expect(service.endpoint).toBeUndefined();
    await service.stop();
  });
});
