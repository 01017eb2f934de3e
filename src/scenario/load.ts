// Scenario file → validated Scenario: parse, check the format, then resolve
// what touches the file system (code folder, payload files) and the local
// service's runtimes. Every problem is reported with file, line and field.

import * as path from 'node:path';
import { ScenarioError, type Problem } from './errors';
import { resolvePayloads } from './payloads';
import { DEFAULTS } from './schema';
import { readScenarioSource, type ScenarioSource } from './source';
import { resolveTarget } from './target';
import { pricingRegion } from './region';
import type { Scenario } from './types';
import { checkScenario } from './validate';

export async function loadScenario(file: string): Promise<Scenario> {
  const source = await readScenarioSource(file);
  const fail = (problems: readonly Problem[]): never => {
    throw new ScenarioError(source.display, placeProblems(source, problems));
  };

  const checked = checkScenario(source.data);
  if (!checked.ok) return fail(checked.problems);
  const { raw } = checked.scenario;

  const problems: Problem[] = [];
  const dir = path.dirname(source.file);
  const target = await resolveTarget(checked.scenario.target, dir, problems);
  const payloads = await resolvePayloads(checked.scenario.payloads, checked.scenario.target.kind !== 'http', dir, problems);
  if (problems.length > 0) return fail(problems);

  const region = pricingRegion(target);
  return {
    name: raw.name ?? defaultName(source.file),
    file: source.file,
    source: source.data,
    target,
    architecture: raw.architecture ?? DEFAULTS.architecture,
    memory: raw.memory ?? null,
    order: raw.order ?? DEFAULTS.order,
    ephemeralStorageMb: raw.ephemeralStorage ?? DEFAULTS.ephemeralStorageMb,
    payloads,
    phases: checked.scenario.phases,
    budget: { ...raw.budget },
    maxErrorRate: raw.maxErrorRate ?? DEFAULTS.maxErrorRate,
    retry: {
      attempts: raw.retry?.attempts ?? DEFAULTS.retry.attempts,
      backoffMs: raw.retry?.backoff ?? DEFAULTS.retry.backoffMs,
    },
    storePayloads: raw.storePayloads ?? DEFAULTS.storePayloads,
    ...(raw.projection ? { projection: { monthlyInvocations: raw.projection.monthlyInvocations, freeTier: raw.projection.freeTier ?? false } } : {}),
    balancedWeight: raw.recommend?.balancedWeight ?? DEFAULTS.balancedWeight,
    region,
  };
}

/** The file name without its extension, made safe for a folder name. */
function defaultName(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return base === '' ? 'scenario' : base;
}

function placeProblems(source: ScenarioSource, problems: readonly Problem[]): Problem[] {
  const placed = problems.map((p) => (p.line !== undefined ? p : { ...p, line: source.lineOf(p.path) }));
  // Stable sort: in file order, problems the parser cannot place last.
  return placed
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}
