// `idle-gaps`: one invocation to warm an environment, then for each gap an
// idle wait and one invocation. Whether each lands cold tells how long an
// idle environment is kept.

import { z } from 'zod';
import { durationMs } from '../fields/duration';
import type { Pattern } from './types';

const options = z.strictObject({
  gaps: z.array(durationMs({ positive: true, unitRequired: true }), { error: 'must be a list of durations, e.g. [1s, 10s, 60s]' })
    .min(1, { error: 'must list at least one gap' }),
});
export type IdleGapsOptions = z.output<typeof options>;

export const idleGaps: Pattern<IdleGapsOptions> = {
  name: 'idle-gaps',
  summary: 'a warm-up invocation, then one invocation after each idle gap',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: false,
  create: ({ gaps }) => ({
    invocations: gaps.length + 1,
    estimateWallMs: (latency) => gaps.reduce((sum, g) => sum + g, 0) + (gaps.length + 1) * latency,
    run: async (driver) => {
      if (driver.signal.aborted) return;
      await driver.invoke({});
      for (const gap of gaps) {
        await driver.sleep(gap);
        if (driver.signal.aborted) return;
        await driver.invoke({});
      }
    },
  }),
};
