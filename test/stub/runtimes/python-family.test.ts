// The Python family on its own: which interpreter it picks, what it starts,
// and what it says when the interpreter does not match the declared runtime.
// Real interpreters and real fake-interpreter scripts, no engine involved.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionSnapshot } from '../../../src/stub/engine/types';
import { runtimeFamilyFor, supportedRuntimes } from '../../../src/stub/runtimes/registry';
import {
  createPythonFamily,
  python,
  PYTHON_BOOTSTRAP,
  PYTHON_ENV_VAR,
  PYTHON_RUNTIME_CLIENT,
  PYTHON_RUNTIMES,
  type PythonInterpreter,
} from '../../../src/stub/runtimes/python';

function snapshot(over: Partial<FunctionSnapshot> = {}): FunctionSnapshot {
  return {
    name: 'py',
    version: '$LATEST',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:py',
    codeDir: '/tmp/py-code',
    handler: 'app.handler',
    runtime: 'python3.12',
    memoryMb: 128,
    timeoutSec: 3,
    environment: {},
    architecture: 'x86_64',
    ephemeralStorageMb: 512,
    logging: { logFormat: 'Text' },
    generation: 'g1',
    region: 'us-east-1',
    ...over,
  };
}

let tmp: string;
let machinePython: PythonInterpreter;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-pyfam-'));
  const found = createPythonFamily({ env: { PATH: process.env.PATH } }).interpreterFor('python3');
  if (found instanceof Error) throw found;
  machinePython = found;
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A shell script that answers the family's probe as if it were Python `version`. */
function fakePython(name: string, version: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'bin-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho ${path.join(dir, 'real-' + name)}\necho ${version}\n`, { mode: 0o755 });
  return dir;
}

describe('python runtime family', () => {
  it('lists python3.9 to python3.14 and ships its runtime client', () => {
    expect(PYTHON_RUNTIMES).toEqual(['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14']);
    expect(fs.existsSync(PYTHON_RUNTIME_CLIENT)).toBe(true);
  });

  it('is the registry\'s family for every python3.x Lambda lists, and for no other runtime', () => {
    for (const runtime of PYTHON_RUNTIMES) expect(runtimeFamilyFor(runtime)).toBe(python);
    expect(supportedRuntimes()).toEqual(expect.arrayContaining([...PYTHON_RUNTIMES]));
    for (const runtime of ['python2.7', 'python3.8', 'python3', 'ruby3.3', 'Python3.12']) expect(runtimeFamilyFor(runtime)).toBeUndefined();
  });

  it('starts the resolved interpreter (not a PATH shim) on our client with Lambda\'s Python variables', () => {
    const family = createPythonFamily({ interpreter: machinePython.executable });
    const spec = family.launch(snapshot({ runtime: 'python3.12', codeDir: '/srv/fn', handler: 'pkg.mod.fn' }));
    expect(path.isAbsolute(spec.command)).toBe(true);
    expect(spec.args).toEqual(['-B', PYTHON_BOOTSTRAP, 'pkg.mod.fn']);
    expect(spec.cwd).toBe('/srv/fn');
    expect(spec.env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_python3.12');
    expect(spec.env.LAMBDA_TASK_ROOT).toBe('/srv/fn');
    expect(spec.env._HANDLER).toBe('pkg.mod.fn');
    expect(spec.env.PYTHONPATH?.split(path.delimiter)[0]).toBe('/srv/fn');
    expect(spec.env.PYTHONPATH?.split(path.delimiter)).toContain(path.dirname(PYTHON_RUNTIME_CLIENT));
    // The interpreter reports itself as what it is.
    const out = execFileSync(spec.command, ['-c', 'import sys;print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    expect(`python${out.trim()}`).toBe(machinePython.runtime);
  });

  it('prefers a python3.X on PATH that matches the declared runtime', () => {
    const bin = fakePython('python3.13', '3.13.1');
    const family = createPythonFamily({ env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } });
    const exact = family.interpreterFor('python3.13');
    expect(exact).toEqual({ executable: path.join(bin, 'real-python3.13'), version: '3.13.1', runtime: 'python3.13' });
    expect(family.notes('python3.13')).toEqual([]);
  });

  it('takes the interpreter from COLDBENCH_PYTHON over PATH', () => {
    const bin = fakePython('py-special', '3.10.4');
    const family = createPythonFamily({ env: { PATH: process.env.PATH, [PYTHON_ENV_VAR]: path.join(bin, 'py-special') } });
    const found = family.interpreterFor('python3.12');
    expect(found).toMatchObject({ version: '3.10.4', runtime: 'python3.10' });
  });

  it('says once, and keeps working, when the interpreter differs from the declared runtime', () => {
    const warnings: string[] = [];
    const family = createPythonFamily({ interpreter: machinePython.executable, onWarning: (m) => warnings.push(m) });
    const other = PYTHON_RUNTIMES.find((r) => r !== machinePython.runtime) ?? 'python3.9';
    const fn = snapshot({ runtime: other });
    expect(family.launch(fn).command).toBe(machinePython.executable);
    family.launch(fn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${other} runs on Python ${machinePython.version}`);
    expect(warnings[0]).toContain(PYTHON_ENV_VAR);
    expect(family.notes(fn.runtime)).toEqual(warnings);
    // The matching runtime has nothing to say.
    expect(family.notes(machinePython.runtime)).toEqual([]);
  });

  it('reports a missing interpreter as a clear message, not a crash', () => {
    const family = createPythonFamily({ interpreter: path.join(tmp, 'no-such-python') });
    expect(family.check?.()).toMatch(/Python functions cannot run: .*no-such-python/);
    expect(() => family.launch(snapshot())).toThrow(/function 'py'.*no-such-python.*COLDBENCH_PYTHON/s);
    expect(family.notes('python3.12')[0]).toMatch(/python3\.12 cannot run/);
  });

  it('refuses an interpreter that is not Python 3', () => {
    const bin = fakePython('python2', '2.7.18');
    const family = createPythonFamily({ interpreter: path.join(bin, 'python2') });
    expect(family.interpreterFor('python3.12')).toBeInstanceOf(Error);
    expect(() => family.launch(snapshot())).toThrow(/not Python 3/);
  });
});
