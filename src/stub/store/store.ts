// The function store: $LATEST, published versions, aliases and reserved
// concurrency of every function, in memory. It resolves the names callers use
// into version records whose frozen snapshot is what the engine runs. Code
// deployed through the API (CreateFunction, UpdateFunctionCode) is put into
// the functions folder (./functions-folder.ts), which is what a restart loads,
// with the published versions, aliases and API-made settings kept beside it
// (./versions-folder.ts).
// Errors are Lambda's, thrown as LambdaError for the API layer to send.

import { createHash, randomUUID } from 'node:crypto';
import { access, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../lambda/errors';
import { FUNCTION_NAME_PATTERN, FunctionNameError, isQualifier, parseFunctionName } from '../../lambda/names';
import type { FunctionSnapshot } from '../engine/types';
import { LambdaError, invalidParameter, notFound, revisionMismatch, validationError } from '../api/errors';
import { copyCode, hashCode, type CodeIdentity } from './code';
import { markDeploying } from './deploy-state';
import { functionJson } from './function-json';
import { addTags, tagsOf } from './tags';
import { FunctionsFolder } from './functions-folder';
import { eventInvokeConfigsOf, setEventInvokeConfig } from './event-invoke-configs';
import { policiesOfFunction, restorePolicy } from './policies';
import { type SavedVersions, VersionsFolder } from './versions-folder';
import { functionArn, type Place } from './names';
import type { AliasRecord, ConfigFields, FunctionRecord, FunctionSpec, Resolved, VersionRecord } from './types';

const ALIAS_NAME_RE = /^(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}$/;

export function lambdaTimestamp(d: Date = new Date()): string {
  return d.toISOString().replace('Z', '+0000');
}

export interface PublishInput {
  readonly codeSha256?: string;
  readonly description?: string;
  readonly revisionId?: string;
}

export interface AliasInput {
  readonly functionVersion?: string;
  readonly description?: string;
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly revisionId?: string;
}

/** A zip's identity as Lambda reports it: CodeSha256 is the base64 SHA-256 of the zip's bytes, CodeSize their count. */
export function zipIdentity(zip: Buffer): CodeIdentity {
  return { sha256: createHash('sha256').update(zip).digest('base64'), size: zip.length };
}

export interface StoreOptions {
  /** The functions folder, where deployed functions are kept; a temporary one when absent. */
  readonly folder?: FunctionsFolder;
}

/** CreateFunction as the store takes it: settings already checked, code as a zip. */
export interface CreateInput {
  readonly name: string;
  readonly config: ConfigFields;
  readonly architecture: FunctionSpec['architecture'];
  readonly role?: string;
  readonly code: CodeUpload;
}

/** A zip to put in place, and the checks of the unpacked code before it is. */
export interface CodeUpload {
  readonly zip: Buffer;
  readonly maxUnzippedBytes: number;
  /** Throws (a LambdaError) when the unpacked code cannot run with this configuration. */
  readonly check: (codeDir: string, config: ConfigFields) => Promise<void>;
}

export class FunctionStore {
  private readonly functions = new Map<string, FunctionRecord>();
  /** Names being created: taken before the code is unpacked, so a second create conflicts at once. */
  private readonly creating = new Set<string>();
  /** Changes to one function's folder, one after another. */
  private readonly folderOps = new Map<string, Promise<unknown>>();
  private workDir: Promise<string> | undefined;
  private readonly publishing = new WeakMap<FunctionRecord, Promise<unknown>>();

  /** A temporary functions folder, made on the first deploy of a service started without one. */
  private temporary: Promise<FunctionsFolder> | undefined;

  /** Where versions, aliases and API-made settings are kept across restarts: only in a functions folder that was given. */
  private readonly kept: VersionsFolder | undefined;
  /** Functions with a write of their kept state queued and not yet begun. */
  private readonly keepQueued = new WeakSet<FunctionRecord>();

  private constructor(private readonly place: Place, private readonly given: FunctionsFolder | undefined) {
    this.kept = given !== undefined ? new VersionsFolder(given.dir) : undefined;
  }

  private folder(): Promise<FunctionsFolder> {
    return this.given !== undefined ? Promise.resolve(this.given) : (this.temporary ??= FunctionsFolder.temporary());
  }

  static async create(specs: readonly FunctionSpec[], place: string | Place, options: StoreOptions = {}): Promise<FunctionStore> {
    const given = options.folder;
    const store = new FunctionStore(typeof place === 'string' ? { region: place } : place, given);
    const identities = await Promise.all(specs.map((s) => store.identityOf(s, given)));
    specs.forEach((spec, i) => {
      const { name, codeDir, architecture } = spec;
      const config: ConfigFields = {
        handler: spec.handler, runtime: spec.runtime, memoryMb: spec.memoryMb, timeoutSec: spec.timeoutSec,
        environment: spec.environment, ephemeralStorageMb: spec.ephemeralStorageMb, description: spec.description,
        logging: spec.logging,
        snapStart: spec.snapStart,
      };
      const { code, zip } = identities[i] as { code: CodeIdentity; zip?: string };
      const fn: FunctionRecord = {
        name,
        latest: store.makeRecord(name, '$LATEST', config, architecture, codeDir, code, zip),
        versions: new Map(),
        aliases: new Map(),
        nextVersion: 1,
        reservedConcurrency: null,
        provisioned: new Map(),
      };
      if (spec.role !== undefined) fn.role = spec.role;
      if (spec.tags !== undefined) addTags(fn, spec.tags);
      store.functions.set(name, fn);
    });
    await Promise.all([...store.functions.values()].map((fn) => store.restoreKept(fn)));
    return store;
  }

  /** What a previous run on this folder kept of the function: versions, aliases, API-made settings (./versions-folder.ts). */
  private async restoreKept(fn: FunctionRecord): Promise<void> {
    const kept = this.kept;
    const saved = kept === undefined ? undefined : await kept.read(fn.name);
    if (kept === undefined || saved === undefined) return;
    for (const v of saved.versions) {
      const record = this.makeRecord(fn.name, v.version, v.config, v.architecture, kept.codeDir(fn.name, v.version),
        { sha256: v.codeSha256, size: v.codeSize }, v.hasZip ? kept.zipPath(fn.name, v.version) : undefined);
      fn.versions.set(v.version, Object.freeze({ ...record, lastModified: v.lastModified }));
    }
    for (const a of saved.aliases) {
      fn.aliases.set(a.name, Object.freeze({
        name: a.name, functionVersion: a.functionVersion, description: a.description,
        additionalVersionWeights: Object.freeze({ ...a.additionalVersionWeights }), revisionId: randomUUID(),
      }));
    }
    fn.nextVersion = Math.max(saved.nextVersion, ...saved.versions.map((v) => Number(v.version) + 1));
    fn.reservedConcurrency = saved.reservedConcurrency;
    for (const [qualifier, statements] of Object.entries(saved.policies)) restorePolicy(fn, qualifier, statements);
    for (const [qualifier, config] of Object.entries(saved.eventInvokeConfigs)) setEventInvokeConfig(fn, qualifier, config);
    // $LATEST as the newest version froze it (same code, same settings but the version's description):
    // publishing it again returns that version, as before the restart.
    const newest = fn.versions.get(String(fn.nextVersion - 1));
    const sameConfig = (a: ConfigFields, b: ConfigFields): boolean => JSON.stringify({ ...a, description: '' }) === JSON.stringify({ ...b, description: '' });
    if (newest !== undefined && newest.codeSha256 === fn.latest.codeSha256 && sameConfig(newest.config, fn.latest.config)) {
      fn.publishedFromRevision = fn.latest.revisionId;
    }
  }

  /**
   * Writes what is kept of the function (versions, aliases, reserved
   * concurrency, policies, event invoke configs) as it is when the write
   * runs, after every earlier change to its folder. The API calls it after
   * each change it makes outside the store.
   */
  keep(fn: FunctionRecord): void {
    const kept = this.kept;
    // A write queued and not yet begun will write this change too: one write for a burst of changes.
    if (kept === undefined || this.keepQueued.has(fn)) return;
    this.keepQueued.add(fn);
    void this.inFolder(fn.name, async () => {
      this.keepQueued.delete(fn);
      // A function deleted (or replaced by a new one of the same name) since: its folder is not this record's.
      if (this.functions.get(fn.name) !== fn) return;
      await kept.write(fn.name, savedVersions(fn));
    }).catch(() => undefined);
  }

  /** A deployed function's identity is its kept zip's; a folder's is its files' (./code.ts). */
  private async identityOf(spec: FunctionSpec, folder: FunctionsFolder | undefined): Promise<{ code: CodeIdentity; zip?: string }> {
    if (folder !== undefined && spec.codeDir === folder.codeDir(spec.name)) {
      const zip = folder.zipPath(spec.name);
      const bytes = await readFile(zip).catch(() => undefined);
      if (bytes !== undefined) return { code: zipIdentity(bytes), zip };
    }
    return { code: await hashCode(spec.codeDir) };
  }

  private makeRecord(
    name: string, version: string, config: ConfigFields, architecture: FunctionSpec['architecture'],
    codeDir: string, code: CodeIdentity, codeZip?: string,
  ): VersionRecord {
    const revisionId = randomUUID();
    const snapshot: FunctionSnapshot = Object.freeze({
      name,
      version,
      functionArn: functionArn(this.place, name),
      codeDir,
      handler: config.handler,
      runtime: config.runtime,
      memoryMb: config.memoryMb,
      timeoutSec: config.timeoutSec,
      environment: Object.freeze({ ...config.environment }),
      architecture,
      ephemeralStorageMb: config.ephemeralStorageMb,
      logging: Object.freeze({ ...config.logging }),
      // The revision id changes with every change of $LATEST and never for a version.
      generation: `${name}:${version}:${revisionId}`,
      region: this.place.region,
    });
    return Object.freeze({
      version, config: Object.freeze({ ...config }), architecture, codeDir,
      codeSha256: code.sha256, codeSize: code.size, ...(codeZip !== undefined ? { codeZip } : {}),
      revisionId, lastModified: lambdaTimestamp(), snapshot,
    });
  }

  list(): FunctionRecord[] {
    return [...this.functions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The function addressed by a FunctionName path parameter; any qualifier in it is returned too. */
  function(rawName: string): { fn: FunctionRecord; qualifier?: string } {
    // A plain name, as most calls give, needs no parsing: every key is a valid name.
    const direct = this.functions.get(rawName);
    if (direct !== undefined) return { fn: direct };
    let ref;
    try {
      ref = parseFunctionName(rawName);
    } catch (err) {
      if (err instanceof FunctionNameError) {
        throw validationError(rawName, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
      }
      throw err;
    }
    const fn = this.functions.get(ref.name);
    if (fn === undefined) throw notFound(functionArn(this.place, ref.name));
    return ref.qualifier === undefined ? { fn } : { fn, qualifier: ref.qualifier };
  }

  /** The function and qualifier of a FunctionName plus an optional Qualifier parameter, which must agree. */
  qualified(rawName: string, qualifierParam: string | undefined): { fn: FunctionRecord; qualifier?: string } {
    const { fn, qualifier: fromName } = this.function(rawName);
    if (fromName !== undefined && qualifierParam !== undefined && fromName !== qualifierParam) {
      throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
    const qualifier = qualifierParam ?? fromName;
    return qualifier === undefined ? { fn } : { fn, qualifier };
  }

  /**
   * Name plus optional Qualifier parameter -> the version to use. With `route`
   * (invocations), an alias with weights picks a version per call; without,
   * the alias's main version.
   */
  resolve(rawName: string, qualifierParam: string | undefined, route: boolean): Resolved {
    const { fn, qualifier } = this.qualified(rawName, qualifierParam);
    // The unqualified ARN is already on the snapshot: no string built per Invoke.
    if (qualifier === undefined) return { fn, record: fn.latest, invokedArn: fn.latest.snapshot.functionArn };
    if (!isQualifier(qualifier)) {
      throw validationError(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)');
    }
    const invokedArn = functionArn(this.place, fn.name, qualifier);
    return { fn, record: this.versionFor(fn, qualifier, invokedArn, route), invokedArn, qualifier };
  }

  private versionFor(fn: FunctionRecord, qualifier: string, arn: string, route: boolean): VersionRecord {
    if (qualifier === '$LATEST') return fn.latest;
    if (/^[0-9]+$/.test(qualifier)) {
      const v = fn.versions.get(qualifier);
      if (v === undefined) throw notFound(arn);
      return v;
    }
    const alias = fn.aliases.get(qualifier);
    if (alias === undefined) throw notFound(arn);
    return this.routeAlias(fn, alias, route);
  }

  private routeAlias(fn: FunctionRecord, alias: AliasRecord, route: boolean): VersionRecord {
    let version = alias.functionVersion;
    let r = Math.random();
    for (const [v, weight] of route ? Object.entries(alias.additionalVersionWeights) : []) {
      if (r < weight) { version = v; break; }
      r -= weight;
    }
    if (version === '$LATEST') return fn.latest;
    const record = fn.versions.get(version);
    // Versions an alias points at cannot be deleted, so this only guards against bugs.
    if (record === undefined) throw notFound(functionArn(this.place, fn.name, version));
    return record;
  }

  /** Applies a configuration change to $LATEST; the caller retires the old environments. */
  updateConfig(fn: FunctionRecord, patch: Partial<ConfigFields>, revisionId?: string): VersionRecord {
    if (revisionId !== undefined && revisionId !== fn.latest.revisionId) throw revisionMismatch();
    const old = fn.latest;
    const config: ConfigFields = { ...old.config, ...patch };
    fn.latest = this.makeRecord(fn.name, '$LATEST', config, old.architecture, old.codeDir, { sha256: old.codeSha256, size: old.codeSize }, old.codeZip);
    this.saveSettings(fn);
    return fn.latest;
  }

  /**
   * Publishes one at a time per function: the code is hashed asynchronously,
   * and two concurrent publishes of an unchanged $LATEST must give one version.
   */
  publish(fn: FunctionRecord, input: PublishInput): Promise<VersionRecord> {
    const previous = this.publishing.get(fn) ?? Promise.resolve();
    const next = previous.then(() => this.publishNow(fn, input), () => this.publishNow(fn, input));
    this.publishing.set(fn, next.catch(() => undefined));
    return next;
  }

  private async publishNow(fn: FunctionRecord, input: PublishInput): Promise<VersionRecord> {
    if (input.revisionId !== undefined && input.revisionId !== fn.latest.revisionId) throw revisionMismatch();
    // The folder may have been edited since start: $LATEST follows it, a version freezes it.
    // A deployed function's code is its zip, which only UpdateFunctionCode changes.
    const code = fn.latest.codeZip !== undefined ? { sha256: fn.latest.codeSha256, size: fn.latest.codeSize } : await hashCode(fn.latest.codeDir);
    if (code.sha256 !== fn.latest.codeSha256) {
      const old = fn.latest;
      fn.latest = this.makeRecord(fn.name, '$LATEST', old.config, old.architecture, old.codeDir, code);
    }
    if (input.codeSha256 !== undefined && input.codeSha256 !== fn.latest.codeSha256) {
      throw invalidParameter(`CodeSHA256 (${input.codeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
    }
    // As on Lambda, publishing an unchanged $LATEST returns the newest version.
    if (fn.publishedFromRevision === fn.latest.revisionId) {
      const newest = fn.versions.get(String(fn.nextVersion - 1));
      if (newest !== undefined) return newest;
    }
    const latest = fn.latest;
    const version = String(fn.nextVersion++);
    const codeDir = this.kept !== undefined
      ? this.kept.codeDir(fn.name, version)
      : path.join(await this.scratch(), `${fn.name}-${version}-${randomUUID().slice(0, 8)}`);
    // A kept folder of that number can only be a leftover (numbers are never given twice): it is replaced whole.
    if (this.kept !== undefined) await rm(codeDir, { recursive: true, force: true });
    await copyCode(latest.codeDir, codeDir);
    let codeZip: string | undefined;
    if (latest.codeZip !== undefined) {
      codeZip = `${codeDir}.zip`;
      await copyFile(latest.codeZip, codeZip);
    }
    const record = this.makeRecord(fn.name, version, { ...latest.config, description: input.description ?? '' },
      latest.architecture, codeDir, { sha256: latest.codeSha256, size: latest.codeSize }, codeZip);
    fn.versions.set(version, record);
    fn.publishedFromRevision = latest.revisionId;
    this.keep(fn);
    return record;
  }

  private scratch(): Promise<string> {
    this.workDir ??= mkdtemp(path.join(os.tmpdir(), 'local-lambda-versions-'));
    return this.workDir;
  }

  deleteVersion(fn: FunctionRecord, version: string): void {
    if (version === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    const record = fn.versions.get(version);
    if (record === undefined) {
      // Deleting what is not there succeeds on Lambda for versions; an alias name is refused.
      if (fn.aliases.has(version)) throw invalidParameter('Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.');
      return;
    }
    const users = [...fn.aliases.values()]
      .filter((a) => a.functionVersion === version || version in a.additionalVersionWeights)
      .map((a) => a.name);
    if (users.length > 0) {
      throw new LambdaError(ApiError.ResourceConflictException,
        `Unable to delete version because the following aliases reference it: [${users.join(', ')}]`);
    }
    fn.versions.delete(version);
    // Saved first, so that a restart never finds a version named whose code is going.
    this.keep(fn);
    void this.inFolder(fn.name, async () => {
      await rm(record.codeDir, { recursive: true, force: true });
      if (record.codeZip !== undefined) await rm(record.codeZip, { force: true });
    }).catch(() => undefined);
  }

  /** Forgets the function at once; its folder in the functions folder is removed before the promise settles. */
  deleteFunction(fn: FunctionRecord): Promise<void> {
    this.functions.delete(fn.name);
    for (const v of fn.versions.values()) {
      void rm(v.codeDir, { recursive: true, force: true }).catch(() => undefined);
      if (v.codeZip !== undefined) void rm(v.codeZip, { force: true }).catch(() => undefined);
    }
    return this.inFolder(fn.name, async (folder) => {
      await this.kept?.remove(fn.name);
      if (fn.latest.codeDir === folder.codeDir(fn.name)) await folder.remove(fn.name);
    });
  }

  /** Runs `op` on the functions folder after every earlier change to the same function's folder. */
  private inFolder<T>(name: string, op: (folder: FunctionsFolder) => Promise<T>): Promise<T> {
    const previous = this.folderOps.get(name) ?? Promise.resolve();
    const next = previous.then(async () => op(await this.folder()));
    const settled = next.catch(() => undefined);
    this.folderOps.set(name, settled);
    void settled.then(() => { if (this.folderOps.get(name) === settled) this.folderOps.delete(name); });
    return next;
  }

  /** function.json of a deployed function follows its configuration and tags, so a restart serves the same. */
  saveSettings(fn: FunctionRecord): void {
    const latest = fn.latest;
    if (latest.codeZip === undefined) return;
    void this.inFolder(fn.name, async (folder) => {
      if (fn.latest === latest && this.functions.get(fn.name) === fn) {
        await folder.writeSettings(fn.name, functionJson(latest.config, latest.architecture, fn.role, tagsOf(fn)));
      }
    }).catch(() => undefined);
  }

  /**
   * CreateFunction: the name is taken at once (ResourceConflictException for a
   * second create), the zip unpacked and checked, then put in place; the
   * function appears only when its code is whole, in state Pending briefly.
   */
  async createFunction(input: CreateInput): Promise<FunctionRecord> {
    const { name } = input;
    if (this.functions.has(name) || this.creating.has(name)) {
      throw new LambdaError(ApiError.ResourceConflictException, `Function already exist: ${name}`);
    }
    this.creating.add(name);
    try {
      return await this.inFolder(name, async (folder) => {
        const codeDir = await this.putCode(folder, name, input.code, input.config, input.architecture, input.role, false);
        const fn: FunctionRecord = {
          name,
          latest: this.makeRecord(name, '$LATEST', input.config, input.architecture, codeDir, zipIdentity(input.code.zip), folder.zipPath(name)),
          versions: new Map(),
          aliases: new Map(),
          nextVersion: 1,
          reservedConcurrency: null,
          provisioned: new Map(),
        };
        if (input.role !== undefined) fn.role = input.role;
        markDeploying(fn, 'create');
        this.functions.set(name, fn);
        return fn;
      });
    } finally {
      this.creating.delete(name);
    }
  }

  /**
   * UpdateFunctionCode: the new code replaces $LATEST's (a new revision, so
   * new environments); with `dryRun` the zip is unpacked and checked only.
   * The caller retires the old environments.
   */
  async updateCode(
    fn: FunctionRecord, code: CodeUpload,
    options: { revisionId?: string; dryRun?: boolean; architecture?: FunctionSpec['architecture'] } = {},
  ): Promise<VersionRecord> {
    if (options.revisionId !== undefined && options.revisionId !== fn.latest.revisionId) throw revisionMismatch();
    return this.inFolder(fn.name, async (folder) => {
      const old = fn.latest;
      const architecture = options.architecture ?? old.architecture;
      const codeDir = await this.putCode(folder, fn.name, code, old.config, architecture, fn.role, options.dryRun === true);
      if (options.dryRun === true) return old;
      if (options.revisionId !== undefined && options.revisionId !== fn.latest.revisionId) throw revisionMismatch();
      fn.latest = this.makeRecord(fn.name, '$LATEST', fn.latest.config, architecture, codeDir, zipIdentity(code.zip), folder.zipPath(fn.name));
      markDeploying(fn, 'update');
      // A configuration change made while the package was unpacked reaches function.json too.
      this.saveSettings(fn);
      return fn.latest;
    });
  }

  /** Unpacks, checks and installs a zip as DIR/<name>/ (only checks with dryRun); returns the code folder. */
  private async putCode(
    folder: FunctionsFolder, name: string, code: CodeUpload, config: ConfigFields,
    architecture: FunctionSpec['architecture'], role: string | undefined, dryRun: boolean,
  ): Promise<string> {
    const staged = await folder.stage(code.zip, code.maxUnzippedBytes);
    try {
      // function.json at the root is where the service keeps the function's settings.
      if (await access(path.join(staged.dir, 'function.json')).then(() => true, () => false)) {
        throw invalidParameter('The local Lambda service keeps a function\'s settings in function.json at the root of its folder, and this package has its own function.json there; move or rename that file.');
      }
      await code.check(staged.dir, config);
      if (dryRun) {
        await folder.discard(staged.dir);
        return folder.codeDir(name);
      }
      return await folder.install(name, staged, functionJson(config, architecture, role), code.zip);
    } catch (err) {
      await folder.discard(staged.dir);
      throw err;
    }
  }

  private aliasArn(fn: FunctionRecord, alias: string): string {
    return functionArn(this.place, fn.name, alias);
  }

  getAlias(fn: FunctionRecord, name: string): AliasRecord {
    const alias = fn.aliases.get(name);
    if (alias === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, `Alias not found: ${this.aliasArn(fn, name)}`);
    return alias;
  }

  createAlias(fn: FunctionRecord, name: string, input: AliasInput): AliasRecord {
    if (!ALIAS_NAME_RE.test(name)) {
      throw validationError(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
    }
    if (fn.aliases.has(name)) throw new LambdaError(ApiError.ResourceConflictException, `Alias already exists: ${this.aliasArn(fn, name)}`);
    if (input.functionVersion === undefined) throw invalidParameter('FunctionVersion is required.');
    const alias = this.checkedAlias(fn, name, input.functionVersion, input.description ?? '', input.additionalVersionWeights ?? {});
    fn.aliases.set(name, alias);
    this.keep(fn);
    return alias;
  }

  updateAlias(fn: FunctionRecord, name: string, input: AliasInput): AliasRecord {
    const old = this.getAlias(fn, name);
    if (input.revisionId !== undefined && input.revisionId !== old.revisionId) throw revisionMismatch();
    const alias = this.checkedAlias(fn, name, input.functionVersion ?? old.functionVersion,
      input.description ?? old.description, input.additionalVersionWeights ?? old.additionalVersionWeights);
    fn.aliases.set(name, alias);
    this.keep(fn);
    return alias;
  }

  deleteAlias(fn: FunctionRecord, name: string): void {
    this.getAlias(fn, name);
    fn.aliases.delete(name);
    this.keep(fn);
  }

  private checkedAlias(
    fn: FunctionRecord, name: string, functionVersion: string, description: string,
    weights: Readonly<Record<string, number>>,
  ): AliasRecord {
    if (functionVersion !== '$LATEST' && !fn.versions.has(functionVersion)) {
      throw notFound(functionArn(this.place, fn.name, functionVersion));
    }
    const entries = Object.entries(weights);
    if (entries.length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights must be at most 1.');
    for (const [v, w] of entries) {
      if (typeof w !== 'number' || !(w >= 0 && w <= 1)) throw invalidParameter(`Weight for version ${v} must be between 0.0 and 1.0.`);
      if (functionVersion === '$LATEST' || v === '$LATEST') throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
      if (v === functionVersion) throw invalidParameter('Alias routing config must point to two different versions.');
      if (!fn.versions.has(v)) throw notFound(functionArn(this.place, fn.name, v));
    }
    return Object.freeze({ name, functionVersion, description, additionalVersionWeights: Object.freeze({ ...weights }), revisionId: randomUUID() });
  }

  /** Removes the copies of published code; the store is unusable afterwards. */
  async dispose(): Promise<void> {
    const dir = this.workDir;
    this.workDir = undefined;
    // Writes still queued (a function.json after a late change) land first: they check the function is still there.
    await Promise.all([...this.folderOps.values()]);
    this.functions.clear();
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
    await this.given?.dispose();
    await (await this.temporary)?.dispose();
  }
}

/** What ./versions-folder.ts keeps of a function. */
function savedVersions(fn: FunctionRecord): SavedVersions {
  return {
    nextVersion: fn.nextVersion,
    versions: [...fn.versions.values()].map((v) => ({
      version: v.version, config: v.config, architecture: v.architecture, codeSha256: v.codeSha256, codeSize: v.codeSize,
      hasZip: v.codeZip !== undefined, lastModified: v.lastModified,
    })),
    aliases: [...fn.aliases.values()].map((a) => ({
      name: a.name, functionVersion: a.functionVersion, description: a.description, additionalVersionWeights: a.additionalVersionWeights,
    })),
    reservedConcurrency: fn.reservedConcurrency,
    policies: Object.fromEntries([...policiesOfFunction(fn)].map(([q, p]) => [q, p.statements])),
    eventInvokeConfigs: Object.fromEntries(eventInvokeConfigsOf(fn)),
  };
}
