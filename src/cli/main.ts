// Entry point of the `coldbench` executable. Each command is one module in
// ./commands that registers itself on the program; this file only wires them
// and turns errors into exit codes.

import { Command, CommanderError } from 'commander';
import { toolVersion } from '../run/machine';
import { asCliError, EXIT } from './errors';
import type { CommandModule } from './command';
import { command as compare } from './commands/compare';
import { command as estimate } from './commands/estimate';
import { command as report } from './commands/report';
import { command as restore } from './commands/restore';
import { command as run } from './commands/run';
import { command as stub } from './commands/stub';

const commands: readonly CommandModule[] = [run, estimate, stub, report, compare, restore];

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('coldbench')
    .description('Measure AWS Lambda cold starts, warm latency and their cost.')
    // `coldbench --version` (and -V) prints the package's version alone and exits 0.
    .version(toolVersion() ?? 'unknown', '-V, --version', 'print the version of coldbench')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const mod of commands) {
    mod.register(program, (code) => { exitCode = code; });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message; help and version are not errors.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    const cliError = asCliError(err);
    if (cliError) {
      process.stderr.write(`coldbench: ${cliError.message}\n`);
      return cliError.exitCode;
    }
    throw err;
  }
}
