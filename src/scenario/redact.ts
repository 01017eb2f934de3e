// The scenario as run.json keeps it. Payloads are the user's data: unless the
// scenario says `storePayloads: true`, each inline payload (and an http
// target's body) is replaced by its size and SHA-256, enough to tell two runs'
// payloads apart without keeping them. Environment variables and HTTP headers
// hold credentials more often than not: their values are never kept, only
// their names.

import { createHash } from 'node:crypto';

export const NOT_STORED = '(not stored)';

export interface PayloadDigest {
  readonly stored: false;
  readonly bytes: number;
  readonly sha256: string;
}

export function payloadDigest(body: Buffer): PayloadDigest {
  return { stored: false, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

/**
 * `bodies`: the bytes each inline payload is sent as, by its place in the file
 * (`payload`, `payloads[i].payload`, `target.body`).
 */
export function redactScenario(data: unknown, storePayloads: boolean, bodies: ReadonlyMap<string, Buffer>): unknown {
  if (!isMapping(data)) return data;
  const out: Record<string, unknown> = { ...data };
  const digest = (where: string, value: unknown): unknown => {
    if (storePayloads) return value;
    const body = bodies.get(where) ?? Buffer.from(JSON.stringify(value ?? null) ?? '', 'utf8');
    return payloadDigest(body);
  };
  if ('payload' in out) out['payload'] = digest('payload', out['payload']);
  if (Array.isArray(out['payloads'])) {
    out['payloads'] = out['payloads'].map((entry: unknown, i) =>
      isMapping(entry) && 'payload' in entry ? { ...entry, payload: digest(`payloads[${i}].payload`, entry['payload']) } : entry);
  }
  if (isMapping(out['target'])) {
    const target: Record<string, unknown> = { ...out['target'] };
    if ('body' in target) target['body'] = digest('target.body', target['body']);
    for (const secretive of ['environment', 'headers']) {
      const map = target[secretive];
      if (isMapping(map)) target[secretive] = Object.fromEntries(Object.keys(map).map((k) => [k, NOT_STORED]));
    }
    out['target'] = target;
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
