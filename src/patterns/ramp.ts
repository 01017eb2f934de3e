// `ramp`: an arrival rate changing linearly from `from` to `to` per second
// over `duration` (open model). Invocation i is due when the integral of the
// rate reaches i, so the schedule follows the ramp exactly rather than in steps.

import { z } from 'zod';
import { durationMs } from '../fields/duration';
import { inFlight, ratePerSecond } from '../fields/schemas';
import { openSchedule, wholeInvocations, type OpenSchedule } from './open';
import type { Pattern } from './types';

const options = z
  .strictObject({
    from: ratePerSecond({ allowZero: true }),
    to: ratePerSecond({ allowZero: true }),
    duration: durationMs({ positive: true }),
    maxInFlight: inFlight().optional(),
  })
  .superRefine((o, ctx) => {
    if (wholeInvocations(((o.from + o.to) / 2) * (o.duration / 1000)) < 1) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: `the ramp from ${o.from}/s to ${o.to}/s over ${o.duration} ms gives no invocation` });
    }
  });
export type RampOptions = z.output<typeof options>;

export function rampSchedule({ from, to, duration, maxInFlight }: RampOptions): OpenSchedule {
  const seconds = duration / 1000;
  // Cumulative count N(t) = from·t + a·t², a = (to − from) / (2·duration).
  const a = (to - from) / (2 * seconds);
  return {
    invocations: wholeInvocations(((from + to) / 2) * seconds),
    dueOffsetMs: (i) => {
      if (i === 0) return 0;
      // Root of a·t² + from·t − i = 0 in the form that stays exact when a → 0.
      const root = Math.sqrt(Math.max(0, from * from + 4 * a * i));
      return Math.min(seconds, (2 * i) / (from + root)) * 1000;
    },
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
  };
}

export const ramp: Pattern<RampOptions> = {
  name: 'ramp',
  summary: 'arrival rate going linearly from `from` to `to` per second over duration (open model)',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: false,
  create: (opts) => openSchedule(rampSchedule(opts)),
};
