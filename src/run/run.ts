// One whole run: open the target, the result folder and the journal, execute
// the plan, then — whatever happened — put the function back, close the
// target and finish the result files. Interruptions (SIGINT/SIGTERM) and
// crashes the process survives take the same way out.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../plan/types';
import type { RunMeta } from '../report/types';
import { ResultWriter, type RunSummary } from '../report/writer';
import type { MemoryRecommendation } from '../cost/recommend';
import { runCostSection, type RunCostSection } from '../cost/run-section';
import { TargetError } from '../targets/errors';
import { createTarget } from '../targets/index';
import { holderFor } from '../targets/lease';
import { Journal, JOURNAL_FILE } from '../targets/journal';
import type { Target } from '../targets/types';
import { softwareVersions } from './machine';
import { executePlan, type ExecuteResult } from './execute';
import { guardInterrupts } from './interrupt';
import { createProgress } from './progress';
import { sweepRecommendation } from './recommendation';
import { BudgetGuard } from './budget-guard';
import { claimResultFolder } from './claim';
import { oneLine } from './one-line';
import { newRunId } from './run-id';
import { planForFunction } from './function-plan';
import { factsJson } from '../targets/function-facts';
import { HostContentionTally, type HostContentionReport } from './host-contention';

export interface RunOptions {
  readonly plan: Plan;
  readonly outDir: string;
  /** No progress bar. */
  readonly quiet: boolean;
  /** One line to the user (stderr). */
  readonly log: (line: string) => void;
  /** --max-cost: with the scenario's budget, stops the run once the cost measured so far passes it. */
  readonly maxCostUsd?: number;
  /** Sections for run.json decided before the run (the estimate). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Builds the target; tests may wrap it. */
  readonly createTarget?: (plan: Plan, journal: Journal) => Target;
}

export type RunOutcomeKind = 'done' | 'failures' | 'interrupted' | 'budget' | 'failed';

export interface RunOutcome {
  readonly kind: RunOutcomeKind;
  readonly runId: string;
  readonly outDir: string;
  readonly result: ExecuteResult;
  readonly errorRate: number;
  /** Why the run failed or was stopped by its budget, in one line. */
  readonly message?: string;
  /** The error that stopped the run, when kind is 'failed'. */
  readonly failure?: unknown;
  /** The failure escaped every handler (uncaught exception or rejection): a bug, not the user's setup. */
  readonly crashed?: boolean;
  /** Functions left changed (restore failed): the user must run `coldbench restore`. */
  readonly restoreFailed: boolean;
  /** The result files' summary; undefined when the run stopped before they were opened. */
  readonly summary: RunSummary | undefined;
  /** For memory sweeps. */
  readonly recommendation: MemoryRecommendation | undefined;
  /** run.json's cost section: prices used, billing rule, projection. */
  readonly cost: RunCostSection | undefined;
  /** Local runs: how much of each phase × memory setting's Duration was waiting for this machine's CPUs. */
  readonly hostContention?: HostContentionReport | undefined;
}

export async function runPlan(opts: RunOptions): Promise<RunOutcome> {
  const { plan, outDir, log } = opts;
  // First of all, before any function is touched: the folder is this run's alone, or the run is refused.
  const claim = claimResultFolder(outDir);
  const runId = newRunId();
  // The journal carries the run's identity for the lease it takes on each function it changes.
  const journal = Journal.atFile(path.join(outDir, JOURNAL_FILE), { holder: holderFor(runId), notice: log });
  const target = (opts.createTarget ?? createTarget)(plan, journal);

  const stopping = new AbortController();
  const guard = guardInterrupts((sig) => {
    log(`${sig}: stopping — waiting for invocations in flight, then restoring functions (again to quit at once; then, if a function was changed, run: coldbench restore ${outDir})`);
    stopping.abort();
  });
  // A crash the process survives (an error thrown from a timer, a stray rejection) still restores.
  let crash: unknown;
  const onCrash = (err: unknown): void => {
    crash ??= err;
    stopping.abort();
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const startedAt = new Date();
  let results: ResultWriter | undefined;
  const costLimits = [plan.budget.maxCostUsd, opts.maxCostUsd].filter((x): x is number => x !== undefined);
  const budget = new BudgetGuard({
    ...(plan.budget.maxInvocations !== undefined ? { maxInvocations: plan.budget.maxInvocations } : {}),
    ...(costLimits.length > 0 ? { maxCostUsd: Math.min(...costLimits) } : {}),
  });
  let summary: RunSummary | undefined;
  let execution: ExecuteResult = { slots: 0, failedSlots: 0, attempts: 0 };
  let restoreFailed = false;
  let failure: unknown;
  const planned = plan.settings.reduce((n, s) => n + s.phases.reduce((m, p) => m + p.schedule.invocations, 0), 0);
  // The plan as executed: once the function is read, priced and labelled with its own settings.
  let priced: Plan = plan;
  const contention = new HostContentionTally();
  try {
    await target.open();
    priced = await planForFunction(plan, target.functionFacts?.());
    if (!stopping.signal.aborted) {
      results = ResultWriter.open(outDir, runMeta(priced, runId, target, startedAt), { csvFd: claim.csvFd });
      const progress = createProgress(planned, !opts.quiet);
      const sink = results;
      try {
        execution = await executePlan({
          plan: priced,
          target,
          runId,
          sinks: [sink, budget, contention],
          admit: () => budget.admit(),
          signal: stopping.signal,
          onSlotDone: () => progress.tick(),
          onStep: (step) => progress.step(step),
          runStartMs: startedAt.getTime(),
        });
      } finally {
        progress.stop();
      }
      failure = execution.failure;
    }
  } catch (err) {
    failure = err;
  } finally {
    try {
      await target.restore();
    } catch (err) {
      restoreFailed = true;
      log(`could not restore ${target.functionName}: ${oneLine(err)}; run: coldbench restore ${outDir}`);
    }
    await target.close().catch((err: unknown) => log(`closing the target: ${oneLine(err)}`));
    guard.dispose();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }

  const interrupted = guard.reason !== undefined;
  const crashed = failure === undefined && crash !== undefined;
  failure ??= crash;
  const errorRate = execution.slots === 0 ? 0 : execution.failedSlots / execution.slots;
  const budgetStop = budget.exceeded;
  const complete = !interrupted && budgetStop === undefined && failure === undefined;
  const recommendation = results ? sweepRecommendation(priced, results.groups(), complete) : undefined;
  const cost = results
    ? runCostSection(priced, results.groups(), { estimatedBilling: plan.target.kind === 'http' && plan.target.function === undefined })
    : undefined;
  const hostContention = contention.report();
  if (results) {
    summary = await results.finish({
      endedAt: new Date(),
      interrupted,
      extra: {
        ...opts.extra,
        invocations: { slots: execution.slots, attempts: execution.attempts, failed: execution.failedSlots, errorRate },
        ...(interrupted ? { interruptedBy: guard.reason } : {}),
        ...(failure !== undefined ? { failure: oneLine(failure) } : {}),
        ...(recommendation ? { recommendation } : {}),
        ...(cost ? { cost } : {}),
        ...(hostContention ? { hostContention: { rule: hostContention.rule, groups: hostContention.groups } } : {}),
        ...(hostContention && hostContention.warnings.length > 0 ? { warnings: hostContention.warnings } : {}),
        ...(budgetStop !== undefined ? { budgetStop } : {}),
        ...target.runFacts?.(),
        restore: restoreFailed ? 'failed: run coldbench restore on this folder' : journal.path && fs.existsSync(journal.path) ? 'restored' : 'nothing changed',
      },
    });
  } else if (!journal.path || !fs.existsSync(journal.path)) {
    // Nothing ran and nothing was changed: leave no empty result folder behind.
    claim.release();
  }

  const base = { runId, outDir, result: execution, errorRate, restoreFailed, summary, recommendation, cost, hostContention };
  if (interrupted) return { ...base, kind: 'interrupted' };
  if (budgetStop !== undefined && failure === undefined) return { ...base, kind: 'budget', message: budgetStop };
  if (failure !== undefined) return { ...base, kind: 'failed', failure, crashed, message: failureMessage(failure) };
  if (restoreFailed || errorRate > plan.maxErrorRate) return { ...base, kind: 'failures' };
  return { ...base, kind: 'done' };
}

function runMeta(plan: Plan, runId: string, target: Target, startedAt: Date): RunMeta {
  const facts = target.functionFacts?.();
  return {
    runId,
    scenario: plan.name,
    scenarioFile: plan.file,
    scenarioSource: plan.source,
    targetKind: plan.target.kind,
    function: target.functionName,
    architecture: plan.architecture,
    region: plan.region,
    startedAt,
    environment: softwareVersions(),
    ...(facts !== undefined ? { functionConfig: factsJson(facts) } : {}),
  };
}

function failureMessage(err: unknown): string {
  if (err instanceof TargetError) return err.message;
  return `run stopped: ${oneLine(err)}`;
}
