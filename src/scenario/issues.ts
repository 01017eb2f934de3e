// Turns zod issues into Problems whose messages name the field in the
// scenario's own terms, with "did you mean" for unknown keys.

import { z } from 'zod';
import { describe } from '../fields/describe';
import type { FieldPath, Problem } from './errors';
import { didYouMean } from './suggest';

type Issue = z.core.$ZodIssue;

/** Unknown keys of one mapping that get a "did you mean". */
const MAX_SUGGESTIONS = 100;

export function valueAt(root: unknown, path: FieldPath): unknown {
  let v: unknown = root;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}

/** The schema describing the value at `path` inside `schema`, when it is a plain object/array nesting. */
export function schemaAt(schema: z.ZodType, path: FieldPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const part of [...path, null]) {
    // Unwrap the wrappers that do not change the shape.
    for (;;) {
      if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
      else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
      else break;
    }
    if (part === null || s === undefined) return s;
    if (s instanceof z.ZodObject && typeof part === 'string') s = s.shape[part] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray && typeof part === 'number') s = s.element as z.ZodType;
    else return undefined;
  }
  return s;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false',
};

export interface IssueContext {
  /** The whole scenario's data, to describe the offending value. */
  readonly root: unknown;
  /** Where the parsed value sits in the scenario. */
  readonly base: FieldPath;
  /** Keys allowed in the mapping at a path relative to base. */
  keysAt(path: FieldPath): readonly string[];
  /** How to call an unknown key here ("unknown key", "unknown option for pattern …"). */
  unknownKeyLabel?(path: FieldPath): string;
}

export function issuesToProblems(issues: readonly Issue[], ctx: IssueContext): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = [...ctx.base, ...rel];
    if (issue.code === 'unrecognized_keys') {
      const known = ctx.keysAt(rel);
      const label = ctx.unknownKeyLabel?.(rel) ?? 'unknown key';
      const expected = known.length > 0 ? ` (expected one of ${known.join(', ')})` : '';
      issue.keys.forEach((key, i) => {
        // A few unknown keys are typos worth a suggestion; thousands are not, and would cost seconds.
        const hint = (i < MAX_SUGGESTIONS ? didYouMean(key, known) : '') || expected;
        out.push({ path: [...path, key], message: `${label}${hint}` });
      });
      continue;
    }
    const value = valueAt(ctx.root, path);
    if (value === undefined && issue.code !== 'custom') {
      out.push({ path, message: 'is required' });
    } else if (value === undefined && issue.code === 'custom' && /\(got undefined\)/.test(issue.message)) {
      out.push({ path, message: `is required: ${issue.message.replace(/\s*\(got undefined\)/, '')}` });
    } else if (issue.code === 'invalid_type') {
      // A schema's own message ({ error: … }) says more than zod's generic one.
      const own = issue.message.startsWith('Invalid input') ? undefined : issue.message;
      out.push({ path, message: `${own ?? `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`} (got ${describe(value)})` });
    } else if (issue.code === 'invalid_value') {
      out.push({ path, message: `must be one of ${issue.values.map(String).join(', ')} (got ${describe(value)})` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}
