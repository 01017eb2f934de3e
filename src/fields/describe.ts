// How a value a user wrote is named in a message ("(got a mapping)",
// "(got \"30\")"), so every field's complaint quotes it the same way.

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
