// Unpacks a deployment package (a zip given to CreateFunction or
// UpdateFunctionCode) into an empty folder, refusing what Lambda refuses and
// what would be unsafe on this machine:
// - a file that is not a zip, or a zip with no file: Lambda's "Could not unzip
//   uploaded file" and "Uploaded file must be a non-empty zip";
// - entries with an absolute path or a `..` segment (yauzl refuses both while
//   reading the central directory), and symbolic links that point outside the
//   folder: nothing is ever written outside it;
// - more than `maxUnzippedBytes` once inflated. The sizes in the zip's headers
//   are never trusted: the bytes are counted as they are inflated, and the
//   unpacking stops at the first byte past the limit (a zip bomb costs at most
//   the limit in disk and time).
// File modes are kept (an executable `bootstrap` stays executable); a zip made
// on a system without Unix modes gets 0644 files and 0755 folders.
// Reading is yauzl's (https://github.com/thejoshwolfe/yauzl): it checks names,
// sizes and CRCs; writing the files is ours.

import { createWriteStream } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export type ZipRefusalKind = 'corrupt' | 'empty' | 'unsafe-path' | 'too-large';

/** Why a package was refused; `detail` says which entry, for messages beyond Lambda's own. */
export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
  constructor(readonly kind: ZipRefusalKind, readonly detail: string) {
    super(detail);
  }
}

export interface Unpacked {
  /** Regular files written. */
  readonly files: number;
  /** Bytes of all files once inflated. */
  readonly unzippedBytes: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
/** versionMadeBy's upper byte for Unix: only then do the external attributes hold a mode. */
const MADE_BY_UNIX = 3;

/** Counts bytes as they pass and fails the stream at the first one past the budget. */
class Budget extends Transform {
  constructor(private readonly left: { bytes: number }, private readonly onOver: () => ZipRefusal) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.left.bytes -= chunk.length;
    if (this.left.bytes < 0) done(this.onOver());
    else done(null, chunk);
  }
}

function unixMode(entry: yauzl.Entry): number | undefined {
  if (entry.versionMadeBy >>> 8 !== MADE_BY_UNIX) return undefined;
  const mode = entry.externalFileAttributes >>> 16;
  return mode === 0 ? undefined : mode;
}

/** Opens the zip; names with `..` or an absolute path are refused by yauzl here. */
async function open(zip: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true });
  } catch (err) {
    throw refusalOf(err);
  }
}

function refusalOf(err: unknown): ZipRefusal {
  if (err instanceof ZipRefusal) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test(message)) return new ZipRefusal('unsafe-path', message);
  return new ZipRefusal('corrupt', message);
}

/** Entries one at a time (lazyEntries), so a bomb's next entry is never opened. */
function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: yauzl.Entry): void => { cleanup(); resolve(e); };
    const onEnd = (): void => { cleanup(); resolve(undefined); };
    const onError = (err: Error): void => { cleanup(); reject(refusalOf(err)); };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function readAll(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) reject(new ZipRefusal('unsafe-path', 'symbolic link target too long'));
      else chunks.push(c);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (err) => reject(refusalOf(err)));
  });
}

/** Unpacks `zip` into `dest` (created, must not exist or be empty); throws ZipRefusal. */
export async function unpackZip(zip: Buffer, dest: string, maxUnzippedBytes: number): Promise<Unpacked> {
  const root = path.resolve(dest);
  await mkdir(root, { recursive: true });
  const file = await open(zip);
  const left = { bytes: maxUnzippedBytes };
  const over = (): ZipRefusal => new ZipRefusal('too-large', `unzipped size passed ${maxUnzippedBytes} bytes`);
  let files = 0;
  let entries = 0;
  try {
    for (let entry = await nextEntry(file); entry !== undefined; entry = await nextEntry(file)) {
      entries++;
      const name = entry.fileName;
      const target = path.resolve(root, name);
      // yauzl has refused absolute paths and `..`; this guards the join itself.
      if (target !== root && !target.startsWith(root + path.sep)) throw new ZipRefusal('unsafe-path', `entry outside the package: ${name}`);
      const mode = unixMode(entry);
      const kind = mode === undefined ? undefined : mode & S_IFMT;
      if (name.endsWith('/') || kind === S_IFDIR) {
        await mkdir(target, { recursive: true, mode: 0o755 });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      const stream = await file.openReadStreamPromise(entry).catch((err: unknown) => { throw refusalOf(err); });
      if (kind === S_IFLNK) {
        const link = (await readAll(stream, 4096)).toString('utf8');
        const resolved = path.resolve(path.dirname(target), link);
        if (path.isAbsolute(link) || (resolved !== root && !resolved.startsWith(root + path.sep))) {
          throw new ZipRefusal('unsafe-path', `symbolic link ${name} points outside the package: ${link}`);
        }
        await symlink(link, target);
        continue;
      }
      // 0644 unless the zip says otherwise; never set-id or sticky bits.
      const fileMode = mode === undefined ? 0o644 : (mode & 0o777) | 0o400;
      try {
        await pipeline(stream, new Budget(left, over), createWriteStream(target, { mode: fileMode, flags: 'wx' }));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ZipRefusal('corrupt', `entry appears twice: ${name}`);
        throw refusalOf(err);
      }
      files++;
    }
  } finally {
    file.close();
  }
  if (entries === 0) throw new ZipRefusal('empty', 'the zip has no entries');
  return { files, unzippedBytes: maxUnzippedBytes - left.bytes };
}
