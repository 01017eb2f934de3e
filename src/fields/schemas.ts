// Field schemas whose messages read well after a field path
// ("memory[1]: must be a whole number of MB from 128 to 10240 (got 64)"),
// shared by the scenario format and the patterns' options.

import { z } from 'zod';
import { MEMORY_MAX_MB, MEMORY_MIN_MB, isMemorySize } from '../lambda/limits';
import { MAX_IN_FLIGHT, MAX_PHASE_INVOCATIONS, MAX_RATE_PER_SECOND } from './bounds';
import { describe } from './describe';

function check<T>(test: (v: unknown) => v is T, message: (v: unknown) => string): z.ZodType<T, unknown> {
  return z.unknown().transform((value, ctx) => {
    if (!test(value)) {
      ctx.addIssue({ code: 'custom', message: message(value) });
      return z.NEVER;
    }
    return value;
  });
}

export function intInRange(min: number, max: number, unit: string): z.ZodType<number, unknown> {
  return check(
    (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
    (v) => `must be a whole number of ${unit} from ${min} to ${max} (got ${describe(v)})`,
  );
}

/** A whole number from 1 to `max`; what it counts is said when the bound is passed. */
export function positiveInt(max: number, what = ''): z.ZodType<number, unknown> {
  const unit = what === '' ? '' : ` ${what}`;
  return check(
    (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max,
    (v) => typeof v === 'number' && Number.isInteger(v) && v > max
      ? `must be at most ${max.toLocaleString('en-US')}${unit} (got ${describe(v)})`
      : `must be a whole number ≥ 1 (got ${describe(v)})`,
  );
}

/** Invocations of one phase (count, amount). */
export function invocationCount(): z.ZodType<number, unknown> {
  return positiveInt(MAX_PHASE_INVOCATIONS, 'invocations in one phase');
}

/** Invocations in flight at once (concurrency, maxInFlight, connections). */
export function inFlight(): z.ZodType<number, unknown> {
  return positiveInt(MAX_IN_FLIGHT, `in flight at once (Lambda's default concurrency per account and Region)`);
}

export function positiveNumber(max: number): z.ZodType<number, unknown> {
  return check(
    (v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max,
    (v) => typeof v === 'number' && v > max
      ? `must be at most ${max.toLocaleString('en-US')} (got ${describe(v)})`
      : `must be a number > 0 (got ${describe(v)})`,
  );
}

/** A rate in invocations per second, up to MAX_RATE_PER_SECOND; `allowZero` for one end of a ramp. */
export function ratePerSecond(opts: { readonly allowZero?: boolean } = {}): z.ZodType<number, unknown> {
  return z.unknown().transform((value, ctx) => {
    const ok = typeof value === 'number' && Number.isFinite(value) && (opts.allowZero ? value >= 0 : value > 0);
    if (!ok) {
      const bound = opts.allowZero ? '≥ 0' : '> 0';
      ctx.addIssue({ code: 'custom', message: `must be a number of invocations per second ${bound} (got ${describe(value)})` });
      return z.NEVER;
    }
    if (value > MAX_RATE_PER_SECOND) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_RATE_PER_SECOND.toLocaleString('en-US')} invocations per second (got ${describe(value)})` });
      return z.NEVER;
    }
    return value;
  });
}

export function fraction(): z.ZodType<number, unknown> {
  return check(
    (v): v is number => typeof v === 'number' && v >= 0 && v <= 1,
    (v) => `must be a number from 0 to 1 (got ${describe(v)})`,
  );
}

export function nonEmptyString(what = 'a non-empty string'): z.ZodType<string, unknown> {
  return check(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
    (v) => `must be ${what} (got ${describe(v)})`,
  );
}

export function bool(): z.ZodType<boolean, unknown> {
  return check((v): v is boolean => typeof v === 'boolean', (v) => `must be true or false (got ${describe(v)})`);
}

export function oneOf<const T extends string>(values: readonly T[]): z.ZodType<T, unknown> {
  return check(
    (v): v is T => typeof v === 'string' && (values as readonly string[]).includes(v),
    (v) => `must be one of ${values.join(', ')} (got ${describe(v)})`,
  );
}

export function url(): z.ZodType<string, unknown> {
  return check(
    (v): v is string => {
      if (typeof v !== 'string') return false;
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    (v) => `must be an http:// or https:// URL (got ${describe(v)})`,
  );
}

/**
 * Environment variables and headers are strings; YAML reads `DEBUG: 1` or
 * `FLAG: true` as a number or boolean, so those are taken as their text.
 */
export function stringMap(): z.ZodType<Record<string, string>, unknown> {
  return z.unknown().transform((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `must be a mapping of names to values (got ${describe(value)})` });
      return z.NEVER;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else ctx.addIssue({ code: 'custom', path: [k], message: `must be a string, number or boolean (got ${describe(v)})` });
    }
    return out;
  });
}

/** `memory: 512` or `memory: [128, 512]`, each a value Lambda accepts. */
export function memoryList(): z.ZodType<number[], unknown> {
  const one = isMemorySize;
  const why = (v: unknown): string => `must be a whole number of MB from ${MEMORY_MIN_MB} to ${MEMORY_MAX_MB} (got ${describe(v)})`;
  return z.unknown().transform((value, ctx) => {
    if (!Array.isArray(value)) {
      if (one(value)) return [value];
      ctx.addIssue({ code: 'custom', message: `${why(value)}; for a sweep, a list such as [128, 512, 1024]` });
      return z.NEVER;
    }
    if (value.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one memory size' });
    const seen = new Set<number>();
    value.forEach((v, i) => {
      if (!one(v)) ctx.addIssue({ code: 'custom', path: [i], message: why(v) });
      else if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${v} is listed twice` });
      else seen.add(v);
    });
    return value as number[];
  });
}
