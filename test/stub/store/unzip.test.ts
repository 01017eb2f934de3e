// unpackZip on its own: what lands on disk (modes, folders, links inside the
// package) and what is refused before anything lands outside the folder.

import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackZip, ZipRefusal } from '../../../src/stub/store/unzip';
import { makeZip, rawZip } from '../api/zips';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'unzip-test-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

async function refusal(zip: Buffer, max = 1 << 20): Promise<ZipRefusal> {
  const dest = path.join(dir, 'out');
  const err = await unpackZip(zip, dest, max).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ZipRefusal);
  return err as ZipRefusal;
}

describe('unpackZip', () => {
  it('writes files and folders with their modes, counting the unzipped bytes', async () => {
    const zip = await makeZip([
      { name: 'bootstrap', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'lib/a/b.txt', data: 'deep' },
      { name: 'private.key', data: 'k', mode: 0o600 },
    ]);
    const dest = path.join(dir, 'out');
    expect(await unpackZip(zip, dest, 1 << 20)).toEqual({ files: 3, unzippedBytes: 10 + 4 + 1 });
    expect((await lstat(path.join(dest, 'bootstrap'))).mode & 0o777).toBe(0o755);
    expect((await lstat(path.join(dest, 'private.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dest, 'lib', 'a', 'b.txt'), 'utf8')).toBe('deep');
  });

  it('keeps a symbolic link that stays inside the package', async () => {
    const zip = rawZip([{ name: 'real.js', data: Buffer.from('x') }, { name: 'lib/alias.js', data: Buffer.from('../real.js'), mode: 0o120777 }]);
    const dest = path.join(dir, 'out');
    await unpackZip(zip, dest, 1 << 20);
    expect(await readlink(path.join(dest, 'lib', 'alias.js'))).toBe('../real.js');
  });

  it('refuses `..`, absolute paths, links out, duplicates, garbage and empty zips', async () => {
    expect((await refusal(rawZip([{ name: 'a/../../x', data: Buffer.from('x') }]))).kind).toBe('unsafe-path');
    expect((await refusal(rawZip([{ name: '/etc/x', data: Buffer.from('x') }]))).kind).toBe('unsafe-path');
    expect((await refusal(rawZip([{ name: 'up', data: Buffer.from('../../x'), mode: 0o120777 }]))).kind).toBe('unsafe-path');
    expect((await refusal(rawZip([{ name: 'abs', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]))).kind).toBe('unsafe-path');
    expect((await refusal(rawZip([{ name: 'a', data: Buffer.from('1') }, { name: 'a', data: Buffer.from('2') }]))).kind).toBe('corrupt');
    expect((await refusal(Buffer.from('PK but not really a zip'))).kind).toBe('corrupt');
    expect((await refusal(rawZip([]))).kind).toBe('empty');
    expect(await readdir(dir)).toEqual(['out']);
  });

  it('stops at the limit while inflating, across entries, and when a header lies', async () => {
    const two = rawZip([{ name: 'a', data: Buffer.alloc(600_000), deflate: true }, { name: 'b', data: Buffer.alloc(600_000), deflate: true }]);
    expect((await refusal(two, 1_000_000)).kind).toBe('too-large');
    const liar = rawZip([{ name: 'a', data: Buffer.alloc(600_000), deflate: true, claimedSize: 100 }]);
    expect((await refusal(liar, 1_000_000)).kind).toBe('corrupt');
    const dest = path.join(dir, 'ok');
    expect((await unpackZip(rawZip([{ name: 'a', data: Buffer.alloc(1_000_000), deflate: true }]), dest, 1_000_000)).unzippedBytes).toBe(1_000_000);
  });
});
