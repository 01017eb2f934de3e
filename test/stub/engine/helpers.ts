// Builds what the control plane would hand the engine, for engine-level tests.

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { FunctionSnapshot, InvokeOutcome, InvokeRequest } from '../../../src/stub/engine/types';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'functions');

let generation = 0;

export function snapshot(dir: string, over: Partial<FunctionSnapshot> = {}): FunctionSnapshot {
  const name = over.name ?? dir;
  return {
    name,
    version: '$LATEST',
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    codeDir: path.join(FIXTURES, dir),
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    memoryMb: 256,
    timeoutSec: 3,
    environment: {},
    architecture: 'x86_64',
    ephemeralStorageMb: 512,
    logging: { logFormat: 'Text' },
    generation: `g${++generation}`,
    region: 'us-east-1',
    ...over,
  };
}

export function request(fn: FunctionSnapshot, event: unknown = {}, over: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    fn,
    invokedArn: fn.functionArn,
    payload: Buffer.from(JSON.stringify(event)),
    requestId: randomUUID(),
    reservedConcurrency: null,
    ...over,
  };
}

export type Response = Extract<InvokeOutcome, { kind: 'response' }>;

export function asResponse(outcome: InvokeOutcome): Response {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome;
}

export function json(outcome: InvokeOutcome): unknown {
  return JSON.parse(asResponse(outcome).payload.toString('utf8'));
}

export function reportOf(outcome: InvokeOutcome): string {
  const line = asResponse(outcome).log.split('\n').find((l) => l.startsWith('REPORT '));
  if (line === undefined) throw new Error(`no REPORT line in ${asResponse(outcome).log}`);
  return line;
}

export function initMs(outcome: InvokeOutcome): number | undefined {
  const m = /Init Duration: ([\d.]+) ms/.exec(reportOf(outcome));
  return m === null ? undefined : Number(m[1]);
}
