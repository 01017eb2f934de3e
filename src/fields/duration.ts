// Durations as users write them, in scenario fields and pattern options: a
// string with units (`500ms`, `1.5s`, `5m`, `1h`, `1m30s`) or a plain number,
// which means milliseconds. A string without a unit is refused because "30"
// could mean seconds to one reader and ms to another.

import { z } from 'zod';
import { describe } from './describe';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
// One or more number+unit parts: `500ms`, `1.5s`, `1m30s`, `1h 15m`.
const WHOLE = /^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ms|s|m|h)\s*)+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)/g;

/** Milliseconds, or a user-facing reason why the value is not a duration. */
export function parseDuration(value: unknown): number | { readonly error: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { error: `must be a duration ≥ 0 (got ${value})` };
    return value;
  }
  if (typeof value === 'string') {
    if (!WHOLE.test(value)) {
      return { error: `"${value}" is not a duration (use a number with a unit: 500ms, 30s, 5m, 1h; a plain number means ms)` };
    }
    let ms = 0;
    for (const m of value.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2]!] ?? 1);
    return ms;
  }
  return { error: `must be a duration such as 500ms, 30s, 5m or 1h (got ${describe(value)})` };
}

/** A zod schema of a duration, as ms. `positive`: zero is refused too. */
export function durationMs(opts: { readonly positive?: boolean } = {}): z.ZodType<number, unknown> {
  return z.unknown().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (typeof ms !== 'number') {
      ctx.addIssue({ code: 'custom', message: ms.error });
      return z.NEVER;
    }
    if (opts.positive && ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be longer than zero (got ${describe(value)})` });
      return z.NEVER;
    }
    return ms;
  });
}
