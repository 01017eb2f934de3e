// Runs the coldbench CLI in-process through src/cli/main.ts (the same wiring
// as the executable), capturing output; and the built executable as a child
// process for the tests that must see it as a user does.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main';
import { ROOT, runCli } from '../run/helpers';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `coldbench <args…>` in this process: exit code and what it wrote. */
export async function runCommand(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // The Python runtime writes its bytecode beside its modules when a test runs it from src/: not a change to build.
    // Counted, it made a test mid-suite rebuild dist/ under the feet of a CLI run loading it (seen in a fresh-clone npm test).
    if (entry.name === '__pycache__') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; a file run alone after an edit builds here. */
export function ensureBuilt(builtFile: string): void {
  const built = path.join(ROOT, 'dist', builtFile);
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(path.join(ROOT, 'src'))) {
    try {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      /* another module's type error stops the script, not the emit; the run below says what is missing */
    }
  }
}

/** The real executable, as a user runs it (test/run/helpers' runCli, with this file's field names). */
export async function coldbench(...args: string[]): Promise<CliResult> {
  const res = await runCli(args, { timeoutMs: 60_000 });
  return { code: res.code ?? -1, out: res.stdout, err: res.stderr };
}
