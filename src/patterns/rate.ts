// `rate`: a fixed arrival rate for a duration (open model). Invocation i is
// due at start + i / rate, fired on time whether or not earlier ones are done.

import { z } from 'zod';
import { durationMs } from '../fields/duration';
import { inFlight, ratePerSecond } from '../fields/schemas';
import { openSchedule, wholeInvocations, type OpenSchedule } from './open';
import type { Pattern } from './types';

const options = z
  .strictObject({
    rate: ratePerSecond(),
    duration: durationMs({ positive: true }),
    maxInFlight: inFlight().optional(),
  })
  .superRefine((o, ctx) => {
    if (wholeInvocations((o.rate * o.duration) / 1000) < 1) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: `rate × duration gives no invocation (${o.rate}/s for ${o.duration} ms)` });
    }
  });
export type RateOptions = z.output<typeof options>;

export function rateSchedule({ rate, duration, maxInFlight }: RateOptions): OpenSchedule {
  const intervalMs = 1000 / rate;
  return {
    invocations: wholeInvocations((rate * duration) / 1000),
    dueOffsetMs: (i) => i * intervalMs,
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
  };
}

export const rate: Pattern<RateOptions> = {
  name: 'rate',
  summary: 'rate invocations per second for duration (open model; latency counted from the due time)',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: false,
  create: (opts) => openSchedule(rateSchedule(opts)),
};
