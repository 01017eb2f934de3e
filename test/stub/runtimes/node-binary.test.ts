// Which node runs a Node.js function (src/stub/runtimes/node-binary.ts): a
// matching node when the machine has one (COLDBENCH_NODE, or node22/node24 on
// PATH), else the machine's own with a warning and the function's StateReason,
// as the Python runtime does for its interpreter.
//
// The fake node22/node24 here are shell scripts that answer `--version` with
// the version they stand for and exec the real node for anything else, after
// setting COLDBENCH_FAKE_NODE so that a function can tell which one ran it.
// A binary's version is what it answers to `--version` (see node-binary.ts).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBinaryChooser, NODE_ENV_VAR, runtimeMajor } from '../../../src/stub/runtimes/node-binary';
import { LocalLambda } from '../../../src/stub/service';
import { ensureBuilt } from '../../cli/cli-capture';
import { clientFor } from '../service-helpers';

const SELF_MAJOR = Number(process.versions.node.split('.')[0]);
/** Two majors this machine's node is not, so the tests mean the same on Node 20, 22 or 24. */
const [OTHER, THIRD] = [22, 24, 20].filter((m) => m !== SELF_MAJOR) as [number, number];

let tmp: string;
let fakeDir: string;

/** A fake node that says it is `version` and runs the real node, marked `marker`. */
function fakeNode(dir: string, name: string, version: string, marker: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v${version}; exit 0; fi\nexport COLDBENCH_FAKE_NODE=${marker}\nexec "${process.execPath}" "$@"\n`,
    { mode: 0o755 },
  );
  return file;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-node-'));
  fakeDir = path.join(tmp, 'bin');
  fakeNode(fakeDir, `node${OTHER}`, `${OTHER}.3.1`, `node${OTHER}`);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('choosing the node for a Node.js runtime', () => {
  const pathWithFake = (): string => `${fakeDir}${path.delimiter}${process.env.PATH ?? ''}`;

  it('reads the major from the runtime identifier', () => {
    expect(runtimeMajor('nodejs22.x')).toBe(22);
    expect(runtimeMajor('nodejs24.x')).toBe(24);
    expect(runtimeMajor('python3.12')).toBeUndefined();
  });

  it('runs the machine\'s node, without a note, for the runtime of its own major', () => {
    const choice = createNodeBinaryChooser({ env: { PATH: pathWithFake() } }).choose(`nodejs${SELF_MAJOR}.x`);
    expect(choice).toEqual({ binary: { command: process.execPath, version: process.versions.node, major: SELF_MAJOR } });
  });

  it(`uses node${OTHER} on PATH for nodejs${OTHER}.x when it says it is Node ${OTHER}`, () => {
    const choice = createNodeBinaryChooser({ env: { PATH: pathWithFake() } }).choose(`nodejs${OTHER}.x`);
    expect(choice.binary).toEqual({ command: path.join(fakeDir, `node${OTHER}`), version: `${OTHER}.3.1`, major: OTHER });
    expect(choice.note).toBeUndefined();
  });

  it('without one, runs the machine\'s node and says so, naming the way to match Lambda', () => {
    const choice = createNodeBinaryChooser({ env: { PATH: '/usr/bin:/bin' } }).choose(`nodejs${THIRD}.x`);
    expect(choice.binary.command).toBe(process.execPath);
    expect(choice.note).toBe(
      `nodejs${THIRD}.x runs on Node.js ${process.versions.node} (${process.execPath}); put a node${THIRD} on PATH or set ${NODE_ENV_VAR} to a Node.js ${THIRD} to match Lambda`,
    );
  });

  it(`does not take a node${THIRD} on PATH that says it is another version`, () => {
    const liar = path.join(tmp, 'liar');
    fakeNode(liar, `node${THIRD}`, `${OTHER}.0.0`, 'liar');
    const choice = createNodeBinaryChooser({ env: { PATH: liar } }).choose(`nodejs${THIRD}.x`);
    expect(choice.binary.command).toBe(process.execPath);
    expect(choice.note).toContain(`put a node${THIRD} on PATH`);
  });

  it(`${NODE_ENV_VAR} wins over a matching node on PATH, and a version it does not match is said`, () => {
    const chosen = fakeNode(path.join(tmp, 'chosen'), 'mynode', `${OTHER}.9.0`, 'chosen');
    const chooser = createNodeBinaryChooser({ env: { PATH: pathWithFake(), [NODE_ENV_VAR]: chosen } });
    expect(chooser.choose(`nodejs${OTHER}.x`)).toEqual({ binary: { command: chosen, version: `${OTHER}.9.0`, major: OTHER } });
    const other = chooser.choose(`nodejs${THIRD}.x`);
    expect(other.binary.command).toBe(chosen);
    expect(other.note).toBe(`nodejs${THIRD}.x runs on Node.js ${OTHER}.9.0 (${chosen}, from ${NODE_ENV_VAR}), not Node.js ${THIRD}`);
  });

  it(`says when ${NODE_ENV_VAR} names nothing runnable, and runs the machine's node`, () => {
    const choice = createNodeBinaryChooser({ env: { PATH: '/usr/bin:/bin', [NODE_ENV_VAR]: path.join(tmp, 'missing-node') } }).choose(`nodejs${OTHER}.x`);
    expect(choice.binary.command).toBe(process.execPath);
    expect(choice.note).toContain(`${NODE_ENV_VAR} cannot be used: no '${path.join(tmp, 'missing-node')}' found`);
  });

  it('asks each binary its version once', () => {
    const counted = path.join(tmp, 'counted');
    fs.mkdirSync(counted);
    const log = path.join(tmp, 'asked.log');
    fs.writeFileSync(path.join(counted, `node${OTHER}`), `#!/bin/sh\necho asked >> "${log}"\necho v${OTHER}.0.0\n`, { mode: 0o755 });
    const chooser = createNodeBinaryChooser({ env: { PATH: counted } });
    for (let i = 0; i < 3; i++) expect(chooser.choose(`nodejs${OTHER}.x`).note).toBeUndefined();
    expect(fs.readFileSync(log, 'utf8')).toBe('asked\n');
  });
});

describe('Node.js versions on the local service', () => {
  let service: LocalLambda;
  let client: LambdaClient;
  const warnings: string[] = [];
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    const functions = path.join(tmp, 'functions');
    const code = 'exports.handler = async () => ({ fake: process.env.COLDBENCH_FAKE_NODE ?? null, version: process.version });\n';
    for (const major of [OTHER, THIRD]) {
      const dir = path.join(functions, `node-v${major}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'index.js'), code);
      fs.writeFileSync(path.join(dir, 'function.json'), JSON.stringify({ runtime: `nodejs${major}.x` }));
    }
    // The service reads PATH when it chooses: the fake node is on it for this file's process only.
    process.env.PATH = `${fakeDir}${path.delimiter}${savedPath ?? ''}`;
    delete process.env[NODE_ENV_VAR];
    service = new LocalLambda({ functionsDir: functions, cgroups: false, onWarning: (m) => warnings.push(m) });
    client = clientFor(await service.start());
  });

  afterAll(async () => {
    client?.destroy();
    await service?.stop();
    process.env.PATH = savedPath;
  });

  const invoke = async (name: string): Promise<{ fake: string | null; version: string }> => {
    const out = await client.send(new InvokeCommand({ FunctionName: name }));
    expect(out.FunctionError).toBeUndefined();
    return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')) as { fake: string | null; version: string };
  };

  it(`runs a nodejs${OTHER}.x function on the node${OTHER} found on PATH, with no warning`, async () => {
    expect(await invoke(`node-v${OTHER}`)).toEqual({ fake: `node${OTHER}`, version: process.version });
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: `node-v${OTHER}` }));
    expect(config.StateReason ?? '').not.toContain('runs on Node.js');
    expect(warnings.filter((w) => w.includes(`nodejs${OTHER}.x`))).toEqual([]);
  });

  it(`runs a nodejs${THIRD}.x function on the machine's node, warns once and says so in StateReason`, async () => {
    expect(await invoke(`node-v${THIRD}`)).toEqual({ fake: null, version: process.version });
    await invoke(`node-v${THIRD}`);
    const note = `nodejs${THIRD}.x runs on Node.js ${process.versions.node} (${process.execPath}); put a node${THIRD} on PATH or set ${NODE_ENV_VAR} to a Node.js ${THIRD} to match Lambda`;
    expect(warnings.filter((w) => w.includes(`nodejs${THIRD}.x`))).toEqual([note]);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: `node-v${THIRD}` }));
    expect(config.State).toBe('Active');
    expect(config.StateReason).toContain(note);
  });
});

describe('coldbench stub with a Node.js runtime the machine lacks', () => {
  it(`logs the warning once when it starts, for a nodejs${THIRD}.x function`, async () => {
    ensureBuilt(path.join('cli', 'commands', 'stub.js'));
    const functions = path.join(tmp, 'stub-functions');
    for (const name of ['one', 'two']) {
      fs.mkdirSync(path.join(functions, name), { recursive: true });
      fs.writeFileSync(path.join(functions, name, 'index.js'), 'exports.handler = async () => 1;\n');
      fs.writeFileSync(path.join(functions, name, 'function.json'), JSON.stringify({ runtime: `nodejs${THIRD}.x` }));
    }
    const bin = path.join(__dirname, '..', '..', '..', 'bin', 'coldbench.js');
    const env: Record<string, string | undefined> = { ...process.env, PATH: '/usr/bin:/bin' };
    delete env[NODE_ENV_VAR];
    const child = spawn(process.execPath, [bin, 'stub', '--port', '0', '--functions', functions], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      for (let i = 0; i < 1500 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/listening on/);
      const lines = err.split('\n').filter((l) => l.includes(`nodejs${THIRD}.x runs on Node.js`));
      expect(lines).toEqual([
        `coldbench stub: warning: nodejs${THIRD}.x runs on Node.js ${process.versions.node} (${process.execPath}); put a node${THIRD} on PATH or set ${NODE_ENV_VAR} to a Node.js ${THIRD} to match Lambda`,
      ]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);
});
