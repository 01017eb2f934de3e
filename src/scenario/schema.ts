// The scenario format of docs/scenario-format.md as zod schemas. Phases are checked apart
// (each against its own pattern's options schema, see ./validate.ts), and so
// is the target (its keys depend on its kind).

import { z } from 'zod';
import { ARCHITECTURES, DEFAULT_ARCHITECTURE } from '../lambda/architectures';
import {
  EPHEMERAL_STORAGE_DEFAULT_MB, EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_MIN_MB, TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC, isTimeout,
} from '../lambda/limits';
import {
  MAX_BUDGET_INVOCATIONS, MAX_MONTHLY_INVOCATIONS, MAX_RETRY_ATTEMPTS, MAX_RETRY_BACKOFF_MS, MAX_USD, MAX_WEIGHT,
} from '../fields/bounds';
import { describe } from '../fields/describe';
import { durationMs } from '../fields/duration';
import {
  bool, fraction, intInRange, memoryList, nonEmptyString, oneOf, positiveInt, positiveNumber, stringMap, url,
} from '../fields/schemas';

export const TARGET_KINDS = ['local', 'aws', 'http'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const DEFAULTS = {
  architecture: DEFAULT_ARCHITECTURE,
  ephemeralStorageMb: EPHEMERAL_STORAGE_DEFAULT_MB,
  maxErrorRate: 0,
  retry: { attempts: 3, backoffMs: 100 },
  storePayloads: false,
  balancedWeight: 0.5,
  order: 'interleaved',
} as const;

/** How a memory sweep orders its settings (docs/scenario-format.md, `order`). */
export const SWEEP_ORDERS = ['interleaved', 'sequential'] as const;

/** Scenario names become part of result folder names. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const scenarioName = z.unknown().transform((v, ctx) => {
  if (typeof v !== 'string' || !NAME.test(v)) {
    ctx.addIssue({ code: 'custom', message: `must be letters, digits, ".", "_" or "-" (it names the result folder; got ${describe(v)})` });
    return z.NEVER;
  }
  return v;
});

const region = z.unknown().transform((v, ctx) => {
  if (typeof v !== 'string' || !REGION.test(v)) {
    ctx.addIssue({ code: 'custom', message: `must be an AWS region such as us-east-1 (got ${describe(v)})` });
    return z.NEVER;
  }
  return v;
});

/** Lambda's timeout: whole seconds, as a number of seconds (like function.json) or a duration. */
const timeoutSec = z.unknown().transform((v, ctx) => {
  const sec = typeof v === 'number' ? v : (() => {
    const ms = durationMs().safeParse(v);
    return ms.success ? ms.data / 1000 : NaN;
  })();
  if (!isTimeout(sec)) {
    ctx.addIssue({ code: 'custom', message: `must be whole seconds from ${TIMEOUT_MIN_SEC} to ${TIMEOUT_MAX_SEC}, as a number of seconds or a duration such as 30s (got ${describe(v)})` });
    return z.NEVER;
  }
  return sec;
});

// The client's own deadline per invocation; beyond Lambda's longest timeout plus a minute it would guard nothing.
const invocationTimeoutMs = durationMs({ maxMs: TIMEOUT_MAX_SEC * 1000 + 60_000, positive: true });

export const targetSchemas = {
  local: z.strictObject({
    kind: z.literal('local'),
    function: nonEmptyString('a function name').optional(),
    code: nonEmptyString('a folder, relative to the scenario file'),
    handler: nonEmptyString('a handler such as index.handler').optional(),
    runtime: nonEmptyString('a runtime such as nodejs20.x').optional(),
    timeout: timeoutSec.optional(),
    environment: stringMap().optional(),
    invocationTimeout: invocationTimeoutMs.optional(),
    responseStreaming: bool().optional(),
    strict: bool().optional(),
  }),
  aws: z.strictObject({
    kind: z.literal('aws'),
    function: nonEmptyString('a function name or ARN'),
    region: region.optional(),
    profile: nonEmptyString('a profile name').optional(),
    endpoint: url().optional(),
    qualifier: nonEmptyString('a version or alias').optional(),
    invocationTimeout: invocationTimeoutMs.optional(),
    responseStreaming: bool().optional(),
  }),
  http: z.strictObject({
    kind: z.literal('http'),
    url: url(),
    method: oneOf(HTTP_METHODS).optional(),
    headers: stringMap().optional(),
    body: z.unknown().optional(),
    function: nonEmptyString('a function name or ARN').optional(),
    region: region.optional(),
    endpoint: url().optional(),
  }),
} as const;

const payloadEntry = z.strictObject({
  weight: positiveNumber(MAX_WEIGHT),
  payload: z.unknown().optional(),
  payloadFile: nonEmptyString('a file, relative to the scenario file').optional(),
});

export const scenarioSchema = z.strictObject({
  name: scenarioName.optional(),
  target: z.unknown(),
  architecture: oneOf(ARCHITECTURES).optional(),
  memory: memoryList().optional(),
  order: oneOf(SWEEP_ORDERS).optional(),
  ephemeralStorage: intInRange(EPHEMERAL_STORAGE_MIN_MB, EPHEMERAL_STORAGE_MAX_MB, 'MB').optional(),
  payload: z.unknown().optional(),
  payloadFile: nonEmptyString('a file, relative to the scenario file').optional(),
  payloads: z.array(payloadEntry, { error: 'must be a list of { weight, payload | payloadFile }' })
    .min(1, { error: 'must list at least one payload' }).optional(),
  phases: z.array(z.unknown(), { error: 'must be a list of phases' }).min(1, { error: 'must list at least one phase' }),
  budget: z.strictObject({
    maxInvocations: positiveInt(MAX_BUDGET_INVOCATIONS, 'invocations').optional(),
    maxCostUsd: positiveNumber(MAX_USD).optional(),
  }).optional(),
  maxErrorRate: fraction().optional(),
  retry: z.strictObject({
    attempts: positiveInt(MAX_RETRY_ATTEMPTS, 'attempts').optional(),
    backoff: durationMs({ maxMs: MAX_RETRY_BACKOFF_MS }).optional(),
  }).optional(),
  storePayloads: bool().optional(),
  // The billed duration the user expects per invocation, for the estimate before the run (at most Lambda's timeout).
  expectedDuration: durationMs({ maxMs: TIMEOUT_MAX_SEC * 1000, positive: true }).optional(),
  projection: z.strictObject({
    monthlyInvocations: positiveInt(MAX_MONTHLY_INVOCATIONS, 'invocations a month'),
    freeTier: bool().optional(),
  }).optional(),
  recommend: z.strictObject({
    balancedWeight: fraction().optional(),
  }).optional(),
});

export type RawScenario = z.output<typeof scenarioSchema>;

/** Keys a mapping at this path may have, for "did you mean". */
export function knownKeys(schema: z.ZodType): readonly string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
