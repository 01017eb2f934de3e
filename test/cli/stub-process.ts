// `coldbench stub` as a user starts it: the built executable as a child
// process on a port the OS picks, ready once it prints where it listens.

import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'coldbench.js');

export interface StubProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** stdout and stderr as they have come so far. */
  readonly out: () => string;
  readonly err: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `coldbench stub <args>` and waits for its endpoint line; rejects, with its stderr, if it exits first. */
export async function startStubProcess(args: readonly string[]): Promise<StubProcess> {
  const child = spawn(process.execPath, [bin, 'stub', ...args], { cwd: root });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    void exited.then((code) => reject(new Error(`stub exited ${code}: ${err}`)));
  });
  return { child, url, out: () => out, err: () => err, exited };
}

/** The AWS CLI (v1 or v2) is optional on a developer machine; the SDK tests cover the same operations. */
export function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
