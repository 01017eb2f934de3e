// coldbench's programmatic API, the package's `main`: what `coldbench run`
// does, as functions. Load a scenario file into a plan, estimate it, run it
// into a result folder; and the local Lambda service on its own. The
// formats of the files are those of docs/scenario-format.md and
// docs/result-files.md.
//
//   const { loadPlan, runPlan } = require('coldbench');
//   const plan = await loadPlan('scenarios/quickstart.yaml');
//   const outcome = await runPlan({ plan, outDir: 'results/x', quiet: true, log: console.error });

export { loadPlan } from './plan/load';
export type { Budget, Plan } from './plan/types';
export { estimatePlan, type Estimate, type EstimateAssumptions } from './cost/estimate';
export { checkBudget, type BudgetRefusal } from './cost/budget';
export { runPlan, type RunOptions, type RunOutcome, type RunOutcomeKind } from './run/run';
export { INVOCATION_COLUMNS, SUMMARY_COLUMNS, type InvocationRow } from './measure/row';
export { LocalLambda, type LocalLambdaOptions, type FunctionDefinition } from './stub/index';
