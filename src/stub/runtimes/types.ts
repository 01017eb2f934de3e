// A runtime family (Node.js, Python, provided) says how to start one execution
// environment. The engine does everything else (Runtime API, limits, logs)
// the same way for every family, so adding a language is its identifiers in
// src/lambda/runtimes.ts, one module here and one line in the registry.

import type { RuntimeFamilyName } from '../../lambda/runtimes';
import type { FunctionSnapshot } from '../engine/types';

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Variables the family adds on top of Lambda's common ones (AWS_EXECUTION_ENV, PYTHONPATH, …). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export interface RuntimeFamily {
  /** Family name used in messages, e.g. 'nodejs'; its runtime identifiers are those src/lambda/runtimes.ts gives it. */
  readonly name: RuntimeFamilyName;
  /** How to start an environment for this function. Throws a plain Error with a user-facing message when it cannot. */
  launch(fn: FunctionSnapshot): LaunchSpec;
  /**
   * How to start the SnapStart snapshot of a published version (runs the init
   * once, then forks a restored runtime per environment; see
   * ../engine/snapshot.ts). Absent: the family cannot be snapshotted here.
   */
  snapshot?(fn: FunctionSnapshot): LaunchSpec;
  /** Checked once when the service starts; a message here is a warning, not an error. */
  check?(): string | undefined;
  /**
   * Where functions of this runtime will differ from Lambda on this machine
   * (for example an interpreter older than the declared runtime). The service
   * says each note once as a warning and lists them in the configuration of
   * the functions concerned.
   */
  notes?(runtime: string): readonly string[];
}
