// run.json: what was run, where, with what, when, and the totals. Written at
// the start (status "running") so a folder from a killed run still says what
// it was, and rewritten at the end. Its `function` section is the function's
// configuration as read before the run, so a result says what was measured.

import * as os from 'node:os';
import type { RunTotals } from '../measure/histograms';
import type { RunEnd, RunMeta } from './types';

export interface MachineInfo {
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMb: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
  };
}

export type RunStatus = 'running' | 'finished' | 'interrupted';

export interface RunJson {
  readonly format: 'coldbench-run/1';
  readonly run_id: string;
  readonly scenario: string;
  readonly scenario_file: string;
  readonly status: RunStatus;
  readonly interrupted: boolean | null;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly duration_s: number | null;
  readonly target: { readonly kind: string; readonly function: string; readonly region: string; readonly architecture: string };
  /** The function's configuration as read before the run (absent for an http target without `function`). */
  readonly function?: Readonly<Record<string, unknown>>;
  readonly node: string;
  readonly machine: MachineInfo;
  readonly environment: Readonly<Record<string, unknown>>;
  readonly totals: RunTotals | null;
  readonly total_cost_usd: number | null;
  readonly scenario_source: unknown;
  readonly [extra: string]: unknown;
}

/** The sections RunEnd.extra added, as [name, pretty JSON], in file order: shown in report.html. */
export function extraSections(doc: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (!BASE_KEYS.has(k) && v !== undefined) out.push([k, JSON.stringify(v, null, 2) ?? String(v)]);
  }
  return out;
}

const BASE_KEYS: ReadonlySet<string> = new Set([
  'format', 'run_id', 'scenario', 'scenario_file', 'status', 'interrupted', 'started_at', 'ended_at',
  'duration_s', 'target', 'node', 'machine', 'environment', 'totals', 'total_cost_usd', 'scenario_source',
  // Written after the page, from the same rows: the page shows them from summary.csv's values.
  'percentiles',
]);

export function runJson(meta: RunMeta, end: RunEnd | undefined, totals: RunTotals | undefined): RunJson {
  const ended = end?.endedAt;
  const base: RunJson = {
    format: 'coldbench-run/1',
    run_id: meta.runId,
    scenario: meta.scenario,
    scenario_file: meta.scenarioFile,
    status: end === undefined ? 'running' : end.interrupted ? 'interrupted' : 'finished',
    interrupted: end === undefined ? null : end.interrupted,
    started_at: meta.startedAt.toISOString(),
    ended_at: ended ? ended.toISOString() : null,
    duration_s: ended ? Math.round(ended.getTime() - meta.startedAt.getTime()) / 1000 : null,
    target: { kind: meta.targetKind, function: meta.function, region: meta.region, architecture: meta.architecture },
    ...(meta.functionConfig !== undefined ? { function: meta.functionConfig } : {}),
    node: process.version,
    machine: machineInfo(),
    environment: meta.environment,
    totals: totals ?? null,
    total_cost_usd: totals?.costUsd ?? null,
    scenario_source: meta.scenarioSource,
  };
  // RunEnd.extra adds sections (estimate, recommendation, cost notes …) but never hides the facts above.
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(end?.extra ?? {})) {
    if (!(k in base)) extra[k] = v;
  }
  return { ...base, ...extra };
}
