// The one entry point from a scenario file to a Plan. Throws ScenarioError
// (one line per problem with file:line: field:; the CLI exits 2 on it).

import { loadScenario } from '../scenario/load';
import { buildPlan } from './build';
import type { Plan } from './types';

export async function loadPlan(file: string): Promise<Plan> {
  return buildPlan(await loadScenario(file));
}
