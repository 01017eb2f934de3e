// `coldbench restore <result-dir>`: puts back every function the run's
// journal says is still changed. Idempotent: once restored, the journal says
// so, and a second restore has nothing to undo.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { restoreFunction } from '../../targets/function-config';
import { Journal, JOURNAL_FILE, type FunctionRef, type FunctionState } from '../../targets/journal';
import { createLambdaClients } from '../../targets/sdk';
import type { CommandModule } from '../command';
import { EXIT, UsageError } from '../errors';
import { oneLine } from '../../run/one-line';

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('restore')
      .description('undo every change a run made to real functions, from its journal')
      .argument('<result-dir>', 'a result folder written by `coldbench run`')
      .action(async (dir: string) => {
        exit(await restoreResultDir(dir, (line) => process.stdout.write(line + '\n'), (line) => process.stderr.write(line + '\n')));
      });
  },
};

export async function restoreResultDir(dir: string, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`restore: ${dir}: no such result folder`);
  }
  const file = path.join(dir, JOURNAL_FILE);
  if (!fs.existsSync(file)) {
    out(`nothing to undo: ${dir} has no ${JOURNAL_FILE} (that run changed no function)`);
    return EXIT.ok;
  }
  if (!fs.statSync(file).isFile()) throw new UsageError(`restore: ${file} is not a file (a run writes its journal there)`);
  let journal: Journal;
  try {
    journal = Journal.atFile(file);
  } catch (e) {
    throw new UsageError(`restore: cannot read ${file}: ${oneLine(e)}`);
  }
  const pending = journal.pending();
  if (pending.length === 0) {
    out(`nothing to undo: every change recorded in ${file} has already been undone`);
    return EXIT.ok;
  }
  let failed = 0;
  for (const p of pending) {
    const clients = createLambdaClients(p.ref);
    try {
      await restoreFunction(clients.control, p.ref, p.original, journal);
      out(`restored ${describeRef(p.ref)}: ${describeState(p.original)} (${p.changes} change${p.changes === 1 ? '' : 's'} undone)`);
    } catch (e) {
      failed++;
      err(`coldbench: could not restore ${describeRef(p.ref)}: ${oneLine(e)}`);
    } finally {
      clients.destroy();
    }
  }
  return failed === 0 ? EXIT.ok : EXIT.failures;
}

function describeRef(ref: FunctionRef): string {
  const where = [ref.region, ref.endpoint, ref.profile && `profile ${ref.profile}`].filter(Boolean).join(', ');
  return where ? `${ref.function} (${where})` : ref.function;
}

function describeState(state: FunctionState): string {
  const vars = state.environment ? Object.keys(state.environment).length : 0;
  return `memory ${state.memoryMb} MB, ${vars} environment variable${vars === 1 ? '' : 's'}, description ${JSON.stringify(state.description)}`;
}
