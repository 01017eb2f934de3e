// Durations as users write them, in scenario fields and pattern options: a
// string with units (`500ms`, `1.5s`, `5m`, `1h`, `1m30s`) or a plain number,
// which means milliseconds. A string without a unit is refused because "30"
// could mean seconds to one reader and ms to another; so is a plain number
// where a field asks for units (`unitRequired`: idle gaps, where `[1, 5, 10]`
// reads as minutes to most). Every duration is below 2^31 ms, the longest
// timer Node keeps (a longer one would fire after 1 ms).

import { z } from 'zod';
import { MAX_DURATION_MS } from './bounds';
import { describe } from './describe';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
// One or more number+unit parts: `500ms`, `1.5s`, `1m30s`, `1h 15m`.
const WHOLE = /^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ms|s|m|h)\s*)+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)/g;

export interface DurationRules {
  /** Zero is refused too. */
  readonly positive?: boolean;
  /** A plain number is refused: the unit must be written. */
  readonly unitRequired?: boolean;
  /** The longest allowed, in ms (at most MAX_DURATION_MS). */
  readonly maxMs?: number;
}

/** Milliseconds, or a user-facing reason why the value is not a duration. */
export function parseDuration(value: unknown, rules: DurationRules = {}): number | { readonly error: string } {
  const ms = parseUnbounded(value, rules);
  if (typeof ms !== 'number') return ms;
  const max = Math.min(rules.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  if (ms > max) return { error: `must be at most ${formatDurationMs(max)} (got ${describe(value)})` };
  return ms;
}

function parseUnbounded(value: unknown, rules: DurationRules): number | { readonly error: string } {
  if (typeof value === 'number') {
    if (rules.unitRequired) return { error: `needs a unit: write ${value}ms, ${value}s, ${value}m or ${value}h (got the plain number ${value})` };
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

/** "24d 20h 31m 23.647s" style, for messages about a bound. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms / 1000;
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${Math.round(rest * 1000) / 1000}s`);
  return parts.join(' ');
}

/** A zod schema of a duration, as ms. `positive`: zero is refused too. */
export function durationMs(opts: DurationRules = {}): z.ZodType<number, unknown> {
  return z.unknown().transform((value, ctx) => {
    const ms = parseDuration(value, opts);
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
