import type { Command } from 'commander';

/**
 * A command registers its subcommand on the program. Its action sets the
 * process's exit code through `exit`, or throws a CliError.
 */
export interface CommandModule {
  register(program: Command, exit: (code: number) => void): void;
}
