// Builds the target a plan names. One line per target kind.

import type { Plan } from '../plan/types';
import { Journal } from './journal';
import { HttpTarget } from './http';
import { AwsTarget } from './aws';
import { LocalTarget } from './local';
import type { Target } from './types';

export function createTarget(plan: Plan, journal: Journal): Target {
  const spec = plan.target;
  switch (spec.kind) {
    case 'local':
      return new LocalTarget(spec, plan.architecture);
    case 'aws':
      // The spec's fields are the target's options.
      return new AwsTarget({ ...spec, journal });
    case 'http':
      return new HttpTarget({ spec, plan, journal });
  }
}
