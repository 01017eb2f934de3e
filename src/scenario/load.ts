// Scenario file → validated Scenario: parse, check the format, then resolve
// what touches the file system (code folder, payload files) and the local
// service's runtimes. Every problem is reported with file, line and field.

import * as path from 'node:path';
import { formatPath, ScenarioError, type Problem } from './errors';
import { redactScenario } from './redact';
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
  const storePayloads = raw.storePayloads ?? DEFAULTS.storePayloads;
  // Each inline payload's bytes by its place in the file (every ref gave one body, or a problem above).
  const bodies = new Map<string, Buffer>();
  checked.scenario.payloads.forEach((ref, i) => {
    if ('inline' in ref && payloads[i]) bodies.set(formatPath(ref.path), payloads[i]!.body);
  });
  if (target.kind === 'http' && target.body) bodies.set('target.body', target.body);
  return {
    name: raw.name ?? defaultName(source.file),
    file: source.file,
    source: redactScenario(source.data, storePayloads, bodies),
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
    storePayloads,
    ...(raw.expectedDuration !== undefined ? { expectedDurationMs: raw.expectedDuration } : {}),
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

const MAX_PLACED = 1000;

function placeProblems(source: ScenarioSource, problems: readonly Problem[]): Problem[] {
  // Only ten are shown; placing the first thousand is plenty to show the first ten in file order.
  const placed = problems.map((p, i) => (p.line !== undefined || i >= MAX_PLACED ? p : { ...p, line: source.lineOf(p.path) }));
  // Stable sort: in file order, problems the parser cannot place last.
  return placed
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}
