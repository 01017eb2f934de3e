// Lambda's Python runtimes (python3.9 … python3.14), run on the machine's own
// Python 3 by our standard-library runtime client (python/runtime_client.py,
// started by python/bootstrap.py).
// Lambda pins one interpreter per runtime; here the closest interpreter found
// runs the function and a version difference is reported, never fatal.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runtimesOf } from '../../lambda/runtimes';
import type { FunctionSnapshot } from '../engine/types';
import type { LaunchSpec, RuntimeFamily } from './types';

export const PYTHON_RUNTIMES = runtimesOf('python');

/** Environment variable naming the interpreter (command on PATH or a path). */
export const PYTHON_ENV_VAR = 'COLDBENCH_PYTHON';

/** Shipped next to the compiled module (scripts/copy-assets.js copies .py into dist). */
const PYTHON_RUNTIME_DIR = path.join(__dirname, 'python');
/** What an environment runs: a few lines that import the runtime client, so that its cached bytecode is used. */
export const PYTHON_BOOTSTRAP = path.join(PYTHON_RUNTIME_DIR, 'bootstrap.py');
export const PYTHON_RUNTIME_CLIENT = path.join(PYTHON_RUNTIME_DIR, 'runtime_client.py');
/** SnapStart: runs the init once and forks each restored environment (see ../engine/snapshot.ts). */
export const PYTHON_SNAPSHOT_SERVER = path.join(PYTHON_RUNTIME_DIR, 'snapshot_server.py');

export interface PythonFamilyOptions {
  /** Interpreter for every Python runtime; default $COLDBENCH_PYTHON, else python3.X matching the runtime, else python3. */
  readonly interpreter?: string;
  /** Where PATH and COLDBENCH_PYTHON are read from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called once per distinct warning (an interpreter older or newer than the declared runtime). */
  readonly onWarning?: (message: string) => void;
}

export interface PythonInterpreter {
  /** Absolute path (sys.executable), so that no shim or PATH lookup runs per cold start. */
  readonly executable: string;
  /** e.g. '3.11.7'. */
  readonly version: string;
  /** e.g. 'python3.11', comparable with a runtime identifier. */
  readonly runtime: string;
}

export interface PythonFamily extends RuntimeFamily {
  /** The interpreter that runs this runtime, or an Error saying why there is none. */
  interpreterFor(runtime: string): PythonInterpreter | Error;
  notes(runtime: string): readonly string[];
}

/**
 * Names the interpreter and its version, and writes the bytecode of the
 * runtime's modules for this interpreter (best effort: a folder that cannot
 * be written only means they are compiled at each start). The environments
 * run with -B, which reads cached bytecode but never writes it.
 */
const PROBE = [
  'import sys',
  'print(sys.executable)',
  'print("%d.%d.%d" % sys.version_info[:3])',
  'try:',
  '    import py_compile',
  `    for name in ${JSON.stringify(['runtime_client.py', 'snapshot_server.py', 'snapshot_restore_py.py'])}:`,
  `        py_compile.compile(${JSON.stringify(PYTHON_RUNTIME_DIR)} + "/" + name, doraise=True)`,
  'except Exception:',
  '    pass',
].join('\n');

function onPath(command: string, env: Readonly<Record<string, string | undefined>>): boolean {
  if (command.includes('/')) {
    try {
      fs.accessSync(command, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

export function createPythonFamily(options: PythonFamilyOptions = {}): PythonFamily {
  // Read at each use, not at import: the service may set COLDBENCH_PYTHON
  // after this module is loaded (and tests do).
  const currentEnv = (): Readonly<Record<string, string | undefined>> => options.env ?? process.env;
  const interpreterChoice = (): string | undefined => options.interpreter ?? (currentEnv()[PYTHON_ENV_VAR] || undefined);
  const probes = new Map<string, PythonInterpreter | Error>();
  const warned = new Set<string>();

  function probe(command: string): PythonInterpreter | Error {
    const known = probes.get(command);
    if (known) return known;
    let found: PythonInterpreter | Error;
    try {
      const out = execFileSync(command, ['-c', PROBE], {
        encoding: 'utf8',
        env: { ...currentEnv() },
        timeout: 30_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const [executable = '', version = ''] = out.trim().split('\n').map((s) => s.trim());
      const match = /^(\d+)\.(\d+)\.\d+$/.exec(version);
      if (!match || match[1] !== '3') {
        found = new Error(`'${command}' is Python ${version || '(unknown version)'}, not Python 3`);
      } else {
        found = {
          executable: executable && path.isAbsolute(executable) ? executable : command,
          version,
          runtime: `python${match[1]}.${match[2]}`,
        };
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      found = new Error(
        code === 'ENOENT'
          ? `no '${command}' found on PATH`
          : `'${command}' did not start: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    probes.set(command, found);
    return found;
  }

  function interpreterFor(runtime: string): PythonInterpreter | Error {
    const explicit = interpreterChoice();
    if (explicit) return probe(explicit);
    // A python3.X on PATH that matches the declared runtime beats the default.
    if (onPath(runtime, currentEnv())) {
      const exact = probe(runtime);
      if (!(exact instanceof Error)) return exact;
    }
    return probe('python3');
  }

  function notes(runtime: string): readonly string[] {
    const found = interpreterFor(runtime);
    if (found instanceof Error) return [`${runtime} cannot run: ${found.message}`];
    if (found.runtime === runtime) return [];
    return [
      `${runtime} runs on Python ${found.version} (${found.executable}); ` +
        `set ${PYTHON_ENV_VAR} to a ${runtime} interpreter to match Lambda`,
    ];
  }

  function warnOnce(message: string): void {
    if (warned.has(message)) return;
    warned.add(message);
    options.onWarning?.(message);
  }

  function launch(fn: FunctionSnapshot, script: string): LaunchSpec {
    const found = interpreterFor(fn.runtime);
    if (found instanceof Error) {
      throw new Error(
        `Python runtime ${fn.runtime} for function '${fn.name}': ${found.message}. ` +
          `Install Python 3, or set ${PYTHON_ENV_VAR} to the interpreter to use.`,
      );
    }
    for (const note of notes(fn.runtime)) warnOnce(note);
    return {
      command: found.executable,
      // -B: read the function's own __pycache__ but never write into its
      // folder, as on Lambda where the code folder is read-only.
      args: ['-B', script, fn.handler],
      env: {
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        LAMBDA_TASK_ROOT: fn.codeDir,
        LAMBDA_RUNTIME_DIR: PYTHON_RUNTIME_DIR,
        // The runtime's folder holds snapshot_restore_py, importable by every function as on Lambda.
        PYTHONPATH: [fn.codeDir, PYTHON_RUNTIME_DIR].join(path.delimiter),
        // Lambda puts its language binaries first (/var/lang/bin): here, this interpreter's.
        PATH: [path.dirname(found.executable), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
        _HANDLER: fn.handler,
      },
      cwd: fn.codeDir,
    };
  }

  return {
    name: 'python',
    interpreterFor,
    notes,
    snapshot(fn: FunctionSnapshot): LaunchSpec {
      return launch(fn, PYTHON_SNAPSHOT_SERVER);
    },
    launch(fn: FunctionSnapshot): LaunchSpec {
      return launch(fn, PYTHON_BOOTSTRAP);
    },
    // Called at start when the service has Python functions: probing here
    // keeps the interpreter probe (a process start, slow behind a pyenv shim)
    // out of the first cold start's measured latency.
    check(): string | undefined {
      const explicit = interpreterChoice();
      const command = explicit ?? 'python3';
      if (!onPath(command, currentEnv())) {
        return `Python functions cannot run: no '${command}' found${explicit ? '' : ' on PATH'} (install Python 3 or set ${PYTHON_ENV_VAR})`;
      }
      const found = probe(command);
      return found instanceof Error ? `Python functions cannot run: ${found.message} (set ${PYTHON_ENV_VAR} to a Python 3)` : undefined;
    },
  };
}

/** The family the registry uses: interpreter from COLDBENCH_PYTHON or PATH. */
export const python: PythonFamily = createPythonFamily();
