// Builds the target a plan names. One line per target kind.

import type { Plan } from '../plan/types';
import { Journal } from './journal';
import { HttpTarget } from './http';
import { AwsTarget } from './lambda';
import { LocalTarget } from './local';
import type { Target } from './types';

export function createTarget(plan: Plan, journal: Journal): Target {
  const spec = plan.target;
  switch (spec.kind) {
    case 'local':
      return new LocalTarget(spec, plan.architecture);
    case 'aws':
      return new AwsTarget({
        function: spec.function,
        journal,
        ...(spec.region !== undefined ? { region: spec.region } : {}),
        ...(spec.profile !== undefined ? { profile: spec.profile } : {}),
        ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
        ...(spec.qualifier !== undefined ? { qualifier: spec.qualifier } : {}),
      });
    case 'http':
      return new HttpTarget({ spec, plan, journal });
  }
}
