// Which family runs which runtime string. Adding a language: one module and
// one line in FAMILIES.

import { nodejs } from './nodejs';
import { provided } from './provided';
import { python } from './python';
import type { RuntimeFamily } from './types';

const FAMILIES: readonly RuntimeFamily[] = [nodejs, python, provided];

const BY_RUNTIME = new Map<string, RuntimeFamily>();
for (const family of FAMILIES) for (const runtime of family.runtimes) BY_RUNTIME.set(runtime, family);

export function runtimeFamilyFor(runtime: string): RuntimeFamily | undefined {
  return BY_RUNTIME.get(runtime);
}

export function supportedRuntimes(): string[] {
  return [...BY_RUNTIME.keys()];
}

/** Where functions of this runtime will differ from Lambda on this machine (see RuntimeFamily.notes). */
export function runtimeNotes(runtime: string): readonly string[] {
  return BY_RUNTIME.get(runtime)?.notes?.(runtime) ?? [];
}
