// `load` (http targets): autocannon drives the endpoint with `connections`
// closed-loop clients for `amount` requests or for `duration`, optionally
// capped at `rate` requests per second. The pattern hands out no slots: it
// passes the whole phase to the driver's load generator.

import { z } from 'zod';
import { durationMs } from '../fields/duration';
import { inFlight, invocationCount, ratePerSecond } from '../fields/schemas';
import type { LoadSpec, Pattern } from './types';

/** What autocannon waits for an answer by default is 10 s; a Lambda behind a URL may run longer. */
const DEFAULT_TIMEOUT_MS = 30_000;

const options = z
  .strictObject({
    connections: inFlight(),
    amount: invocationCount().optional(),
    duration: durationMs({ positive: true }).optional(),
    rate: ratePerSecond().optional(),
    pipelining: z.literal(1, { error: 'must be 1: with more, a latency would no longer be one request\'s' }).optional(),
    timeout: durationMs({ positive: true }).optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.amount === undefined) === (o.duration === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs exactly one of amount (requests) and duration' });
    }
    if (o.amount !== undefined && o.connections > o.amount) {
      ctx.addIssue({ code: 'custom', path: ['connections'], message: `cannot be more than amount (${o.connections} > ${o.amount})` });
    }
  });
export type LoadOptions = z.output<typeof options>;

/**
 * Requests a duration-bound load without a rate makes depend on the endpoint's
 * latency; the estimate assumes this many per connection and second (100 ms each).
 */
export const ASSUMED_REQUESTS_PER_CONNECTION_SECOND = 10;

export function loadSpec(o: LoadOptions): LoadSpec {
  return {
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : {}),
    ...(o.duration !== undefined ? { durationMs: o.duration } : {}),
    ...(o.rate !== undefined ? { rate: o.rate } : {}),
    pipelining: 1,
    timeoutMs: o.timeout ?? DEFAULT_TIMEOUT_MS,
  };
}

export const load: Pattern<LoadOptions> = {
  name: 'load',
  summary: 'http load with autocannon: connections clients for amount requests or for duration, optionally capped at rate per second',
  options,
  targets: ['http'],
  forcesFreshEnvironments: false,
  create: (opts) => {
    const spec = loadSpec(opts);
    const seconds = (spec.durationMs ?? 0) / 1000;
    const invocations = spec.amount
      ?? Math.max(1, Math.floor(spec.rate !== undefined ? spec.rate * seconds : spec.connections * ASSUMED_REQUESTS_PER_CONNECTION_SECOND * seconds));
    return {
      invocations,
      estimateWallMs: (latency) => spec.durationMs
        ?? Math.max(Math.ceil(invocations / spec.connections) * latency, spec.rate !== undefined ? (invocations / spec.rate) * 1000 : 0),
      run: async (driver) => {
        if (driver.load === undefined) throw new Error('the load pattern needs a target that drives HTTP load (kind: http)');
        await driver.load(spec);
      },
    };
  },
};
