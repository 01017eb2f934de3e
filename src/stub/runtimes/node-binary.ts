// Which `node` runs a Node.js function. Lambda pins one Node.js major per
// runtime (nodejs20.x runs Node 20, nodejs22.x Node 22, nodejs24.x Node 24);
// here the first of these that is there runs it:
//   1. COLDBENCH_NODE (a command on PATH or a path), for every Node.js runtime;
//   2. the Node.js running coldbench, when its major is the runtime's;
//   3. `node<major>` on PATH (node22, node24), when it says it is that major;
//   4. the Node.js running coldbench anyway, with a note (a warning in the
//      service's log, the function's StateReason), as for Python (python.ts).
//
// A binary's version is what it answers to `--version` (`v22.11.0`), Node's
// own version query, which version-manager shims answer for the Node they
// dispatch to. It is asked once per binary, when the service starts (check()
// and notes()), so no probe lands in a measured cold start. The binary is run
// as named (resolved on PATH once), so a wrapper script keeps its effect.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Environment variable naming the node binary for every Node.js runtime. */
export const NODE_ENV_VAR = 'COLDBENCH_NODE';

export interface NodeBinary {
  /** What to spawn: an absolute path. */
  readonly command: string;
  /** e.g. '22.11.0'. */
  readonly version: string;
  readonly major: number;
}

export interface NodeChoice {
  readonly binary: NodeBinary;
  /** Set when the binary is not the runtime's Node.js major (or COLDBENCH_NODE could not be used). */
  readonly note?: string;
}

export interface NodeBinaryOptions {
  /** Where PATH and COLDBENCH_NODE are read from, at each use; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The Node.js major a runtime identifier pins: nodejs22.x → 22; undefined for anything else. */
export function runtimeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m === null ? undefined : Number(m[1]);
}

const SELF: NodeBinary = {
  command: process.execPath,
  version: process.versions.node,
  major: Number(process.versions.node.split('.')[0]),
};

/** `command` as an absolute path: itself when it has a slash, else the first executable of that name on PATH. */
function resolve(command: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const candidates = command.includes('/') ? [path.resolve(command)] : (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '').map((d) => path.join(d, command));
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface NodeBinaryChooser {
  /** The node that runs `runtime` (a nodejs*.x identifier), and a note when it is not the runtime's major. */
  choose(runtime: string): NodeChoice;
}

export function createNodeBinaryChooser(options: NodeBinaryOptions = {}): NodeBinaryChooser {
  const currentEnv = (): Readonly<Record<string, string | undefined>> => options.env ?? process.env;
  const probes = new Map<string, NodeBinary | Error>();
  const choices = new Map<string, NodeChoice>();

  function probe(file: string): NodeBinary | Error {
    const known = probes.get(file);
    if (known !== undefined) return known;
    let found: NodeBinary | Error;
    try {
      const out = execFileSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(out);
      found = m === null ? new Error(`'${file}' answered '${out.split('\n')[0] ?? ''}' to --version, not a Node.js version`) : { command: file, version: out.slice(1), major: Number(m[1]) };
    } catch (err) {
      found = new Error(`'${file}' did not start: ${(err as Error).message.split('\n')[0] ?? ''}`);
    }
    probes.set(file, found);
    return found;
  }

  function decide(runtime: string, env: Readonly<Record<string, string | undefined>>): NodeChoice {
    const major = runtimeMajor(runtime);
    const explicit = env[NODE_ENV_VAR];
    if (explicit !== undefined && explicit !== '') {
      const file = resolve(explicit, env);
      const found = file === undefined ? new Error(`no '${explicit}' found${explicit.includes('/') ? '' : ' on PATH'}`) : probe(file);
      if (found instanceof Error) {
        return { binary: SELF, note: `${runtime} runs on Node.js ${SELF.version} (${SELF.command}): ${NODE_ENV_VAR} cannot be used: ${found.message}` };
      }
      if (major === undefined || found.major === major) return { binary: found };
      return { binary: found, note: `${runtime} runs on Node.js ${found.version} (${found.command}, from ${NODE_ENV_VAR}), not Node.js ${major}` };
    }
    if (major === undefined || SELF.major === major) return { binary: SELF };
    const named = resolve(`node${major}`, env);
    if (named !== undefined) {
      const found = probe(named);
      if (!(found instanceof Error) && found.major === major) return { binary: found };
    }
    return {
      binary: SELF,
      note:
        `${runtime} runs on Node.js ${SELF.version} (${SELF.command}); ` +
        `put a node${major} on PATH or set ${NODE_ENV_VAR} to a Node.js ${major} to match Lambda`,
    };
  }

  return {
    choose(runtime: string): NodeChoice {
      const env = currentEnv();
      // Asked at each cold start: the decision is kept per runtime, COLDBENCH_NODE and PATH.
      const key = `${runtime}\0${env[NODE_ENV_VAR] ?? ''}\0${env.PATH ?? ''}`;
      let choice = choices.get(key);
      if (choice === undefined) {
        choice = decide(runtime, env);
        choices.set(key, choice);
      }
      return choice;
    },
  };
}
