// Which module runs which runtime: src/lambda/runtimes.ts says the family of
// each runtime identifier, this table the module of each family. Adding a
// language: its identifiers there, one module and one line here.

import { RUNTIMES, runtimeFamilyOf, type RuntimeFamilyName } from '../../lambda/runtimes';
import { nodejs } from './nodejs';
import { provided } from './provided';
import { python } from './python';
import type { RuntimeFamily } from './types';

const MODULES: Readonly<Record<RuntimeFamilyName, RuntimeFamily>> = { nodejs, python, provided };

export function runtimeFamilyFor(runtime: string): RuntimeFamily | undefined {
  const family = runtimeFamilyOf(runtime);
  return family === undefined ? undefined : MODULES[family];
}

export function supportedRuntimes(): string[] {
  return [...RUNTIMES];
}

/** Where functions of this runtime will differ from Lambda on this machine (see RuntimeFamily.notes). */
export function runtimeNotes(runtime: string): readonly string[] {
  return runtimeFamilyFor(runtime)?.notes?.(runtime) ?? [];
}
