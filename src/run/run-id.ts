import { randomBytes } from 'node:crypto';

/** A run id that sorts by time and is unique enough across machines: 20250101T120000Z-1a2b3c. */
export function newRunId(at: Date = new Date()): string {
  return `${utcStamp(at)}-${randomBytes(3).toString('hex')}`;
}

/** UTC timestamp safe in file names on every OS: 20250101T120000Z. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
