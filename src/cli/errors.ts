// Errors a command throws to end with a given exit code and one clear line,
// never a stack trace. Exit codes are the contract of docs/exit-codes.md.

import { OutDirError } from '../run/claim';
import { ScenarioError } from '../scenario/errors';

export const EXIT = { ok: 0, failures: 1, badInput: 2, budget: 3, internal: 70, interrupted: 130 } as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Bad scenario, bad flag, missing file: exit 2. The message names file, line and field. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.badInput);
  }
}

/**
 * The CliError an error ends the command with: its own, or the exit code the
 * CLI gives an error of another layer (a refused scenario is bad input, exit 2).
 * undefined for anything else, which is a bug and keeps its stack trace.
 */
export function asCliError(err: unknown): CliError | undefined {
  if (err instanceof CliError) return err;
  if (err instanceof ScenarioError) return new UsageError(err.message);
  if (err instanceof OutDirError) return new UsageError(err.message);
  return undefined;
}
