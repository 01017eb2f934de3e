// What the run hands the result writer. The writer owns every file of the
// result folder except journal.jsonl (the target's).

import type { Architecture } from '../lambda/architectures';

export interface RunMeta {
  readonly runId: string;
  readonly scenario: string;
  readonly scenarioFile: string;
  /** The scenario as parsed, stored in run.json. */
  readonly scenarioSource: unknown;
  readonly targetKind: string;
  readonly function: string;
  readonly architecture: Architecture;
  readonly region: string;
  readonly startedAt: Date;
  /** Free-form facts for run.json: tool, node and SDK versions, machine, local-service limitations. */
  readonly environment: Readonly<Record<string, unknown>>;
  /** The function's configuration as read before the run (run.json's `function` section); absent without a function. */
  readonly functionConfig?: Readonly<Record<string, unknown>>;
}

export interface RunEnd {
  readonly endedAt: Date;
  readonly interrupted: boolean;
  /** Extra sections for run.json (estimate, recommendation, cost notes, http join counts …). */
  readonly extra: Readonly<Record<string, unknown>>;
}
