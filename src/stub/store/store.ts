// The function store: $LATEST, published versions, aliases and reserved
// concurrency of every function, in memory. It resolves the names callers use
// into version records whose frozen snapshot is what the engine runs. Errors
// are Lambda's, thrown as LambdaError for the API layer to send.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../lambda/errors';
import { FUNCTION_NAME_PATTERN, FunctionNameError, isQualifier, parseFunctionName } from '../../lambda/names';
import type { FunctionSnapshot } from '../engine/types';
import { LambdaError, invalidParameter, notFound, revisionMismatch, validationError } from '../api/errors';
import { copyCode, hashCode, type CodeIdentity } from './code';
import { functionArn } from './names';
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

export class FunctionStore {
  private readonly functions = new Map<string, FunctionRecord>();
  private workDir: Promise<string> | undefined;
  private readonly publishing = new WeakMap<FunctionRecord, Promise<unknown>>();

  private constructor(private readonly region: string) {}

  static async create(specs: readonly FunctionSpec[], region: string): Promise<FunctionStore> {
    const store = new FunctionStore(region);
    const identities = await Promise.all(specs.map((s) => hashCode(s.codeDir)));
    specs.forEach((spec, i) => {
      const { name, codeDir, architecture } = spec;
      const config: ConfigFields = {
        handler: spec.handler, runtime: spec.runtime, memoryMb: spec.memoryMb, timeoutSec: spec.timeoutSec,
        environment: spec.environment, ephemeralStorageMb: spec.ephemeralStorageMb, description: spec.description,
        logging: spec.logging,
        snapStart: spec.snapStart,
      };
      store.functions.set(name, {
        name,
        latest: store.makeRecord(name, '$LATEST', config, architecture, codeDir, identities[i] as CodeIdentity),
        versions: new Map(),
        aliases: new Map(),
        nextVersion: 1,
        reservedConcurrency: null,
        provisioned: new Map(),
      });
    });
    return store;
  }

  private makeRecord(
    name: string, version: string, config: ConfigFields, architecture: FunctionSpec['architecture'],
    codeDir: string, code: CodeIdentity,
  ): VersionRecord {
    const revisionId = randomUUID();
    const snapshot: FunctionSnapshot = Object.freeze({
      name,
      version,
      functionArn: functionArn(this.region, name),
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
      region: this.region,
    });
    return Object.freeze({
      version, config: Object.freeze({ ...config }), architecture, codeDir,
      codeSha256: code.sha256, codeSize: code.size, revisionId, lastModified: lambdaTimestamp(), snapshot,
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
    if (fn === undefined) throw notFound(functionArn(this.region, ref.name));
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
    const invokedArn = functionArn(this.region, fn.name, qualifier);
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
    if (record === undefined) throw notFound(functionArn(this.region, fn.name, version));
    return record;
  }

  /** Applies a configuration change to $LATEST; the caller retires the old environments. */
  updateConfig(fn: FunctionRecord, patch: Partial<ConfigFields>, revisionId?: string): VersionRecord {
    if (revisionId !== undefined && revisionId !== fn.latest.revisionId) throw revisionMismatch();
    const old = fn.latest;
    const config: ConfigFields = { ...old.config, ...patch };
    fn.latest = this.makeRecord(fn.name, '$LATEST', config, old.architecture, old.codeDir, { sha256: old.codeSha256, size: old.codeSize });
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
    const code = await hashCode(fn.latest.codeDir);
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
    const codeDir = path.join(await this.scratch(), `${fn.name}-${version}-${randomUUID().slice(0, 8)}`);
    await copyCode(latest.codeDir, codeDir);
    const record = this.makeRecord(fn.name, version, { ...latest.config, description: input.description ?? '' },
      latest.architecture, codeDir, { sha256: latest.codeSha256, size: latest.codeSize });
    fn.versions.set(version, record);
    fn.publishedFromRevision = latest.revisionId;
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
    void rm(record.codeDir, { recursive: true, force: true }).catch(() => undefined);
  }

  deleteFunction(fn: FunctionRecord): void {
    this.functions.delete(fn.name);
    for (const v of fn.versions.values()) void rm(v.codeDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private aliasArn(fn: FunctionRecord, alias: string): string {
    return functionArn(this.region, fn.name, alias);
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
    return alias;
  }

  updateAlias(fn: FunctionRecord, name: string, input: AliasInput): AliasRecord {
    const old = this.getAlias(fn, name);
    if (input.revisionId !== undefined && input.revisionId !== old.revisionId) throw revisionMismatch();
    const alias = this.checkedAlias(fn, name, input.functionVersion ?? old.functionVersion,
      input.description ?? old.description, input.additionalVersionWeights ?? old.additionalVersionWeights);
    fn.aliases.set(name, alias);
    return alias;
  }

  deleteAlias(fn: FunctionRecord, name: string): void {
    this.getAlias(fn, name);
    fn.aliases.delete(name);
  }

  private checkedAlias(
    fn: FunctionRecord, name: string, functionVersion: string, description: string,
    weights: Readonly<Record<string, number>>,
  ): AliasRecord {
    if (functionVersion !== '$LATEST' && !fn.versions.has(functionVersion)) {
      throw notFound(functionArn(this.region, fn.name, functionVersion));
    }
    const entries = Object.entries(weights);
    if (entries.length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights must be at most 1.');
    for (const [v, w] of entries) {
      if (typeof w !== 'number' || !(w >= 0 && w <= 1)) throw invalidParameter(`Weight for version ${v} must be between 0.0 and 1.0.`);
      if (functionVersion === '$LATEST' || v === '$LATEST') throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
      if (v === functionVersion) throw invalidParameter('Alias routing config must point to two different versions.');
      if (!fn.versions.has(v)) throw notFound(functionArn(this.region, fn.name, v));
    }
    return Object.freeze({ name, functionVersion, description, additionalVersionWeights: Object.freeze({ ...weights }), revisionId: randomUUID() });
  }

  /** Removes the copies of published code; the store is unusable afterwards. */
  async dispose(): Promise<void> {
    const dir = this.workDir;
    this.workDir = undefined;
    this.functions.clear();
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
  }
}
