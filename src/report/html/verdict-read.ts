// The memory recommendation as report.html shows it, read from run.json's
// `recommendation` section. The reader is deliberately loose about the
// section's shape — the only seam between src/cost/recommend.ts and the
// page: any object whose members name strategies (cheapest, fastest,
// balanced …) with a `memoryMb` is a set of picks; a `warm`/`cold` key or a
// `start` field says which start type, a `phase` field or a key under
// `phases` says which phase; other plain fields beside the picks
// (confidence, reason …) are shown as they are.

export interface Pick {
  readonly strategy: string;
  readonly memoryMb: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly costPerInvocationUsd?: number;
  /** Plain fields of the pick beyond the figures (e.g. a confidence), as "name: value". */
  readonly notes: readonly string[];
}

export interface VerdictEntry {
  /** undefined when the recommendation pools phases. */
  readonly phase: string | undefined;
  readonly start: string;
  readonly picks: readonly Pick[];
  readonly notes: readonly string[];
}

export interface Verdict {
  readonly entries: readonly VerdictEntry[];
  /** Fields of the section itself (basis, weight, excluded settings). */
  readonly notes: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const START_KEYS = new Set(['warm', 'cold', 'restore', 'unknown']);
const PHASE_CONTAINERS = new Set(['phases', 'byPhase', 'perPhase', 'by_phase']);
const PICK_FIGURES = new Set(['memoryMb', 'p50Ms', 'p99Ms', 'costPerInvocationUsd', 'score']);
const CONTEXT_KEYS = new Set(['phase', 'start', 'startType', 'start_type', 'candidates']);

function plain(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Number(v.toPrecision(6)));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function readPick(strategy: string, o: Json): Pick {
  const notes: string[] = [];
  // The p50's 95% interval, when the recommendation carries it, reads as one figure.
  const low = num(o.p50LowMs);
  const high = num(o.p50HighMs);
  if (low !== undefined && high !== undefined) notes.push(`p50 95% CI ${plain(low)}–${plain(high)} ms`);
  for (const [k, v] of Object.entries(o)) {
    if (k === 'p50LowMs' || k === 'p50HighMs') continue;
    const p = PICK_FIGURES.has(k) ? undefined : plain(v);
    if (p !== undefined) notes.push(`${k}: ${p}`);
  }
  const p50 = num(o.p50Ms);
  const p99 = num(o.p99Ms);
  const cost = num(o.costPerInvocationUsd);
  return {
    strategy,
    memoryMb: o.memoryMb as number,
    ...(p50 !== undefined ? { p50Ms: p50 } : {}),
    ...(p99 !== undefined ? { p99Ms: p99 } : {}),
    ...(cost !== undefined ? { costPerInvocationUsd: cost } : {}),
    notes,
  };
}

export function readVerdict(section: unknown): Verdict | undefined {
  if (!isObject(section)) return undefined;
  const entries: VerdictEntry[] = [];
  walk(section, undefined, undefined, entries, 0);
  const notes: string[] = [];
  for (const [k, v] of Object.entries(section)) {
    const p = plain(v);
    if (p !== undefined) notes.push(`${k}: ${p}`);
  }
  const excluded = section.excluded;
  if (Array.isArray(excluded)) {
    for (const e of excluded) {
      if (!isObject(e)) continue;
      const parts = [e.phase, e.memoryMb !== undefined ? `${plain(e.memoryMb)} MB` : undefined, e.start, e.reason].map(plain).filter((s): s is string => !!s);
      if (parts.length > 0) notes.push(`left out: ${parts.join(' · ')}`);
    }
  }
  return { entries, notes };
}

function walk(o: Json, phase: string | undefined, start: string | undefined, out: VerdictEntry[], depth: number): void {
  if (depth > 6) return;
  const ownPhase = typeof o.phase === 'string' ? o.phase : phase;
  const startField = [o.start, o.startType, o.start_type].find((v): v is string => typeof v === 'string');
  const ownStart = startField ?? start;
  const picks: Pick[] = [];
  const notes: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (isObject(v) && typeof v.memoryMb === 'number') picks.push(readPick(k, v));
  }
  if (picks.length > 0) {
    for (const [k, v] of Object.entries(o)) {
      const p = CONTEXT_KEYS.has(k) ? undefined : plain(v);
      if (p !== undefined) notes.push(`${k}: ${p}`);
    }
    out.push({ phase: ownPhase, start: ownStart ?? 'all', picks, notes });
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'excluded') continue;
    if (isObject(v) && typeof v.memoryMb !== 'number') {
      if (START_KEYS.has(k)) walk(v, ownPhase, k, out, depth + 1);
      else if (PHASE_CONTAINERS.has(k)) {
        for (const [name, child] of Object.entries(v)) if (isObject(child)) walk(child, typeof child.phase === 'string' ? child.phase : name, ownStart, out, depth + 2);
      } else walk(v, ownPhase, ownStart, out, depth + 1);
    } else if (Array.isArray(v)) {
      for (const item of v) if (isObject(item)) walk(item, ownPhase, ownStart, out, depth + 1);
    }
  }
}

/** The setting to mark on a chart of a phase and start type: the balanced pick if there is one, else the first. */
export function recommendedFor(v: Verdict | undefined, phase: string, start: string): { pick: Pick; pooled: boolean } | undefined {
  if (!v) return undefined;
  const entry = v.entries.find((e) => e.phase === phase && e.start === start) ?? v.entries.find((e) => e.phase === undefined && e.start === start);
  if (!entry) return undefined;
  const pick = entry.picks.find((p) => p.strategy === 'balanced') ?? entry.picks.find((p) => p.strategy === 'recommended') ?? entry.picks[0];
  return pick ? { pick, pooled: entry.phase === undefined } : undefined;
}
