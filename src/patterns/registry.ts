// Every pattern a scenario can name. Adding a pattern: one module, one line here.

import { cold } from './cold';
import { concurrent } from './concurrent';
import { idleGaps } from './idle-gaps';
import { load } from './load';
import { ramp } from './ramp';
import { rate } from './rate';
import { sequential } from './sequential';
import type { Pattern } from './types';

// Pattern<unknown> holds patterns of every option type: create() is only ever
// given what the same pattern's `options` schema produced.
export type AnyPattern = Pattern<unknown>;

const PATTERNS: readonly AnyPattern[] = [
  cold,
  sequential,
  concurrent,
  rate,
  ramp,
  idleGaps,
  load,
];

export function patternNames(): readonly string[] {
  return PATTERNS.map((p) => p.name);
}

export function findPattern(name: string): AnyPattern | undefined {
  return PATTERNS.find((p) => p.name === name);
}
