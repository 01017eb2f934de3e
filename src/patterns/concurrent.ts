// `concurrent`: closed model with N invocations in flight until count are done.

import { z } from 'zod';
import { inFlight, invocationCount } from '../fields/schemas';
import { closedSchedule } from './closed';
import type { Pattern } from './types';

const options = z.strictObject({ concurrency: inFlight(), count: invocationCount() });
export type ConcurrentOptions = z.output<typeof options>;

export const concurrent: Pattern<ConcurrentOptions> = {
  name: 'concurrent',
  summary: 'count invocations, concurrency of them in flight at any time (closed model)',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: false,
  create: ({ concurrency, count }) => closedSchedule(count, concurrency),
};
