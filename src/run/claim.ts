// A result folder belongs to one run. It is claimed by creating its
// invocations.csv exclusively (O_CREAT|O_EXCL, one atomic step in the kernel),
// so two runs started at once with the same --out cannot both pass: the
// second gets EEXIST and is refused before it invokes anything. A folder that
// holds another run's files (run.json, journal.jsonl: above all the journal,
// which `coldbench restore` relies on) is refused too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULT_FILES } from '../report/files';
import { JOURNAL_FILE } from '../targets/journal';

/** The result folder cannot be used; the CLI makes it exit 2. */
export class OutDirError extends Error {
  override readonly name = 'OutDirError';
}

export interface ResultFolderClaim {
  readonly dir: string;
  /** invocations.csv, created empty and open for writing. */
  readonly csvFd: number;
  /** The run created the folder (so may remove it again when nothing ran). */
  readonly madeDir: boolean;
  /** Gives the claim back when nothing was written: closes and removes the empty file (and the folder it made). */
  release(): void;
}

export function claimResultFolder(dir: string): ResultFolderClaim {
  const kind = statKind(dir);
  if (kind === 'other') throw new OutDirError(`--out: ${dir} exists and is not a folder`);
  const madeDir = kind === 'missing';
  try {
    makeFolders(dir);
  } catch (err) {
    throw new OutDirError(`--out: cannot create the folder ${dir} (${code(err)})`);
  }
  for (const f of [RESULT_FILES.run, JOURNAL_FILE]) {
    if (fs.existsSync(path.join(dir, f))) throw taken(dir);
  }
  const csv = path.join(dir, RESULT_FILES.invocations);
  let csvFd: number;
  try {
    csvFd = fs.openSync(csv, 'wx');
  } catch (err) {
    if (code(err) === 'EEXIST') throw taken(dir);
    throw new OutDirError(`--out: cannot write in ${dir} (${code(err)})`);
  }
  let released = false;
  return {
    dir,
    csvFd,
    madeDir,
    release: () => {
      if (released) return;
      released = true;
      try {
        fs.closeSync(csvFd);
      } catch { /* already closed by the writer */ }
      fs.rmSync(csv, { force: true });
      if (madeDir) {
        try {
          fs.rmdirSync(dir); // only when empty
        } catch { /* something else is in it: keep it */ }
      }
    },
  };
}

/**
 * mkdir -p without `recursive: true`: Node's recursive mkdir loops forever at
 * 100% CPU on a path such as /proc/self/nope (its parent exists, yet the
 * child cannot be made and mkdir keeps answering ENOENT). Each level is tried
 * once here.
 */
function makeFolders(dir: string): void {
  try {
    fs.mkdirSync(dir);
    return;
  } catch (err) {
    if (code(err) === 'EEXIST' && statKind(dir) === 'dir') return;
    if (code(err) !== 'ENOENT') throw err;
  }
  const parent = path.dirname(dir);
  if (parent === dir) throw Object.assign(new Error('no root'), { code: 'ENOENT' });
  makeFolders(parent);
  fs.mkdirSync(dir);
}

function taken(dir: string): OutDirError {
  return new OutDirError(`--out: ${dir} already holds the results of a run (or another run is writing there now); choose another folder`);
}

function statKind(p: string): 'dir' | 'missing' | 'other' {
  try {
    return fs.statSync(p).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    // A path under a file (ENOTDIR) cannot be made a folder: mkdir says so below.
    return code(err) === 'ENOENT' ? 'missing' : 'dir';
  }
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}
