// `coldbench run <scenario>`: validate, estimate, check the budget, ask on a
// terminal before touching real Lambda, run, and print the summary.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { Option, type Command } from 'commander';
import { checkBudget } from '../../cost/budget';
import { estimatePlan, type Estimate, type EstimateAssumptions } from '../../cost/estimate';
import { loadPlan } from '../../plan/load';
import type { Plan } from '../../plan/types';
import { utcStamp } from '../../run/run-id';
import { runPlan, type RunOutcome } from '../../run/run';
import { readConfiguredMemoryMb } from '../../targets/configured-memory';
import { TargetError } from '../../targets/errors';
import { formatBudgetRefusal, formatCostRange, formatRecommendation, formatRunCost } from '../../report/cost-text';
import { formatSummaryTable, outputWidth } from '../../report/table';
import type { CommandModule } from '../command';
import { CliError, EXIT, UsageError } from '../errors';

interface RunFlags {
  readonly out?: string;
  readonly yes?: boolean;
  readonly maxCost?: number;
  readonly quiet?: boolean;
}

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('run')
      .description('run a scenario and write its result folder')
      .argument('<scenario>', 'scenario file (YAML or JSON)')
      .option('--out <dir>', 'result folder (default: results/<scenario>-<UTC timestamp>/)')
      .option('--yes', 'do not ask for confirmation before invoking real Lambda functions')
      .addOption(new Option('--max-cost <usd>', 'refuse (exit 3) when the estimated cost may pass this many US dollars').argParser(parseMaxCost))
      .option('--quiet', 'no progress bar')
      .action(async (scenario: string, flags: RunFlags) => {
        exit(await runCommand(scenario, flags));
      });
  },
};

/** Parses the --max-cost flag (US dollars); a bad value is a usage error (exit 2). */
export function parseMaxCost(value: string): number {
  const trimmed = value.trim().replace(/^\$/, '');
  const usd = /^\d+(\.\d+)?$|^\.\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(usd) || usd < 0) {
    throw new UsageError(`--max-cost: expected an amount in US dollars such as 0.50, got "${value}"`);
  }
  return usd;
}

async function runCommand(scenarioFile: string, flags: RunFlags): Promise<number> {
  checkOutFlag(flags.out);
  const plan = await loadPlan(scenarioFile);
  const estimate = estimatePlan(plan, await knownMemory(plan));
  const refusal = checkBudget(estimate, plan.budget, flags.maxCost);
  if (refusal !== undefined) throw new CliError(formatBudgetRefusal(refusal), EXIT.budget);

  if (plan.target.kind === 'aws' && !flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
    if (!(await confirm(plan, estimate))) {
      process.stderr.write('cancelled; nothing was invoked\n');
      return EXIT.ok;
    }
  }

  const outDir = path.resolve(flags.out ?? path.join('results', `${safeName(plan.name)}-${utcStamp(new Date())}`));
  // Another run's files (above all its journal) are never overwritten: runPlan claims the folder
  // atomically before it touches anything, and refuses one that is taken (OutDirError, exit 2).
  const outcome = await runPlan({
    plan,
    outDir,
    quiet: flags.quiet === true,
    ...(flags.maxCost !== undefined ? { maxCostUsd: flags.maxCost } : {}),
    log: (line) => process.stderr.write(`coldbench: ${line}\n`),
    extra: { estimate },
  });
  return report(outcome, plan);
}

function report(outcome: RunOutcome, plan: Plan): number {
  if (outcome.summary) {
    process.stdout.write(formatSummaryTable(outcome.summary, outputWidth()) + '\n');
    if (outcome.recommendation) process.stdout.write(formatRecommendation(outcome.recommendation).join('\n') + '\n');
    else if (outcome.kind !== 'done' && outcome.kind !== 'failures') {
      const unmeasured = unmeasuredSettings(plan, outcome);
      if (unmeasured.length > 0) process.stdout.write(`no memory recommendation: the sweep stopped before ${unmeasured.join(', ')} MB ${unmeasured.length === 1 ? 'was' : 'were'} fully measured\n`);
    }
    const costLines = outcome.cost ? formatRunCost(outcome.cost) : [];
    if (costLines.length > 0) process.stdout.write(costLines.join('\n') + '\n');
    for (const warning of outcome.hostContention?.warnings ?? []) process.stdout.write(`warning: ${warning}\n`);
    process.stdout.write(`results: ${displayPath(outcome.outDir)}\n`);
  }
  switch (outcome.kind) {
    case 'done':
      return EXIT.ok;
    case 'interrupted':
      process.stderr.write(`coldbench: interrupted after ${outcome.result.attempts} invocations; results so far kept${outcome.restoreFailed ? '' : ', functions restored'}\n`);
      return EXIT.interrupted;
    case 'budget':
      process.stderr.write(`coldbench: ${outcome.message ?? 'stopped by the budget'}; results so far kept${outcome.restoreFailed ? '' : ', functions restored'}\n`);
      return EXIT.budget;
    case 'failures': {
      if (outcome.errorRate > plan.maxErrorRate) {
        const pct = (outcome.errorRate * 100).toFixed(2);
        process.stderr.write(`coldbench: ${outcome.result.failedSlots} of ${outcome.result.slots} invocations failed (${pct}%), more than maxErrorRate ${plan.maxErrorRate}\n`);
      }
      return EXIT.failures;
    }
    case 'failed':
      // The target could not be used at all (function not found, no region): the scenario names something wrong.
      if (outcome.failure instanceof TargetError && outcome.result.attempts === 0) throw new UsageError(outcome.message ?? 'target unavailable');
      process.stderr.write(`coldbench: ${outcome.message ?? 'run stopped'}\n`);
      return outcome.crashed ? EXIT.internal : EXIT.failures;
  }
}

/**
 * For a real function run at its own memory, the estimate prices the memory it
 * is configured with (read now) rather than Lambda's whole range.
 */
async function knownMemory(plan: Plan): Promise<Partial<EstimateAssumptions>> {
  if (plan.target.kind !== 'aws' || plan.settings.every((s) => s.memoryMb !== null)) return {};
  const memoryMb = await readConfiguredMemoryMb(plan.target);
  return memoryMb !== undefined ? { unknownMemoryMb: { low: memoryMb, high: memoryMb } } : {};
}

/** Refuses at once what can never be a result folder, before the scenario is even read. */
function checkOutFlag(out: string | undefined): void {
  if (out === undefined) return;
  if (out.trim() === '') throw new UsageError('--out: expected a folder, got an empty path');
  let isFile = false;
  try {
    isFile = !fs.statSync(out).isDirectory();
  } catch { /* missing: the run creates it */ }
  if (isFile) throw new UsageError(`--out: ${path.resolve(out)} exists and is not a folder`);
}

/** The swept memory settings a stopped run did not finish: those without rows, and the last one it was in. */
function unmeasuredSettings(plan: Plan, outcome: RunOutcome): number[] {
  const swept = plan.settings.map((s) => s.memoryMb).filter((m): m is number => m !== null);
  if (swept.length < 2) return [];
  const seen = new Set((outcome.summary?.rows ?? []).map((r) => r.memory_mb));
  const reached = swept.filter((m) => seen.has(m));
  // Settings run in order: the last one with rows was cut short too.
  return swept.slice(Math.max(0, reached.length - 1));
}

/** Asks on the terminal; Ctrl-C at the prompt counts as no. */
async function confirm(plan: Plan, estimate: Estimate): Promise<boolean> {
  const target = plan.target.kind === 'aws' ? plan.target : undefined;
  const changes = plan.settings.some((s) => s.memoryMb !== null) || estimate.totalForcedColdStarts > 0;
  const lines = [
    `About to invoke ${target?.function ?? '?'}${target?.region ? ` in ${target.region}` : ''} about ${estimate.totalInvocations} times`,
    `(estimated cost ${formatCostRange(estimate)}).`,
    changes ? 'Its $LATEST configuration is changed during the run and put back at the end.' : '',
  ].filter(Boolean);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  try {
    const answer = await rl.question(`${lines.join('\n')}\nContinue? [y/N] `, { signal: abort.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    process.stderr.write('\n');
    return false;
  } finally {
    rl.close();
  }
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}
