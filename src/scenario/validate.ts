// Checks a parsed scenario against the format, collecting every problem with
// its field path. Pure: no file system (see ./load.ts for paths and files).

import { z } from 'zod';
import { findPattern, patternNames, type AnyPattern } from '../patterns/registry';
import type { TargetKind } from '../patterns/types';
import { describe } from '../fields/describe';
import type { FieldPath, Problem } from './errors';
import { issuesToProblems, schemaAt } from './issues';
import { checkRules } from './rules';
import { knownKeys, scenarioSchema, TARGET_KINDS, targetSchemas, type RawScenario } from './schema';
import { didYouMean } from './suggest';

export type CheckedTarget =
  | z.output<typeof targetSchemas.local>
  | z.output<typeof targetSchemas.aws>
  | z.output<typeof targetSchemas.http>;

export interface CheckedPhase {
  readonly name: string;
  readonly index: number;
  readonly pattern: AnyPattern;
  /** Output of the pattern's own options schema. */
  readonly options: unknown;
}

/** One payload as written: inline value or a file still to read. */
export type PayloadRef =
  | { readonly weight: number; readonly inline: unknown; readonly path: FieldPath }
  | { readonly weight: number; readonly file: string; readonly path: FieldPath };

export interface CheckedScenario {
  readonly raw: RawScenario;
  readonly target: CheckedTarget;
  readonly phases: readonly CheckedPhase[];
  /** Empty when the scenario gives no payload. */
  readonly payloads: readonly PayloadRef[];
}

export type CheckResult =
  | { readonly ok: true; readonly scenario: CheckedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function checkScenario(data: unknown): CheckResult {
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ path: [], message: 'the scenario is empty (expected a mapping with target and phases)' }] };
  }
  if (!isMapping(data)) {
    return { ok: false, problems: [{ path: [], message: `a scenario must be a mapping with target and phases (got ${describe(data)})` }] };
  }
  const problems: Problem[] = [];

  const top = scenarioSchema.safeParse(data);
  if (!top.success) {
    problems.push(...issuesToProblems(top.error.issues, {
      root: data,
      base: [],
      keysAt: (p) => knownKeys(schemaAt(scenarioSchema, p) ?? scenarioSchema),
    }));
  }
  const target = checkTarget(data, problems);
  const phases = checkPhases(data, target?.kind, problems);
  const payloads = checkPayloads(data, problems);

  if (problems.length > 0 || !top.success || !target || !phases) return { ok: false, problems };
  const scenario: CheckedScenario = { raw: top.data, target, phases, payloads };
  // Rules across fields read well-formed fields only, so they come last.
  const broken = checkRules(scenario);
  if (broken.length > 0) return { ok: false, problems: broken };
  return { ok: true, scenario };
}

function checkTarget(data: Record<string, unknown>, problems: Problem[]): CheckedTarget | undefined {
  const raw = data['target'];
  const kinds = TARGET_KINDS.join(', ');
  if (raw === undefined) {
    problems.push({ path: ['target'], message: `is required: a mapping with kind (${kinds}) and the function to invoke` });
    return undefined;
  }
  if (!isMapping(raw)) {
    problems.push({ path: ['target'], message: `must be a mapping with kind (${kinds}) and the function to invoke (got ${describe(raw)})` });
    return undefined;
  }
  const kind = raw['kind'];
  if (kind === undefined) {
    problems.push({ path: ['target', 'kind'], message: `is required (one of ${kinds})` });
    return undefined;
  }
  if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) {
    const hint = typeof kind === 'string' ? didYouMean(kind, TARGET_KINDS) : '';
    problems.push({ path: ['target', 'kind'], message: `unknown target kind ${describe(kind)}${hint} (expected one of ${kinds})` });
    return undefined;
  }
  const schema = targetSchemas[kind as TargetKind];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...issuesToProblems(parsed.error.issues, {
      root: data,
      base: ['target'],
      keysAt: () => knownKeys(schema),
      unknownKeyLabel: () => `unknown key for a ${kind} target`,
    }));
    return undefined;
  }
  return parsed.data;
}

function checkPhases(data: Record<string, unknown>, kind: TargetKind | undefined, problems: Problem[]): CheckedPhase[] | undefined {
  const raw = data['phases'];
  if (!Array.isArray(raw)) return undefined; // the top-level schema reports it
  const names = patternNames();
  const expected = `expected one of ${names.join(', ')}`;
  const before = problems.length;
  const phases: { name?: string; index: number; pattern: AnyPattern; options: unknown }[] = [];

  raw.forEach((item: unknown, index) => {
    const at = ['phases', index];
    if (!isMapping(item)) {
      problems.push({ path: at, message: `must be a mapping with name, pattern and the pattern's options (got ${describe(item)})` });
      return;
    }
    const { name, pattern: patternName, ...options } = item;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
      problems.push({ path: [...at, 'name'], message: `must be a non-empty string (got ${describe(name)})` });
    }
    if (patternName === undefined) {
      problems.push({ path: [...at, 'pattern'], message: `is required (${expected})` });
      return;
    }
    const pattern = typeof patternName === 'string' ? findPattern(patternName) : undefined;
    if (!pattern) {
      const hint = typeof patternName === 'string' ? didYouMean(patternName, names) : '';
      problems.push({ path: [...at, 'pattern'], message: `unknown pattern ${describe(patternName)}${hint} (${expected})` });
      return;
    }
    if (kind !== undefined && !pattern.targets.includes(kind)) {
      const usable = names.filter((n) => findPattern(n)?.targets.includes(kind));
      const alt = usable.length > 0 ? `patterns for ${kind} targets: ${usable.join(', ')}` : `no pattern drives ${kind} targets yet`;
      problems.push({ path: [...at, 'pattern'], message: `pattern "${pattern.name}" cannot drive a ${kind} target (${alt})` });
    }
    const parsed = pattern.options.safeParse(options);
    if (!parsed.success) {
      const optionKeys = knownKeys(pattern.options);
      problems.push(...issuesToProblems(parsed.error.issues, {
        root: data,
        base: at,
        keysAt: (p) => (p.length === 0 ? optionKeys : knownKeys(schemaAt(pattern.options, p) ?? pattern.options)),
        unknownKeyLabel: (p) => (p.length === 0 ? `unknown option for pattern "${pattern.name}"` : 'unknown key'),
      }));
      return;
    }
    phases.push({ ...(typeof name === 'string' ? { name } : {}), index, pattern, options: parsed.data });
  });
  if (problems.length > before) return undefined;

  // Explicit names must be unique (rows and summaries are keyed by them); missing
  // ones default to the pattern's name, numbered when that is taken.
  const taken = new Set<string>();
  for (const p of phases) {
    if (p.name === undefined) continue;
    if (taken.has(p.name)) problems.push({ path: ['phases', p.index, 'name'], message: `phase name "${p.name}" is used twice` });
    taken.add(p.name);
  }
  if (problems.length > before) return undefined;
  return phases.map((p) => {
    if (p.name !== undefined) return { ...p, name: p.name };
    let name = p.pattern.name;
    if (taken.has(name)) name = `${p.pattern.name}-${p.index + 1}`;
    for (let n = 2; taken.has(name); n++) name = `${p.pattern.name}-${p.index + 1}-${n}`;
    taken.add(name);
    return { ...p, name };
  });
}

function checkPayloads(data: Record<string, unknown>, problems: Problem[]): PayloadRef[] {
  const given = (['payload', 'payloadFile', 'payloads'] as const).filter((k) => k in data);
  if (given.length > 1) {
    problems.push({ path: [given[1]!], message: `use only one of payload, payloadFile and payloads (found ${given.join(' and ')})` });
    return [];
  }
  if ('payload' in data) return [{ weight: 1, inline: data['payload'], path: ['payload'] }];
  if (typeof data['payloadFile'] === 'string') return [{ weight: 1, file: data['payloadFile'], path: ['payloadFile'] }];
  const list = data['payloads'];
  if (!Array.isArray(list)) return [];
  const refs: PayloadRef[] = [];
  list.forEach((entry: unknown, i) => {
    if (!isMapping(entry)) return; // the schema reports it
    const hasInline = 'payload' in entry;
    const hasFile = 'payloadFile' in entry;
    const weight = typeof entry['weight'] === 'number' ? entry['weight'] : 1;
    if (hasInline === hasFile) {
      problems.push({ path: ['payloads', i], message: hasInline ? 'give payload or payloadFile, not both' : 'needs payload or payloadFile' });
    } else if (hasInline) {
      refs.push({ weight, inline: entry['payload'], path: ['payloads', i, 'payload'] });
    } else if (typeof entry['payloadFile'] === 'string') {
      refs.push({ weight, file: entry['payloadFile'], path: ['payloads', i, 'payloadFile'] });
    }
  });
  return refs;
}
