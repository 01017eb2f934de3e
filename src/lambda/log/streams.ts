// Where Lambda writes a function's logs by default.

import { randomBytes } from 'node:crypto';

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `YYYY/MM/DD/[<version>]<32 hex>`, as Lambda names an execution environment's stream. */
export function logStreamName(version: string, now: Date = new Date()): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${randomBytes(16).toString('hex')}`;
}
