// Code identity and snapshots. CodeSha256 here is a SHA-256 over the code
// folder's files (paths and contents, in sorted order), not over a zip, but it
// changes exactly when the code does, which is what callers compare it for.

import { createHash } from 'node:crypto';
import { cp, lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

export interface CodeIdentity {
  readonly sha256: string;
  readonly size: number;
}

export async function hashCode(dir: string): Promise<CodeIdentity> {
  const hash = createHash('sha256');
  let size = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel));
    entries.sort();
    for (const name of entries) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(dir, relPath);
      const st = await lstat(full);
      if (st.isDirectory()) {
        await walk(relPath);
      } else if (st.isSymbolicLink()) {
        hash.update(`L${relPath}\0${await readlink(full)}\0`);
      } else if (st.isFile()) {
        const data = await readFile(full);
        size += data.length;
        hash.update(`F${relPath}\0${data.length}\0`);
        hash.update(data);
      }
    }
  };
  await walk('');
  return { sha256: hash.digest('base64'), size };
}

/** Freezes a version's code: a published version must not change when the folder does. */
export async function copyCode(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
}
