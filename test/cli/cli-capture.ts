// Runs command modules in-process the way src/cli/main.ts wires them (vitest
// cannot load main.ts's plain require() of .ts modules), capturing output.
// One test per command also runs the built executable end to end.

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import type { CommandModule } from '../../src/cli/command';
import { CliError, EXIT } from '../../src/cli/errors';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCommand(mod: CommandModule, ...args: string[]): Promise<CliResult> {
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
  let code: number = EXIT.ok;
  const program = new Command('coldbench').exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
  mod.register(program, (c) => { code = c; });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    else if (error instanceof CliError) {
      process.stderr.write(`coldbench: ${error.message}\n`);
      code = error.exitCode;
    } else throw error;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, out, err };
}

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'coldbench.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; a file run alone after an edit builds here. */
export function ensureBuilt(builtFile: string): void {
  const built = path.join(root, 'dist', builtFile);
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(path.join(root, 'src'))) {
    try {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    } catch {
      /* another module's type error stops the script, not the emit; the run below says what is missing */
    }
  }
}

/** The real executable, as a user runs it. */
export function coldbench(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}
