// A zip of a code folder, for GetFunction's Code.Location of a function that
// came as a folder rather than a zip. Deterministic: entries in sorted order,
// one fixed timestamp, so an unchanged folder gives the same bytes. Modes and
// symbolic links are kept. Writing is yazl's (https://github.com/thejoshwolfe/yazl).

import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';

/** 1980-01-01, the earliest time a zip can hold: nothing of the build machine's clock leaks into the bytes. */
const FIXED_TIME = new Date(1980, 0, 1);

export async function zipFolder(dir: string, skip: (relPath: string) => boolean = () => false): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(path.join(dir, rel))).sort();
    for (const name of names) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      if (skip(relPath)) continue;
      const full = path.join(dir, relPath);
      const st = await lstat(full);
      if (st.isDirectory()) {
        zip.addEmptyDirectory(relPath, { mtime: FIXED_TIME, mode: st.mode });
        await walk(relPath);
      } else if (st.isSymbolicLink()) {
        zip.addBuffer(Buffer.from(await readlink(full)), relPath, { mtime: FIXED_TIME, mode: st.mode, compress: false });
      } else if (st.isFile()) {
        zip.addBuffer(await readFile(full), relPath, { mtime: FIXED_TIME, mode: st.mode });
      }
    }
  };
  await walk('');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
