// The functions folder as the service's state. Each DIR/<name>/ is a
// function's code with its function.json (the format ./load.ts reads), so a
// restart serves what was deployed. A function deployed through the API keeps
// the zip it came from beside its folder, hidden (DIR/.<name>.zip), so that
// GetFunction's Code.Location serves the same bytes after a restart.
//
// A deploy never exposes half-written code: the zip is unpacked into a hidden
// staging folder of DIR itself (same filesystem), the settings are written
// there, and only then is it renamed into place. Replacing a function's code
// moves the old folder aside first (two renames, done synchronously so that no
// environment starts in between; environments still running the old code keep
// their files, which are removed TRASH_DELAY_MS later). A crash between the
// renames of the folder and of its zip leaves the new code with the old zip. Deploys of different
// functions touch different names and never wait for each other.
//
// A folder the user made by hand (no zip beside it) is never deleted: when
// DeleteFunction or UpdateFunctionCode replaces it, it is moved to
// DIR/.coldbench-removed/<name>-<time>/.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unpackZip, type Unpacked } from './unzip';

const STAGING_PREFIX = '.staging-';
const TRASH_PREFIX = '.trash-';
const REMOVED_DIR = '.coldbench-removed';
/** Old code is kept this long after a replacement, for invocations still running on it. */
const TRASH_DELAY_MS = 30_000;

/** A package unpacked, not yet in place. */
export interface Staged {
  readonly dir: string;
  readonly unpacked: Unpacked;
}

export class FunctionsFolder {
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(readonly dir: string, private readonly owned: boolean) {}

  /** The folder given with --functions; leftovers of an interrupted deploy are removed. */
  static async at(dir: string): Promise<FunctionsFolder> {
    const folder = new FunctionsFolder(path.resolve(dir), false);
    const names = await readdir(folder.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(STAGING_PREFIX) || n.startsWith(TRASH_PREFIX))
      .map((n) => rm(path.join(folder.dir, n), { recursive: true, force: true })));
    return folder;
  }

  /** A private folder, removed on dispose: for a service started without a functions folder. */
  static async temporary(): Promise<FunctionsFolder> {
    return new FunctionsFolder(await mkdtemp(path.join(os.tmpdir(), 'local-lambda-functions-')), true);
  }

  codeDir(name: string): string {
    return path.join(this.dir, name);
  }

  /** Where a deployed function's zip is kept. */
  zipPath(name: string): string {
    return path.join(this.dir, `.${name}.zip`);
  }

  /** Whether `name` came through the API (its zip is kept), as opposed to a folder made by hand. */
  async isDeployed(name: string): Promise<boolean> {
    return access(this.zipPath(name)).then(() => true, () => false);
  }

  /** Unpacks a zip into a staging folder of DIR; throws ZipRefusal (nothing is left behind then). */
  async stage(zip: Buffer, maxUnzippedBytes: number): Promise<Staged> {
    await mkdir(this.dir, { recursive: true });
    const dir = path.join(this.dir, `${STAGING_PREFIX}${randomUUID()}`);
    try {
      return { dir, unpacked: await unpackZip(zip, dir, maxUnzippedBytes) };
    } catch (err) {
      await this.discard(dir);
      throw err;
    }
  }

  async discard(stagedDir: string): Promise<void> {
    await rm(stagedDir, { recursive: true, force: true });
  }

  /**
   * Puts staged code in place as DIR/<name>/ with its function.json and keeps
   * its zip; the folder it replaces, if any, is moved aside. Returns the code folder.
   */
  async install(name: string, staged: Staged, functionJson: object, zip: Buffer): Promise<string> {
    await writeFile(path.join(staged.dir, 'function.json'), `${JSON.stringify(functionJson, null, 2)}\n`);
    const zipTemp = path.join(this.dir, `${STAGING_PREFIX}${randomUUID()}.zip`);
    await writeFile(zipTemp, zip);
    const target = this.codeDir(name);
    const wasDeployed = await this.isDeployed(name);
    // The swap is synchronous: no environment can be started (spawn runs on this
    // thread) between the old folder leaving and the new one arriving.
    this.moveAside(name, target, wasDeployed);
    renameSync(staged.dir, target);
    renameSync(zipTemp, this.zipPath(name));
    return target;
  }

  /** Rewrites a deployed function's function.json (after a configuration change), atomically. */
  async writeSettings(name: string, functionJson: object): Promise<void> {
    const temp = path.join(this.dir, `${STAGING_PREFIX}${randomUUID()}.json`);
    await writeFile(temp, `${JSON.stringify(functionJson, null, 2)}\n`);
    await rename(temp, path.join(this.codeDir(name), 'function.json'));
  }

  /** DeleteFunction: a deployed function's folder and zip go; a hand-made folder is moved aside. */
  async remove(name: string): Promise<void> {
    const deployed = await this.isDeployed(name);
    this.moveAside(name, this.codeDir(name), deployed);
    if (deployed) await rm(this.zipPath(name), { force: true });
  }

  private moveAside(name: string, target: string, deployed: boolean): void {
    if (!existsSync(target)) return;
    if (!deployed) {
      const removed = path.join(this.dir, REMOVED_DIR);
      mkdirSync(removed, { recursive: true });
      renameSync(target, path.join(removed, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`));
      return;
    }
    const trash = path.join(this.dir, `${TRASH_PREFIX}${name}-${randomUUID().slice(0, 8)}`);
    renameSync(target, trash);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void rm(trash, { recursive: true, force: true }).catch(() => undefined);
    }, TRASH_DELAY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Removes what is pending removal; a temporary folder goes entirely. */
  async dispose(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(TRASH_PREFIX)).map((n) => rm(path.join(this.dir, n), { recursive: true, force: true })));
    if (this.owned) await rm(this.dir, { recursive: true, force: true });
  }
}
