// The scenario's payloads as the bytes sent: inline values as JSON, files as
// read (and, for Lambda targets, checked to be JSON).

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FieldPath, Problem } from './errors';
import type { WeightedPayload } from './types';
import type { PayloadRef } from './validate';

/**
 * `lambda`: the payload goes to Lambda's Invoke (must be JSON; default `{}`),
 * otherwise to an HTTP endpoint (text as written; no default).
 */
export async function resolvePayloads(refs: readonly PayloadRef[], lambda: boolean, dir: string, problems: Problem[]): Promise<WeightedPayload[]> {
  if (refs.length === 0) return lambda ? [{ weight: 1, body: Buffer.from('{}') }] : [];
  const out: WeightedPayload[] = [];
  for (const ref of refs) {
    const body = 'file' in ref ? await readPayloadFile(ref, dir, lambda, problems) : inlineBody(ref.inline, lambda);
    if (body) out.push({ weight: ref.weight, body });
  }
  return out;
}

function inlineBody(value: unknown, lambda: boolean): Buffer {
  return !lambda && typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(JSON.stringify(value ?? null), 'utf8');
}

async function readPayloadFile(
  ref: { readonly file: string; readonly path: FieldPath },
  dir: string,
  mustBeJson: boolean,
  problems: Problem[],
): Promise<Buffer | undefined> {
  const abs = path.resolve(dir, ref.file);
  let body: Buffer;
  try {
    body = await readFile(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ path: ref.path, message: code === 'ENOENT' ? `payload file not found: ${abs}` : `cannot read payload file ${abs} (${code ?? String(err)})` });
    return undefined;
  }
  if (mustBeJson) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch (err) {
      problems.push({ path: ref.path, message: `${abs} is not valid JSON, which a Lambda payload must be (${(err as Error).message})` });
      return undefined;
    }
  }
  return body;
}
