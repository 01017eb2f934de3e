// Deterministic rows for result-writer tests: a seeded generator, no clock.

import { mulberry32 } from '../../src/measure/median-diff';
import type { InvocationRow, Status } from '../../src/measure/row';
import type { RunMeta } from '../../src/report/types';

/** A seeded generator (mulberry32, the bootstrap's own): small, good enough to spread latencies. */
export const rng = mulberry32;

export interface RowOptions {
  readonly phases?: readonly string[];
  readonly memories?: readonly (number | undefined)[];
  readonly seed?: number;
  /** Some cold rows become SnapStart restores (Restore Duration instead of Init Duration). */
  readonly restores?: boolean;
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

/** Row `i` (0-based) of a synthetic run: about 10 % cold, some errors, some unknown start types. */
export function makeRow(i: number, r: () => number, opts: RowOptions = {}): InvocationRow {
  const phases = opts.phases ?? ['cold', 'warm'];
  const memories = opts.memories ?? [128, 1024];
  const phase = phases[i % phases.length];
  const memory = memories[Math.floor(i / phases.length) % memories.length];
  const u = r();
  const unknown = u < 0.03;
  const cold = unknown ? undefined : u < 0.13;
  const status: Status = unknown ? 'throttled' : u > 0.98 ? 'function_error' : 'ok';
  const duration = unknown ? undefined : 1 + r() * 40;
  const startUs = cold ? 100 + r() * 400 : undefined;
  const restored = cold === true && opts.restores === true && i % 3 === 0;
  const init = restored ? undefined : startUs;
  const restore = restored ? startUs : undefined;
  const client = (duration ?? 0) + (startUs ?? 0) + 2 + r() * 10;
  const billed = duration === undefined ? undefined : Math.ceil(duration + (init ?? 0));
  return {
    run_id: 'run-1',
    scenario: 'demo',
    phase,
    target: 'local',
    function: 'hello',
    qualifier: i % 2 === 0 ? undefined : 'cb-1',
    memory_mb: memory,
    architecture: 'x86_64',
    seq: i + 1,
    started_at: new Date(T0 + i * 7),
    client_ms: client,
    cold,
    init_ms: init,
    duration_ms: duration,
    billed_ms: billed,
    max_memory_mb: unknown ? undefined : 60 + Math.floor(r() * 20),
    status,
    error_type: status === 'ok' ? undefined : status === 'throttled' ? 'TooManyRequestsException' : 'Handled',
    request_id: unknown ? undefined : `req-${i}`,
    cost_usd: billed === undefined ? undefined : (billed / 1000) * ((memory ?? 128) / 1024) * 0.0000166667 + 0.0000002,
    start_type: cold === undefined ? 'unknown' : restored ? 'restore' : cold ? 'cold' : 'warm',
    restore_ms: restore,
  };
}

export function meta(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    runId: 'run-1',
    scenario: 'demo',
    scenarioFile: '/tmp/demo.yaml',
    scenarioSource: { name: 'demo' },
    targetKind: 'local',
    function: 'hello',
    architecture: 'x86_64',
    region: 'us-east-1',
    startedAt: new Date(T0),
    environment: { tool: 'coldbench 0.1.0' },
    ...overrides,
  };
}
