// Checks on the shape of a scenario file that must run before (or instead of)
// anything recursive: how deep it nests, and whether a mapping repeats a key.
// Each is one pass with an explicit stack, so a 100,000-level file or a
// 50,000-key mapping costs a moment, never a stack overflow or a quadratic scan.

import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { FieldPath } from './errors';

/**
 * Levels of lists and mappings a scenario may nest. The YAML parser recurses
 * per level (it gives up near 800 flow levels and runs out of memory on deep
 * compact lists), and so do JSON.stringify and the validation; no scenario
 * field needs more than a few. A payload nested deeper goes in a payloadFile,
 * which is sent as its bytes, whatever its depth.
 */
export const MAX_NESTING = 200;

/** The path at which `data` nests deeper than `max`, or undefined. */
export function deeperThan(data: unknown, max: number): FieldPath | undefined {
  interface Entry { readonly value: unknown; readonly depth: number; readonly parent: Entry | undefined; readonly key: string | number }
  const stack: Entry[] = [{ value: data, depth: 0, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const { value } = e;
    if (value === null || typeof value !== 'object') continue;
    if (e.depth >= max) {
      // The path is only built for the one place reported.
      const path: (string | number)[] = [];
      for (let at: Entry | undefined = e; at?.parent !== undefined; at = at.parent) path.unshift(at.key);
      return path;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: e.depth + 1, parent: e, key: i });
    } else {
      for (const k of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[k], depth: e.depth + 1, parent: e, key: k });
    }
  }
  return undefined;
}

export function nestingMessage(path: FieldPath): string {
  const where = typeof path[0] === 'string' ? ` (under ${path[0]})` : '';
  return `nested more than ${MAX_NESTING} levels deep${where}; a payload that deep goes in a payloadFile`;
}

/**
 * How deep YAML text nests before it is parsed, counting flow brackets
 * (`[`, `{`) outside quotes and comments, and compact block entries on one
 * line (`- - - x`), and block indentation. It may count a little high (a bracket in a plain
 * scalar), never low for the forms that make the parser recurse.
 */
export function textNesting(text: string, limit = Infinity): { readonly depth: number; readonly line: number } {
  let depth = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  let lineStart = true;
  let compact = 0;
  let quote: '"' | "'" | undefined;
  let prev = '\n';
  // Indentations of the enclosing block lines: block nesting by indentation.
  const indents: number[] = [];
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = true;
      compact = 0;
      indent = 0;
      prev = c;
      if (quote === undefined) continue;
    }
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
      prev = c;
      continue;
    }
    if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quote = undefined;
      }
      prev = c;
      continue;
    }
    const tokenStart = prev === ' ' || prev === '\t' || prev === '\n' || prev === '[' || prev === '{' || prev === ',' || prev === ':';
    if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if ((c === '"' || c === "'") && tokenStart) {
      quote = c;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (lineStart && (c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      compact++;
    } else if (c !== ' ' && c !== '\t') {
      if (lineStart && depth === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
      lineStart = false;
    } else if (lineStart) {
      indent++;
    }
    const here = depth + compact + indents.length;
    if (here > max) {
      max = here;
      maxLine = line;
      if (max > limit) break; // the first line that passes the limit is the one to show
    }
    prev = c;
  }
  return { depth: max, line: maxLine };
}

/** Offset of the first key repeated within one mapping, or undefined. */
export function firstDuplicateKey(doc: Document.Parsed): number | undefined {
  const stack: unknown[] = [doc.contents];
  let first: number | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const p of node.items) {
        if (!isPair(p)) continue;
        if (isScalar(p.key)) {
          const k = String(p.key.value);
          if (seen.has(k)) {
            const at = p.key.range?.[0];
            if (at !== undefined && (first === undefined || at < first)) first = at;
          }
          seen.add(k);
        }
        stack.push(p.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return first;
}
