// Scenario file → validated Scenario: parse, check the format, then resolve
// what touches the file system (code folder, payload files) and the local
// service's runtimes. Every problem is reported with file, line and field.

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { TargetSpec, WeightedPayload } from '../plan/types';
import { runtimeFamilyFor, supportedRuntimes } from '../stub/runtimes/registry';
import { ScenarioError, type FieldPath, type Problem } from './errors';
import { DEFAULTS } from './schema';
import { readScenarioSource, type ScenarioSource } from './source';
import { didYouMean } from './suggest';
import type { Scenario } from './types';
import { checkScenario, type CheckedScenario, type CheckedTarget, type PayloadRef } from './validate';

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
  const payloads = await resolvePayloads(checked.scenario, dir, problems);
  if (problems.length > 0 || !target) return fail(problems);

  const region = target.kind !== 'local' && target.region !== undefined ? target.region : DEFAULTS.pricingRegion;
  return {
    name: raw.name ?? defaultName(source.file),
    file: source.file,
    source: source.data,
    target,
    targetKind: target.kind,
    architecture: raw.architecture ?? DEFAULTS.architecture,
    memory: raw.memory ?? null,
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

async function resolveTarget(t: CheckedTarget, dir: string, problems: Problem[]): Promise<TargetSpec | undefined> {
  switch (t.kind) {
    case 'local': {
      const codeDir = path.resolve(dir, t.code);
      const kind = await statKind(codeDir);
      if (kind !== 'dir') {
        problems.push({
          path: ['target', 'code'],
          message: kind === 'missing' ? `code folder not found: ${codeDir}` : `must be a folder with the function's code, but ${codeDir} is a file`,
        });
      }
      if (t.runtime !== undefined && !runtimeFamilyFor(t.runtime)) {
        const known = supportedRuntimes();
        problems.push({
          path: ['target', 'runtime'],
          message: `runtime "${t.runtime}" is not supported by the local service${didYouMean(t.runtime, known)} (supported: ${known.join(', ')})`,
        });
      }
      return {
        kind: 'local',
        function: t.function ?? path.basename(codeDir),
        codeDir,
        ...(t.handler !== undefined ? { handler: t.handler } : {}),
        ...(t.runtime !== undefined ? { runtime: t.runtime } : {}),
        ...(t.timeout !== undefined ? { timeoutSec: t.timeout } : {}),
        ...(t.environment !== undefined ? { environment: t.environment } : {}),
      };
    }
    case 'aws':
      return {
        kind: 'aws',
        function: t.function,
        ...(t.region !== undefined ? { region: t.region } : {}),
        ...(t.profile !== undefined ? { profile: t.profile } : {}),
        ...(t.endpoint !== undefined ? { endpoint: t.endpoint } : {}),
        ...(t.qualifier !== undefined ? { qualifier: t.qualifier } : {}),
      };
    case 'http':
      return {
        kind: 'http',
        url: t.url,
        method: t.method ?? (t.body !== undefined ? 'POST' : 'GET'),
        headers: t.headers ?? {},
        ...(t.body !== undefined ? { body: httpBody(t.body) } : {}),
        ...(t.function !== undefined ? { function: t.function } : {}),
        ...(t.region !== undefined ? { region: t.region } : {}),
        ...(t.endpoint !== undefined ? { endpoint: t.endpoint } : {}),
      };
  }
}

/** HTTP bodies are sent as written when they are text; anything else as JSON. */
function httpBody(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

async function statKind(p: string): Promise<'dir' | 'file' | 'missing'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

async function resolvePayloads(s: CheckedScenario, dir: string, problems: Problem[]): Promise<WeightedPayload[]> {
  const lambda = s.target.kind !== 'http';
  if (s.payloads.length === 0) return lambda ? [{ weight: 1, body: Buffer.from('{}') }] : [];
  const out: WeightedPayload[] = [];
  for (const ref of s.payloads) {
    const body = 'file' in ref ? await readPayloadFile(ref, dir, lambda, problems) : inlineBody(ref.inline, lambda);
    if (body) out.push({ weight: ref.weight, body });
  }
  return out;
}

function inlineBody(value: unknown, lambda: boolean): Buffer {
  return !lambda && typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(JSON.stringify(value ?? null), 'utf8');
}

async function readPayloadFile(
  ref: { readonly file: string; readonly path: FieldPath },
  dir: string,
  mustBeJson: boolean,
  problems: Problem[],
): Promise<Buffer | undefined> {
  const abs = path.resolve(dir, ref.file);
  let body: Buffer;
  try {
    body = await readFile(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ path: ref.path, message: code === 'ENOENT' ? `payload file not found: ${abs}` : `cannot read payload file ${abs} (${code ?? String(err)})` });
    return undefined;
  }
  if (mustBeJson) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch (err) {
      problems.push({ path: ref.path, message: `${abs} is not valid JSON, which a Lambda payload must be (${(err as Error).message})` });
      return undefined;
    }
  }
  return body;
}
