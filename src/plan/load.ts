// The one entry point from a scenario file to a Plan. Throws ScenarioError
// (a UsageError: exit 2, one line per problem with file:line: field:).

import { loadScenario } from '../scenario/load';
import { buildPlan } from './build';
import type { Plan } from './types';

export async function loadPlan(file: string): Promise<Plan> {
  return buildPlan(await loadScenario(file));
}
