// A local function's handler file, checked before the run: a code folder
// without it would make every invocation fail (Runtime.ImportModuleError) and
// the run exit 1 after spending its time. The handler and runtime are the
// scenario's, else the folder's function.json's, else the local service's
// defaults (docs/local-service.md). function.json is only peeked at here for
// those two fields; the local service validates it whole when it starts.
//
// Whether a Node module exports the handler's function cannot be known without
// running the module (CommonJS assigns exports at run time), so only the file
// is checked; a missing export still fails at the first invocation, with the
// runtime's own message in error_message and logs/.

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { runtimeFamilyOf } from '../lambda/runtimes';

/** The local service's defaults when neither the scenario nor function.json names them (src/stub/store/limits.ts). */
export const LOCAL_DEFAULT_HANDLER = 'index.handler';
export const LOCAL_DEFAULT_RUNTIME = 'nodejs20.x';

/** What the folder's function.json says, where it says it with the right type; nothing when it is absent or unreadable. */
export interface FunctionJsonPeek {
  readonly handler?: string;
  readonly runtime?: string;
  readonly memoryMb?: number;
}

export async function peekFunctionJson(codeDir: string): Promise<FunctionJsonPeek> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(codeDir, 'function.json'), 'utf8'));
  } catch {
    return {};
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const o = raw as Record<string, unknown>;
  return {
    ...(typeof o.handler === 'string' && o.handler !== '' ? { handler: o.handler } : {}),
    ...(typeof o.runtime === 'string' ? { runtime: o.runtime } : {}),
    ...(typeof o.memory === 'number' && Number.isInteger(o.memory) ? { memoryMb: o.memory } : {}),
  };
}

/**
 * undefined when the handler's file is there; else a sentence naming the file
 * looked for. Runtimes coldbench does not know are not checked (the scenario's
 * runtime check refuses them).
 */
export async function missingHandlerFile(codeDir: string, handler: string, runtime: string): Promise<string | undefined> {
  const family = runtimeFamilyOf(runtime);
  if (family === undefined) return undefined;
  if (family === 'provided') {
    // A custom runtime starts the folder's ./bootstrap; the handler is only passed to it (_HANDLER).
    const file = path.join(codeDir, 'bootstrap');
    return (await isFile(file)) ? undefined : `handler file not found: ${file} (a ${runtime} function starts its ./bootstrap)`;
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return `handler "${handler}" must be <module>.<function>, e.g. index.handler`;
  const modulePath = handler.slice(0, dot);
  if (family === 'nodejs') {
    // The Node runtime client tries these extensions in turn (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html).
    const base = path.join(codeDir, modulePath);
    const candidates = ['.js', '.mjs', '.cjs'].map((ext) => base + ext);
    for (const c of candidates) if (await isFile(c)) return undefined;
    return `handler file not found for "${handler}": none of ${candidates.map((c) => path.basename(c)).join(', ')} in ${path.dirname(base)}`;
  }
  // Python: "pkg.module.fn" or "pkg/module.fn"; a module is a .py file or a package folder
  // (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html).
  const base = path.join(codeDir, ...modulePath.split(/[./]/));
  const candidates = [base + '.py', path.join(base, '__init__.py')];
  for (const c of candidates) if (await isFile(c)) return undefined;
  return `handler file not found for "${handler}": neither ${path.relative(codeDir, candidates[0]!)} nor ${path.relative(codeDir, candidates[1]!)} in ${codeDir}`;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
