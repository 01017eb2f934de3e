/** An error as one line for the terminal: its name when it adds something, its message's first line, never a stack. */
export function oneLine(err: unknown): string {
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' && !err.message.startsWith(err.name) ? `${err.name}: ` : '';
    return `${name}${err.message}`.split('\n')[0];
  }
  return String(err).split('\n')[0];
}
