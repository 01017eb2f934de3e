// A Content-Length body: the size its header declares, and its bytes.

import { EMPTY } from './empty';

/** Past this many digits a length is no exact number; no body here comes near it. */
const MAX_DIGITS = 15;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * The size a Content-Length value declares: 0 without the header, -1 unless
 * it is 1*DIGIT (RFC 9110, 8.6), so that a sign, a hex prefix, an exponent,
 * a list or an empty value is malformed rather than read as some number.
 */
export function contentLength(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = value.length;
  if (n === 0 || n > MAX_DIGITS) return -1;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    if (code < ZERO || code > NINE) return -1;
    size = size * 10 + (code - ZERO);
  }
  return size;
}

/** The `size` bytes from `start`, without a copy. */
export function bodyAt(buf: Buffer, start: number, size: number): Buffer {
  return size === 0 ? EMPTY : buf.subarray(start, start + size);
}
