// The `application/vnd.amazon.eventstream` framing, encode side only: what
// InvokeWithResponseStream answers with, one message per PayloadChunk or
// InvokeComplete event. The format is Smithy's
// (https://smithy.io/2.0/aws/amazon-eventstream.html): a 12-byte prelude
// (total length, headers length, CRC32 of those 8 bytes), the headers, the
// payload, and a CRC32 of everything before it; all integers big-endian.
// Every header here is a string (type 7: a 2-byte length, then UTF-8).

import { crc32 } from 'node:zlib';

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
const STRING_TYPE = 7;

export type EventHeaders = ReadonlyArray<readonly [name: string, value: string]>;

function headerBytes(headers: EventHeaders): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of headers) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const h = Buffer.allocUnsafe(1 + n.length + 1 + 2 + v.length);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(STRING_TYPE, 1 + n.length);
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    parts.push(h);
  }
  return Buffer.concat(parts);
}

/** One whole message: prelude, headers, payload, message CRC. */
export function eventMessage(headers: EventHeaders, payload: Uint8Array): Buffer {
  const h = headerBytes(headers);
  const total = PRELUDE_BYTES + h.length + payload.length + CRC_BYTES;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(h.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  h.copy(out, PRELUDE_BYTES);
  out.set(payload, PRELUDE_BYTES + h.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return out;
}

/** An event of a modelled event stream: `:message-type` event, its `:event-type` and `:content-type`. */
export function eventOf(eventType: string, contentType: string, payload: Uint8Array): Buffer {
  return eventMessage([[':event-type', eventType], [':content-type', contentType], [':message-type', 'event']], payload);
}
