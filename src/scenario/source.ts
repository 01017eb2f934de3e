// Reads a scenario file (YAML, or JSON by its .json extension) and keeps what
// is needed to place a field path on a line of that file.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, type FieldPath, type Problem } from './errors';

export interface ScenarioSource {
  /** Absolute path. */
  readonly file: string;
  /** The path as shown in messages (relative to the working directory when inside it). */
  readonly display: string;
  /** The parsed content, as plain JSON-like data. */
  readonly data: unknown;
  /** 1-based line of the field, or of its closest enclosing field the file has. */
  lineOf(path: FieldPath): number | undefined;
}

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export async function readScenarioSource(file: string): Promise<ScenarioSource> {
  const abs = path.resolve(file);
  const display = displayPath(abs);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'scenario file not found'
      : code === 'EISDIR' ? 'is a folder, not a scenario file'
      : `cannot read scenario file (${code ?? String(err)})`;
    throw new ScenarioError(display, [{ path: [], message: why }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);

  let data: unknown;
  if (path.extname(abs).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new ScenarioError(display, [jsonSyntaxProblem(err, text, doc.errors[0] ? pos(doc.errors[0].pos[0]) : undefined)]);
    }
    // JSON.parse keeps the last of two equal keys without a word; a repeated key is a mistake.
    const dup = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (dup) {
      const { line, col } = pos(dup.pos[0]);
      throw new ScenarioError(display, [{ path: [], line, col, message: 'the same key appears twice in one object' }]);
    }
  } else {
    const e = doc.errors[0];
    if (e) {
      // Later syntax errors are mostly echoes of the first one.
      const { line, col } = pos(e.pos[0]);
      throw new ScenarioError(display, [{ path: [], line, col, message: `YAML syntax error: ${firstLine(e.message)}` }]);
    }
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      throw new ScenarioError(display, [{ path: [], message: `YAML error: ${firstLine(String((err as Error).message ?? err))}` }]);
    }
  }

  const usable = doc.errors.length === 0;
  return {
    file: abs,
    display,
    data,
    lineOf: (fieldPath) => (usable ? locate(doc, fieldPath, pos) : undefined),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function jsonSyntaxProblem(err: unknown, text: string, yamlPos: { line: number; col: number } | undefined): Problem {
  // Node 20 quotes a snippet of the text after the reason; the position says more.
  const message = ((err as Error).message ?? String(err)).replace(/, "[\s\S]*$/, '').split('\n')[0]!.trim();
  // Node reports "… at position N" (and sometimes line/column itself).
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { path: [], line: Number(lineCol[1]), col: Number(lineCol[2]), message: `JSON syntax error: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}` };
  const at = /position (\d+)/.exec(message);
  if (at) {
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    return { path: [], line, col, message: `JSON syntax error: ${message}` };
  }
  // Without a position from JSON.parse, the YAML parser's (JSON is YAML) is the best guess.
  return { path: [], ...yamlPos, message: `JSON syntax error: ${message}` };
}

type Pos = (offset: number) => { line: number; col: number };

/**
 * Walks the document along the path. A field is placed on its key's line
 * (where `target:` is written, not where its first child is); a path the
 * file does not have (a missing key) falls back to its deepest existing parent.
 */
function locate(doc: Document.Parsed, fieldPath: FieldPath, pos: Pos): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, pos);
  for (const part of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      line = rangeLine(pair.key, pos) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      line = rangeLine(item, pos) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function rangeLine(node: unknown, pos: Pos): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? pos(range[0]).line : undefined;
}
