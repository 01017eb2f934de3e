// SnapStart as a setting of the local service, through the real AWS SDK:
// accepted for python3.12 and later, refused for every other runtime as
// Lambda refuses them, shown by GetFunctionConfiguration, and checked in
// function.json.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GetFunctionConfigurationCommand, InvalidParameterValueException, LambdaClient,
  UpdateFunctionConfigurationCommand, type SnapStartApplyOn,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambda, runtimeCatalog } from '../../../src/stub/service';
import { loadFunctions } from '../../../src/stub/store/load';
import { FunctionConfigError } from '../../../src/stub/store/errors';
import { FIXTURES, clientFor } from '../service-helpers';

let tmp: string;
let service: LocalLambda;
let client: LambdaClient;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-snapstart-settings-'));
  const dir = path.join(tmp, 'functions');
  fs.cpSync(path.join(FIXTURES, 'py-snapstart'), path.join(dir, 'py-snapstart'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'py-context'), path.join(dir, 'py-312'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'py-context'), path.join(dir, 'py-311'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'py-311', 'function.json'), JSON.stringify({ handler: 'app.handler', runtime: 'python3.11' }));
  fs.cpSync(path.join(FIXTURES, 'api-hello'), path.join(dir, 'node-fn'), { recursive: true });
  service = new LocalLambda({ functionsDir: dir, cgroups: false, onWarning: () => undefined });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function setSnapStart(name: string, applyOn: SnapStartApplyOn | string): Promise<unknown> {
  return client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, SnapStart: { ApplyOn: applyOn as SnapStartApplyOn } }));
}

async function refusal(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  const err = await p.then(() => undefined, (e: unknown) => e as Error);
  expect(err).toBeDefined();
  return { name: err!.name, message: err!.message };
}

describe('SnapStart settings', () => {
  it('is refused for Node.js, with Lambda\'s message, and nothing changes', async () => {
    const runtime = (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'node-fn' }))).Runtime;
    const err = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'node-fn', SnapStart: { ApplyOn: 'PublishedVersions' } }))
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect((err as Error).message).toBe(`${runtime} is not supported for SnapStart enabled functions.`);
    const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'node-fn' }));
    expect(after.SnapStart).toEqual({ ApplyOn: 'None', OptimizationStatus: 'Off' });
  });

  it('is refused for python3.11 (SnapStart starts at Python 3.12)', async () => {
    const r = await refusal(setSnapStart('py-311', 'PublishedVersions'));
    expect(r).toEqual({ name: 'InvalidParameterValueException', message: 'python3.11 is not supported for SnapStart enabled functions.' });
  });

  it('is accepted for python3.12 and shown Off on $LATEST; None turns it off again', async () => {
    const out = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'py-312', SnapStart: { ApplyOn: 'PublishedVersions' } }));
    expect(out.SnapStart).toEqual({ ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
    const got = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-312' }));
    expect(got.SnapStart).toEqual({ ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
    expect(got.State).toBe('Active');
    await setSnapStart('py-312', 'None');
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-312' }))).SnapStart).toEqual({ ApplyOn: 'None', OptimizationStatus: 'Off' });
  });

  it('refuses an ApplyOn outside its enum with a ValidationException', async () => {
    const r = await refusal(setSnapStart('py-312', 'Always'));
    expect(r.name).toBe('ValidationException');
    expect(r.message).toBe("1 validation error detected: Value 'Always' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]");
  });

  it('refuses a runtime change that SnapStart cannot follow', async () => {
    const r = await refusal(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'py-snapstart', Runtime: 'python3.11' })));
    expect(r).toEqual({ name: 'InvalidParameterValueException', message: 'python3.11 is not supported for SnapStart enabled functions.' });
    // Turning SnapStart off in the same update lets the runtime change.
    const ok = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'py-snapstart', Runtime: 'python3.13', SnapStart: { ApplyOn: 'PublishedVersions' } }));
    expect(ok.Runtime).toBe('python3.13');
  });

  it('reads snapStart from function.json, and refuses it there for a runtime it cannot snapshot, naming file and field', async () => {
    const dir = path.join(tmp, 'json');
    fs.cpSync(path.join(FIXTURES, 'api-hello'), path.join(dir, 'node-snap'), { recursive: true });
    const file = path.join(dir, 'node-snap', 'function.json');
    fs.writeFileSync(file, JSON.stringify({ runtime: 'nodejs22.x', snapStart: 'PublishedVersions' }));
    const err = await loadFunctions({ functionsDir: dir, runtimes: runtimeCatalog }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(FunctionConfigError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('snapStart');
    expect((err as Error).message).toContain('nodejs22.x is not supported for SnapStart enabled functions.');
    fs.writeFileSync(file, JSON.stringify({ runtime: 'python3.12', handler: 'app.handler', snapStart: 'Sometimes' }));
    const bad = await loadFunctions({ functionsDir: dir, runtimes: runtimeCatalog }).then(() => undefined, (e: unknown) => e);
    expect((bad as Error).message).toContain('must be one of "PublishedVersions", "None"');
    fs.writeFileSync(file, JSON.stringify({ runtime: 'python3.12', handler: 'app.handler', snapStart: 'PublishedVersions' }));
    const [spec] = await loadFunctions({ functionsDir: dir, runtimes: runtimeCatalog });
    expect(spec?.snapStart).toBe('PublishedVersions');
  });
});
