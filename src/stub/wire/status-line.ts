// The first line of a reply.

import { STATUS_CODES } from 'node:http';

const LINES = new Map<number, string>();

/** `HTTP/1.1 <status> <reason>\r\n`, with node:http's reason phrases; built once per status. */
export function statusLine(status: number): string {
  let line = LINES.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
    LINES.set(status, line);
  }
  return line;
}
