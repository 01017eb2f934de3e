// A body sent with Transfer-Encoding: chunked (RFC 9112, 7.1), read from a
// buffer that may not hold all of it yet.

import { EMPTY } from './empty';

const CRLF = Buffer.from('\r\n');
const CR = 0x0d;
const LF = 0x0a;
/** Past this many hex digits a size is no exact number; no body here comes near it. */
const MAX_HEX_DIGITS = 13;

export interface ChunkedBody {
  /** The chunks' data, joined. */
  readonly body: Buffer;
  /** Where the message ends in the buffer: after the last chunk and any trailers. */
  readonly end: number;
}

/** Reads the chunked body starting at `from`; 'partial' until its last chunk and trailers are in. */
export function readChunkedBody(buf: Buffer, from: number): ChunkedBody | 'partial' | 'malformed' {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = from;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return 'partial';
    const size = chunkSize(buf, pos, lineEnd);
    if (size < 0) return 'malformed';
    pos = lineEnd + 2;
    if (size === 0) return trailersEnd(buf, pos, parts, total);
    if (buf.length < pos + size + 2) return 'partial';
    if (buf[pos + size] !== CR || buf[pos + size + 1] !== LF) return 'malformed';
    parts.push(buf.subarray(pos, pos + size));
    total += size;
    pos += size + 2;
  }
}

/** After the last chunk: trailer lines, if any, then an empty line. */
function trailersEnd(buf: Buffer, from: number, parts: Buffer[], total: number): ChunkedBody | 'partial' {
  let pos = from;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return 'partial';
    if (lineEnd === pos) {
      const body = parts.length === 0 ? EMPTY : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
      return { body, end: lineEnd + 2 };
    }
    pos = lineEnd + 2;
  }
}

/**
 * The size on a chunk's line, hex digits optionally followed by extensions
 * (`;name=value`, which are ignored); -1 for anything else.
 */
function chunkSize(buf: Buffer, from: number, to: number): number {
  let size = 0;
  let pos = from;
  for (; pos < to && pos - from <= MAX_HEX_DIGITS; pos++) {
    const digit = hexValue(buf[pos] as number);
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  if (pos === from || pos - from > MAX_HEX_DIGITS) return -1;
  if (pos === to) return size;
  const next = buf[pos];
  return next === 0x3b || next === 0x20 || next === 0x09 ? size : -1;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}
