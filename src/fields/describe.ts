// How a value a user wrote is named in a message ("(got a mapping)",
// "(got \"30\")"), so every field's complaint quotes it the same way.

const MAX_SHOWN = 60;

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A message is one line of sensible length, whatever was written.
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  return String(value);
}
