// Tags of functions: TagResource, UntagResource, ListTags, GetFunction's
// `Tags` and CreateFunction's `Tags`. Kept beside the store, keyed by the
// function record, so a function created again under a deleted one's name
// starts without any (as on Lambda, where tags go with the function).
// Limits: https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html
// (50 tags, keys of 1–128 characters, values of up to 256, `aws:` reserved).

import { invalidParameter, validationError } from '../api/errors';
import type { FunctionRecord } from './types';

export const TAGS_PER_FUNCTION_MAX = 50;
export const TAG_KEY_MAX_CHARS = 128;
export const TAG_VALUE_MAX_CHARS = 256;

const tagsByFunction = new WeakMap<FunctionRecord, Map<string, string>>();

/** A function's tags, in the order they were first set; empty when it has none. */
export function tagsOf(fn: FunctionRecord): Record<string, string> {
  return Object.fromEntries(tagsByFunction.get(fn) ?? []);
}

/** Characters as Lambda counts them (code points), not UTF-16 units. */
const chars = (s: string): number => [...s].length;

/**
 * A request's `Tags` member checked as Lambda checks it, before anything is
 * changed: a map of strings, each key 1–128 characters and not `aws:`, each
 * value at most 256, at most 50 of them. Throws Lambda's error otherwise.
 */
export function checkTags(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter("'Tags' must be a map of tag keys to string values");
  }
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw invalidParameter(`The value of tag '${key}' must be a string`);
    if (chars(key) < 1 || chars(key) > TAG_KEY_MAX_CHARS) {
      throw validationError(key, 'tags', `Map keys must satisfy constraint: [Member must have length less than or equal to ${TAG_KEY_MAX_CHARS}, Member must have length greater than or equal to 1]`);
    }
    if (chars(v) > TAG_VALUE_MAX_CHARS) {
      throw validationError(v, 'tags', `Map value must satisfy constraint: [Member must have length less than or equal to ${TAG_VALUE_MAX_CHARS}]`);
    }
    // AWS sets aws:* tags itself (aws:cloudformation:stack-name, …); users may not.
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key '${key}' uses the prefix 'aws:', which is reserved for AWS use.`);
    tags[key] = v;
  }
  if (Object.keys(tags).length > TAGS_PER_FUNCTION_MAX) throw invalidParameter('Number of tags exceeds function tag limit.');
  return tags;
}

/** Why function.json's `tags` cannot be a function's tags (Lambda's limits), or undefined. */
export function tagsProblem(value: unknown): string | undefined {
  try {
    checkTags(value);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Adds or overwrites `tags` (already checked with checkTags); refuses, changing nothing, past 50 in all. */
export function addTags(fn: FunctionRecord, tags: Readonly<Record<string, string>>): void {
  const current = tagsByFunction.get(fn) ?? new Map<string, string>();
  const added = Object.keys(tags).filter((k) => !current.has(k)).length;
  if (current.size + added > TAGS_PER_FUNCTION_MAX) throw invalidParameter('Number of tags exceeds function tag limit.');
  for (const [k, v] of Object.entries(tags)) current.set(k, v);
  tagsByFunction.set(fn, current);
}

/** Removes these keys; keys the function does not have are ignored, as Lambda does. */
export function removeTags(fn: FunctionRecord, keys: readonly string[]): void {
  const current = tagsByFunction.get(fn);
  if (current === undefined) return;
  for (const k of keys) current.delete(k);
}

/** Forgets every tag of the function. */
export function clearTags(fn: FunctionRecord): void {
  tagsByFunction.delete(fn);
}
