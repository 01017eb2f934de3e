// `cold`: every invocation on a fresh execution environment. The target
// decides how to force it (a configuration change, a new version); the
// pattern only asks for it before each invocation.

import { z } from 'zod';
import { invocationCount } from '../fields/schemas';
import { closedSchedule } from './closed';
import type { Pattern } from './types';

const options = z.strictObject({ count: invocationCount() });
export type ColdOptions = z.output<typeof options>;

export const cold: Pattern<ColdOptions> = {
  name: 'cold',
  summary: 'count invocations, each on a fresh execution environment (forced cold start)',
  options,
  targets: ['local', 'aws'],
  forcesFreshEnvironments: true,
  create: ({ count }) => closedSchedule(count, 1, (driver) => driver.freshEnvironment()),
};
