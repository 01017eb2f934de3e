// Loads functions from a folder (each DIR/<name>/ is a function, with an
// optional function.json) and from explicit definitions given in code, the
// explicit fields winning over function.json. All file I/O happens here, at
// start, never on the request path.

import { handlerProblem } from '../../lambda/handler';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isArchitecture, type Architecture } from '../../lambda/architectures';
import {
  EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_MIN_MB, MEMORY_MAX_MB, MEMORY_MIN_MB, TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC,
  isEphemeralStorageSize, isMemorySize, isTimeout,
} from '../../lambda/limits';
import { DEFAULT_LOGGING, type LoggingSettings } from '../../lambda/logging-config';
import { isSnapStartApplyOn, SNAPSTART_APPLY_ON } from '../../lambda/snapstart';
import { FunctionConfigError } from './errors';
import { snapStartProblem } from './snapstart';
import { DEFAULTS, environmentProblem } from './limits';
import { changeLogging, describeLoggingProblem, isLoggingProblem } from './logging';
import type { FunctionSpec } from './types';
import { ROLE_PATTERN, isRoleArn } from './role';
import { tagsProblem } from './tags';

export interface FunctionDefinition {
  readonly name: string;
  readonly codeDir: string;
  readonly handler?: string;
  readonly runtime?: string;
  readonly memoryMb?: number;
  readonly timeoutSec?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly architecture?: Architecture;
  readonly description?: string;
  /** LoggingConfig, as function.json's `logging` says it. */
  readonly logging?: LoggingSettings;
  readonly snapStart?: 'PublishedVersions' | 'None';
}

export interface RuntimeCatalog {
  isKnown(runtime: string): boolean;
  list(): readonly string[];
}

export interface LoadOptions {
  readonly functionsDir?: string;
  readonly functions?: readonly FunctionDefinition[];
  readonly runtimes: RuntimeCatalog;
}

const FUNCTION_JSON_FIELDS = ['handler', 'runtime', 'memory', 'timeout', 'environment', 'architecture', 'ephemeralStorage', 'description', 'logging', 'snapStart', 'role', 'tags'];
/** function.json's `logging` object: LoggingConfig's members, in function.json's own spelling. */
const LOGGING_FIELDS = { format: 'logFormat', applicationLogLevel: 'applicationLogLevel', systemLogLevel: 'systemLogLevel', logGroup: 'logGroup' } as const;
const NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;

/** Everything function.json may set, already validated. */
type FileSettings = Partial<Omit<FunctionSpec, 'name' | 'codeDir'>>;

export async function loadFunctions(options: LoadOptions): Promise<FunctionSpec[]> {
  const byName = new Map<string, FunctionSpec>();
  if (options.functionsDir !== undefined) {
    const dir = path.resolve(options.functionsDir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new FunctionConfigError(dir, undefined, `cannot read functions folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const codeDir = path.join(dir, e.name);
      if (!NAME_RE.test(e.name)) {
        throw new FunctionConfigError(codeDir, undefined, 'folder name is not a valid Lambda function name (letters, digits, - and _, at most 64)');
      }
      byName.set(e.name, await specFor({ name: e.name, codeDir }, options.runtimes));
    }
  }
  for (const def of options.functions ?? []) {
    byName.set(def.name, await specFor(def, options.runtimes));
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function specFor(def: FunctionDefinition, runtimes: RuntimeCatalog): Promise<FunctionSpec> {
  const codeDir = path.resolve(def.codeDir);
  const where = `function "${def.name}"`;
  if (!NAME_RE.test(def.name)) {
    throw new FunctionConfigError(where, 'name', 'not a valid Lambda function name (letters, digits, - and _, at most 64)');
  }
  const st = await stat(codeDir).catch(() => undefined);
  if (!st?.isDirectory()) throw new FunctionConfigError(codeDir, undefined, 'code folder does not exist');
  const fromFile = await readFunctionJson(path.join(codeDir, 'function.json'), runtimes);
  // Explicit definitions are checked with the same rules, under the function's name.
  const explicit = validateSettings(where, {
    handler: def.handler, runtime: def.runtime, memory: def.memoryMb, timeout: def.timeoutSec,
    environment: def.environment, architecture: def.architecture, description: def.description, snapStart: def.snapStart,
    logging: def.logging === undefined ? undefined : {
      format: def.logging.logFormat, applicationLogLevel: def.logging.applicationLogLevel,
      systemLogLevel: def.logging.systemLogLevel, logGroup: def.logging.logGroup,
    },
  }, runtimes, { memory: 'memoryMb', timeout: 'timeoutSec' });
  const pick = <K extends keyof FileSettings>(k: K): FileSettings[K] => explicit[k] ?? fromFile[k];
  const runtime = pick('runtime') ?? DEFAULTS.runtime;
  const snapStart = pick('snapStart') ?? 'None';
  const refusal = snapStartProblem(runtime, snapStart);
  if (refusal !== undefined) {
    throw new FunctionConfigError(explicit.snapStart !== undefined ? where : path.join(codeDir, 'function.json'), 'snapStart', refusal);
  }
  return {
    name: def.name,
    codeDir,
    handler: pick('handler') ?? DEFAULTS.handler,
    runtime,
    memoryMb: pick('memoryMb') ?? DEFAULTS.memoryMb,
    timeoutSec: pick('timeoutSec') ?? DEFAULTS.timeoutSec,
    environment: pick('environment') ?? {},
    architecture: pick('architecture') ?? DEFAULTS.architecture,
    ephemeralStorageMb: pick('ephemeralStorageMb') ?? DEFAULTS.ephemeralStorageMb,
    description: pick('description') ?? '',
    logging: pick('logging') ?? DEFAULT_LOGGING,
    snapStart,
    ...(fromFile.role !== undefined ? { role: fromFile.role } : {}),
    ...(fromFile.tags !== undefined ? { tags: fromFile.tags } : {}),
  };
}

async function readFunctionJson(file: string, runtimes: RuntimeCatalog): Promise<FileSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new FunctionConfigError(file, undefined, `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FunctionConfigError(file, undefined, `not valid JSON${lineOf(text, err)}: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FunctionConfigError(file, undefined, 'must be a JSON object');
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!FUNCTION_JSON_FIELDS.includes(key)) {
      throw new FunctionConfigError(file, key, `unknown field (known: ${FUNCTION_JSON_FIELDS.join(', ')})`);
    }
  }
  return validateSettings(file, obj, runtimes, {});
}

function lineOf(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(String((err as Error).message));
  if (!m) return '';
  const line = text.slice(0, Number(m[1])).split('\n').length;
  return ` (line ${line})`;
}

/** Validates function.json-style fields; `names` renames fields in messages for explicit definitions. */
function validateSettings(
  where: string,
  o: Record<string, unknown>,
  runtimes: RuntimeCatalog,
  names: Partial<Record<string, string>>,
): FileSettings {
  const fail = (field: string, detail: string): never => {
    throw new FunctionConfigError(where, names[field] ?? field, detail);
  };
  const out: { -readonly [K in keyof FileSettings]: FileSettings[K] } = {};
  if (o.handler !== undefined) {
    const problem = handlerProblem(o.handler);
    if (problem !== undefined) fail('handler', problem);
    out.handler = o.handler as string;
  }
  if (o.runtime !== undefined) {
    if (typeof o.runtime !== 'string' || !runtimes.isKnown(o.runtime)) {
      fail('runtime', `unknown runtime ${JSON.stringify(o.runtime)} (supported: ${runtimes.list().join(', ')})`);
    }
    out.runtime = o.runtime as string;
  }
  if (o.memory !== undefined) {
    if (!isMemorySize(o.memory)) fail('memory', `must be an integer number of MB from ${MEMORY_MIN_MB} to ${MEMORY_MAX_MB} (got ${JSON.stringify(o.memory)})`);
    out.memoryMb = o.memory as number;
  }
  if (o.timeout !== undefined) {
    if (!isTimeout(o.timeout)) fail('timeout', `must be an integer number of seconds from ${TIMEOUT_MIN_SEC} to ${TIMEOUT_MAX_SEC} (got ${JSON.stringify(o.timeout)})`);
    out.timeoutSec = o.timeout as number;
  }
  if (o.environment !== undefined) {
    const problem = environmentProblem(o.environment);
    if (problem !== undefined) fail('environment', problem);
    out.environment = { ...(o.environment as Record<string, string>) };
  }
  if (o.architecture !== undefined) {
    if (!isArchitecture(o.architecture)) fail('architecture', `must be "x86_64" or "arm64" (got ${JSON.stringify(o.architecture)})`);
    out.architecture = o.architecture as Architecture;
  }
  if (o.ephemeralStorage !== undefined) {
    if (!isEphemeralStorageSize(o.ephemeralStorage)) fail('ephemeralStorage', `must be an integer number of MB from ${EPHEMERAL_STORAGE_MIN_MB} to ${EPHEMERAL_STORAGE_MAX_MB}`);
    out.ephemeralStorageMb = o.ephemeralStorage as number;
  }
  if (o.description !== undefined) {
    if (typeof o.description !== 'string' || o.description.length > 256) fail('description', 'must be a string of at most 256 characters');
    out.description = o.description as string;
  }
  if (o.role !== undefined) {
    if (!isRoleArn(o.role)) fail('role', `must be an IAM role ARN matching ${ROLE_PATTERN}`);
    out.role = o.role as string;
  }
  if (o.tags !== undefined) {
    const problem = tagsProblem(o.tags);
    if (problem !== undefined) fail('tags', problem);
    out.tags = o.tags as Record<string, string>;
  }
  if (o.logging !== undefined) out.logging = loggingSettings(o.logging, (field, detail) => fail(field, detail));
  if (o.snapStart !== undefined) {
    if (!isSnapStartApplyOn(o.snapStart)) fail('snapStart', `must be one of ${SNAPSTART_APPLY_ON.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(o.snapStart)})`);
    out.snapStart = o.snapStart as 'PublishedVersions' | 'None';
  }
  return out;
}

/** function.json's `logging`: { format, applicationLogLevel, systemLogLevel, logGroup }, checked as LoggingConfig is. */
function loggingSettings(v: unknown, fail: (field: string, detail: string) => never): LoggingSettings {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return fail('logging', 'must be an object: { "format": "JSON" | "Text", "applicationLogLevel", "systemLogLevel", "logGroup" }');
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(key in LOGGING_FIELDS)) fail(`logging.${key}`, `unknown field (known: ${Object.keys(LOGGING_FIELDS).join(', ')})`);
  }
  const result = changeLogging(DEFAULT_LOGGING, {
    logFormat: o.format, applicationLogLevel: o.applicationLogLevel, systemLogLevel: o.systemLogLevel, logGroup: o.logGroup,
  });
  if (!isLoggingProblem(result)) return result;
  const member = result.kind === 'constraint' ? result.member : result.members[0];
  const field = Object.entries(LOGGING_FIELDS).find(([, m]) => m.toLowerCase() === member?.toLowerCase())?.[0] ?? 'format';
  return fail(`logging.${field}`, describeLoggingProblem(result));
}
