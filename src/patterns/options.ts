// Option schemas shared by several patterns, with messages that read well
// after a field path ("phases[1].count: must be a whole number ≥ 1").

import { z } from 'zod';
import { describe } from '../scenario/duration';

export { durationMs } from '../scenario/duration';
export { positiveInt } from '../scenario/fields';

/** A rate in invocations per second; `allowZero` for one end of a ramp. */
export function ratePerSecond(opts: { readonly allowZero?: boolean } = {}): z.ZodType<number, unknown> {
  return z.unknown().transform((value, ctx) => {
    const ok = typeof value === 'number' && Number.isFinite(value) && (opts.allowZero ? value >= 0 : value > 0);
    if (!ok) {
      const bound = opts.allowZero ? '≥ 0' : '> 0';
      ctx.addIssue({ code: 'custom', message: `must be a number of invocations per second ${bound} (got ${describe(value)})` });
      return z.NEVER;
    }
    return value;
  });
}
