// The plan a run executes once the function's own settings are read: priced
// and labelled with the function's architecture and ephemeral storage, and
// carrying its provisioned concurrency and SnapStart to every row's cost.
//
// For the aws and http targets the function is what it is: a scenario that
// names another architecture is bad input (the scenario cannot change it).
// For the local target the scenario's architecture is what the service gave
// the function, so the two agree by construction.

import { snapStartCharged } from '../cost/pricing';
import { withFunctionPricing, type FunctionPricing } from '../cost/model';
import type { Plan } from '../plan/types';
import { formatProblem } from '../scenario/errors';
import { displayPath, readScenarioSource } from '../scenario/source';
import { TargetError } from '../targets/errors';
import { provisionedCount, type FunctionFacts } from '../targets/function-facts';

export function functionPricing(facts: FunctionFacts, notes: readonly string[] = []): FunctionPricing {
  const pc = facts.provisionedConcurrency;
  const all = [
    ...(pc.kind === 'unknown'
      ? [`provisioned concurrency of ${facts.functionName}:${facts.qualifier} could not be read (${pc.reason}): every invocation is priced on demand and no standing charge is projected`]
      : []),
    ...notes,
  ];
  return {
    provisionedConcurrency: provisionedCount(facts),
    snapStartCharged: facts.snapStart.active && snapStartCharged(facts.runtime),
    ...(all.length > 0 ? { notes: all } : {}),
  };
}

/** The plan to execute; throws TargetError (exit 2, file:line: field) when the scenario's architecture contradicts the function. */
export async function planForFunction(plan: Plan, facts: FunctionFacts | undefined): Promise<Plan> {
  if (facts === undefined) return plan;
  const local = plan.target.kind === 'local';
  if (!local && wrote(plan.source, 'architecture') && plan.architecture !== facts.architecture) {
    const line = await fieldLine(plan.file, 'architecture');
    throw new TargetError(formatProblem(displayPath(plan.file), {
      path: ['architecture'],
      ...(line !== undefined ? { line } : {}),
      message: `the scenario says ${plan.architecture} but function "${facts.functionName}" runs on ${facts.architecture} `
        + `(its Architectures); a ${plan.target.kind} target measures the function as it is: write architecture: ${facts.architecture}, or leave the field out`,
    }));
  }
  // The local service takes ephemeral storage from the folder's function.json, so a scenario's value still prices a local run.
  const storageFromScenario = local && wrote(plan.source, 'ephemeralStorage');
  const ephemeralStorageMb = storageFromScenario ? plan.ephemeralStorageMb : facts.ephemeralStorageMb;
  const notes = !local && wrote(plan.source, 'ephemeralStorage') && plan.ephemeralStorageMb !== facts.ephemeralStorageMb
    ? [`the scenario's ephemeralStorage (${plan.ephemeralStorageMb} MB) is set aside: function "${facts.functionName}" has ${facts.ephemeralStorageMb} MB, which is priced`]
    : [];
  return withFunctionPricing({
    ...plan,
    architecture: local ? plan.architecture : facts.architecture,
    ephemeralStorageMb,
  }, functionPricing(facts, notes));
}

function wrote(source: unknown, field: string): boolean {
  return typeof source === 'object' && source !== null && !Array.isArray(source) && Object.hasOwn(source, field);
}

/** The field's line in the scenario file as it is now; undefined when the file can no longer be read. */
async function fieldLine(file: string, field: string): Promise<number | undefined> {
  try {
    return (await readScenarioSource(file)).lineOf([field]);
  } catch {
    return undefined;
  }
}
