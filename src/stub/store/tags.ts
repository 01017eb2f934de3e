// A function's tags: the hook CreateFunction stores its Tags member through.
// TagResource, UntagResource and ListTags (and GetFunction's Tags) read and
// change the same map. Limits: https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html
// (50 tags, keys 1–128 characters not starting with aws:, values at most 256).

import type { FunctionRecord } from './types';

const TAGS_MAX = 50;
const tags = new WeakMap<FunctionRecord, Readonly<Record<string, string>>>();

/** Why a Tags member is refused, or undefined when it is fine. */
export function tagsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return "'Tags' must be an object of string values";
  const entries = Object.entries(value);
  if (entries.length > TAGS_MAX) return `A function can have at most ${TAGS_MAX} tags`;
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128) return `Tag key '${k}' must be 1 to 128 characters long`;
    if (k.toLowerCase().startsWith('aws:')) return `Tag key '${k}' uses the reserved prefix aws:`;
    if (typeof v !== 'string' || v.length > 256) return `Tag value of '${k}' must be a string of at most 256 characters`;
  }
  return undefined;
}

export function setFunctionTags(fn: FunctionRecord, value: Readonly<Record<string, string>>): void {
  tags.set(fn, Object.freeze({ ...value }));
}

export function functionTags(fn: FunctionRecord): Readonly<Record<string, string>> {
  return tags.get(fn) ?? {};
}
