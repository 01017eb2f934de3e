// Published versions, aliases and the function's API-made settings kept in
// the functions folder, so that a restart on the same folder serves them
// again, as it serves $LATEST:
//
//   DIR/.coldbench-versions/<name>/<version>/      the version's code, copied at publish
//   DIR/.coldbench-versions/<name>/<version>.zip   the zip it came from (a deployed function's)
//   DIR/.coldbench-versions/<name>/state.json      every version's settings, the aliases,
//                                                  the next version number, the reserved
//                                                  concurrency, the resource policies and the
//                                                  event invoke configs
//
// state.json is replaced whole (written beside, then renamed), after the
// code it names is in place; a version folder it does not name (a publish cut
// short) is removed at the next start, and a version whose folder is gone is
// not served (with the aliases, policies and event invoke configs on it).

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventInvokeConfig } from './event-invoke-configs';
import type { PolicyStatement } from './policies';
import type { ConfigFields, FunctionSpec } from './types';

const ROOT = '.coldbench-versions';
const STATE = 'state.json';

export interface SavedVersion {
  readonly version: string;
  readonly config: ConfigFields;
  readonly architecture: FunctionSpec['architecture'];
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly hasZip: boolean;
  readonly lastModified: string;
}

export interface SavedAlias {
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
}

export interface SavedVersions {
  /** Lambda never gives a version number twice, deleted or not. */
  readonly nextVersion: number;
  readonly versions: readonly SavedVersion[];
  readonly aliases: readonly SavedAlias[];
  readonly reservedConcurrency: number | null;
  /** Statements by qualifier ('' for the function's own policy). */
  readonly policies: Readonly<Record<string, readonly PolicyStatement[]>>;
  readonly eventInvokeConfigs: Readonly<Record<string, EventInvokeConfig>>;
}

export class VersionsFolder {
  private readonly root: string;

  constructor(functionsDir: string) {
    this.root = path.join(functionsDir, ROOT);
  }

  codeDir(name: string, version: string): string {
    return path.join(this.root, name, version);
  }

  zipPath(name: string, version: string): string {
    return `${this.codeDir(name, version)}.zip`;
  }

  /** What was saved for `name`, with only the versions whose code is still there; undefined when nothing was. */
  async read(name: string): Promise<SavedVersions | undefined> {
    const file = path.join(this.root, name, STATE);
    let saved: SavedVersions | undefined;
    try {
      saved = JSON.parse(await readFile(file, 'utf8')) as SavedVersions;
    } catch {
      saved = undefined;
    }
    if (saved === undefined || !Array.isArray(saved.versions) || !Array.isArray(saved.aliases) || !Number.isInteger(saved.nextVersion)) {
      // Nothing that can be served (no file: the first write was cut short): its code goes.
      await this.remove(name);
      return undefined;
    }
    const versions = saved.versions.filter((v) => existsSync(this.codeDir(name, v.version)) && (!v.hasZip || existsSync(this.zipPath(name, v.version))));
    const kept = new Set(versions.map((v) => v.version));
    const served = (v: string): boolean => v === '$LATEST' || kept.has(v);
    const aliases = saved.aliases.filter((a) => served(a.functionVersion) && Object.keys(a.additionalVersionWeights ?? {}).every(served));
    // What is kept per qualifier goes with the qualifier: the function's own ('', $LATEST), a version or an alias still served.
    const names = new Set(['', '$LATEST', ...kept, ...aliases.map((a) => a.name)]);
    const onServed = <T>(m: Readonly<Record<string, T>> | undefined): Record<string, T> =>
      Object.fromEntries(Object.entries(m ?? {}).filter(([q]) => names.has(q)));
    // Code of a version the file does not name: a publish cut short before the file was written.
    const entries = await readdir(path.join(this.root, name)).catch(() => [] as string[]);
    await Promise.all(entries
      .filter((e) => e !== STATE && !kept.has(e.replace(/\.zip$/, '')))
      .map((e) => rm(path.join(this.root, name, e), { recursive: true, force: true })));
    const reserved = saved.reservedConcurrency;
    return {
      nextVersion: saved.nextVersion, versions, aliases,
      reservedConcurrency: typeof reserved === 'number' && Number.isInteger(reserved) && reserved >= 0 ? reserved : null,
      policies: onServed(saved.policies), eventInvokeConfigs: onServed(saved.eventInvokeConfigs),
    };
  }

  async write(name: string, state: SavedVersions): Promise<void> {
    const dir = path.join(this.root, name);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, STATE);
    await writeFile(`${file}.new`, JSON.stringify(state, null, 2));
    await rename(`${file}.new`, file);
  }

  /** Everything kept for `name` (DeleteFunction). */
  async remove(name: string): Promise<void> {
    await rm(path.join(this.root, name), { recursive: true, force: true });
  }
}
