// Reads a scenario file (YAML, or JSON by its .json extension) and keeps what
// is needed to place a field path on a line of that file.

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { ScenarioError, type FieldPath, type Problem } from './errors';
import { deeperThan, firstDuplicateKey, MAX_NESTING, nestingMessage, textNesting } from './shape';

/** Larger payloads belong in a payloadFile, which is read as bytes. */
const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

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
  const refuse = (message: string, line?: number, col?: number): never => {
    throw new ScenarioError(display, [{ path: [], message, ...(line !== undefined ? { line } : {}), ...(col !== undefined ? { col } : {}) }]);
  };
  let text: string;
  try {
    // A FIFO or a device (/dev/zero) would be read forever: only a regular file of sensible size is read.
    const st = await stat(abs);
    if (st.isDirectory()) return refuse('is a folder, not a scenario file');
    if (!st.isFile()) return refuse('is not a regular file');
    if (st.size > MAX_SCENARIO_BYTES) return refuse(`is ${st.size.toLocaleString('en-US')} bytes; a scenario file may have at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} (put large payloads in a payloadFile)`);
    text = await readFile(abs, 'utf8');
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'scenario file not found'
      : code === 'EISDIR' ? 'is a folder, not a scenario file'
      : `cannot read scenario file (${code ?? String(err)})`;
    return refuse(why);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = path.extname(abs).toLowerCase() === '.json';

  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (err) {
      // Without a position from JSON.parse, the YAML parser's (JSON is YAML) is the best guess, if it can read that deep.
      let yamlPos: { line: number; col: number } | undefined;
      if (textNesting(text, MAX_NESTING).depth <= MAX_NESTING) {
        const lines = new LineCounter();
        const first = parseDocument(text, { lineCounter: lines, uniqueKeys: false }).errors[0];
        if (first) yamlPos = lines.linePos(first.pos[0]);
      }
      throw new ScenarioError(display, [jsonSyntaxProblem(err, text, yamlPos)]);
    }
    // Before the YAML parser sees it (for lines): it recurses per level.
    const deep = deeperThan(data, MAX_NESTING);
    if (deep) return refuse(nestingMessage(deep));
  } else {
    const flow = textNesting(text, MAX_NESTING);
    if (flow.depth > MAX_NESTING) return refuse(`nested more than ${MAX_NESTING} levels deep`, flow.line);
  }

  const lineCounter = new LineCounter();
  // uniqueKeys is checked below in one pass: the parser's own check is quadratic in a mapping's size.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const pos = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);
  const dup = doc.errors.length === 0 ? firstDuplicateKey(doc) : undefined;

  if (json) {
    // JSON.parse keeps the last of two equal keys without a word; a repeated key is a mistake.
    if (dup !== undefined) {
      const { line, col } = pos(dup);
      return refuse('the same key appears twice in one object', line, col);
    }
  } else {
    const e = doc.errors[0];
    if (e) {
      // Later syntax errors are mostly echoes of the first one.
      const { line, col } = pos(e.pos[0]);
      return refuse(`YAML syntax error: ${firstLine(e.message)}`, line, col);
    }
    if (dup !== undefined) {
      const { line, col } = pos(dup);
      return refuse('YAML syntax error: Map keys must be unique', line, col);
    }
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      return refuse(`YAML error: ${firstLine(String((err as Error).message ?? err))}`);
    }
    // Aliases can nest what the text does not show nested.
    const deep = deeperThan(data, MAX_NESTING);
    if (deep) return refuse(nestingMessage(deep));
  }

  const usable = doc.errors.length === 0;
  const keys = keyIndex();
  return {
    file: abs,
    display,
    data,
    lineOf: (fieldPath) => (usable ? locate(doc, fieldPath, pos, keys) : undefined),
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
  return { path: [], ...yamlPos, message: `JSON syntax error: ${message}` };
}

type Pos = (offset: number) => { line: number; col: number };

/**
 * Walks the document along the path. A field is placed on its key's line
 * (where `target:` is written, not where its first child is); a path the
 * file does not have (a missing key) falls back to its deepest existing parent.
 */
function locate(doc: Document.Parsed, fieldPath: FieldPath, pos: Pos, keys: KeyIndex): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, pos);
  for (const part of fieldPath) {
    if (isMap(node)) {
      const pair = keys(node).get(String(part));
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

type MapNode = YAMLMap<unknown, unknown>;
type PairNode = Pair<unknown, unknown>;
type KeyIndex = (map: MapNode) => ReadonlyMap<string, PairNode>;

/**
 * Each mapping's pairs by key, built once on first use: placing one problem
 * per key of a 50,000-key mapping by scanning it each time would be
 * quadratic. The first pair of a key wins, as the scan found it.
 */
function keyIndex(): KeyIndex {
  const cache = new WeakMap<MapNode, Map<string, PairNode>>();
  return (map) => {
    let index = cache.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (isPair(p) && isScalar(p.key)) {
          const k = String(p.key.value);
          if (!index.has(k)) index.set(k, p);
        }
      }
      cache.set(map, index);
    }
    return index;
  };
}

function rangeLine(node: unknown, pos: Pos): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? pos(range[0]).line : undefined;
}
