// Zips for the deploy tests: well-made ones through yazl (modes kept), and
// the malformed ones yazl refuses to write (`..` or absolute names, sizes in
// the headers that lie), written by hand: local headers, central directory
// and end record as APPNOTE.TXT lays them out (stored or deflated entries).

import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yazl from 'yazl';

export interface ZipEntry {
  readonly name: string;
  readonly data: string | Buffer;
  /** Unix mode bits of the file (0o644 unless given). */
  readonly mode?: number;
}

async function collect(zip: yazl.ZipFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function makeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.name, { mode: 0o100000 | (e.mode ?? 0o644) });
  zip.end();
  return collect(zip);
}

/** One entry of `bytes` zeros, deflated as it streams (a zip bomb when bytes is large; its headers are honest). */
export async function zerosZip(name: string, bytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const chunk = Buffer.alloc(1 << 20);
  let left = bytes;
  const source = new Readable({
    read() {
      if (left <= 0) { this.push(null); return; }
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  zip.addReadStream(source, name, { size: bytes, compressionLevel: 1 });
  zip.end();
  return collect(zip);
}

export interface RawEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Deflate the data (method 8) instead of storing it. */
  readonly deflate?: boolean;
  /** The uncompressed size the headers claim (the real one unless given). */
  readonly claimedSize?: number;
  /** Unix mode, with its file type bits (0o100644 unless given). */
  readonly mode?: number;
}

/** A zip written byte by byte, accepting any name and any claimed size. */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate === true ? zlib.deflateRawSync(e.data) : e.data;
    const crc = zlib.crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const method = e.deflate === true ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const NODE_HANDLER = (tag: string): string =>
  `exports.handler = async (event, context) => ({ code: ${JSON.stringify(tag)}, event, version: context.functionVersion, arn: context.invokedFunctionArn, memory: context.memoryLimitInMB });\n`;

export const PYTHON_HANDLER = (tag: string): string =>
  `def handler(event, context):\n    return {"code": ${JSON.stringify(tag)}, "event": event, "version": context.function_version, "memory": context.memory_limit_in_mb}\n`;

export const BOOTSTRAP = (tag: string): string => `#!/bin/sh
# A custom runtime in sh: one invocation after another through the Runtime API.
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
while true; do
  headers=$(mktemp)
  curl -sS -D "$headers" -o /dev/null "$api/next"
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\\r' | cut -d' ' -f2)
  curl -sS -X POST -d '{"code":"${tag}"}' "$api/$id/response" > /dev/null
  rm -f "$headers"
done
`;
