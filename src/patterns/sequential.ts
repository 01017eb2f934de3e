// `sequential`: one invocation after another, each waiting for the last.

import { z } from 'zod';
import { invocationCount } from '../fields/schemas';
import { closedSchedule } from './closed';
import type { Pattern } from './types';

const options = z.strictObject({ count: invocationCount() });
export type SequentialOptions = z.output<typeof options>;

export const sequential: Pattern<SequentialOptions> = {
  name: 'sequential',
  summary: 'count invocations, one after another',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: false,
  create: ({ count }) => closedSchedule(count, 1),
};
