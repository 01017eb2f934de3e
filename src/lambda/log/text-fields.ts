// Splits a text record's `Name: value` fields. CloudWatch keeps the tabs
// Lambda writes between fields; AWS's documentation renders them as spaces,
// so within a tab-separated part a field also ends where the next known name
// begins. Runs on the harness's hot path (one REPORT per invocation): no
// regular expressions.

export type TextFields = Map<string, string>;

/** A field's value without its unit ("12.5 ms" → "12.5", "128 MB" → "128"). */
export function withoutUnit(value: string): string {
  return value.endsWith('ms') || value.endsWith('MB') ? value.slice(0, -2).trimEnd() : value;
}

/** The longest of `names` ending at `colon`, starting at or after `from`, after a space or at `from`. */
function knownNameBefore(line: string, colon: number, from: number, names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of names) {
    const at = colon - name.length;
    if (at < from || (best !== undefined && name.length <= best.length)) continue;
    if ((at === from || line.charCodeAt(at - 1) === 32) && line.startsWith(name, at)) best = name;
  }
  return best;
}

/**
 * The fields of `line` from `from` on. `names` are the names the record kind
 * may hold: they split a part that holds several fields with spaces between.
 * A tab-separated field keeps its own name, known or not, so a field Lambda
 * adds later is still read.
 */
export function textFields(line: string, from: number, names: readonly string[]): TextFields {
  const fields: TextFields = new Map();
  const end = line.trimEnd().length;
  let start = from;
  while (start < end) {
    let stop = line.indexOf('\t', start);
    if (stop < 0 || stop > end) stop = end;
    let colon = line.indexOf(': ', start);
    if (colon >= 0 && colon < stop) {
      let name = line.slice(start, colon).trim();
      let valueAt = colon + 2;
      colon = line.indexOf(': ', valueAt);
      while (colon >= 0 && colon < stop) {
        const next = knownNameBefore(line, colon, valueAt, names);
        if (next !== undefined) {
          fields.set(name, line.slice(valueAt, colon - next.length).trim());
          name = next;
          valueAt = colon + 2;
        }
        colon = line.indexOf(': ', colon + 2);
      }
      fields.set(name, line.slice(valueAt, stop).trim());
    }
    start = stop + 1;
  }
  return fields;
}

/** A numeric field without its unit, or undefined when absent, empty or not a finite number. */
export function numberField(fields: TextFields, name: string): number | undefined {
  const value = fields.get(name);
  if (value === undefined) return undefined;
  const raw = withoutUnit(value);
  if (raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
