// `coldbench restore <result-dir>`: deletes every version and alias the run's
// journal says it created and has not deleted, then puts back every function
// the journal says is still changed. Idempotent: what is already gone counts
// as done, the journal records each step, and a second restore has nothing
// to undo. Putting a function back also removes the run's lease marker from
// its description (src/targets/lease.ts), which releases it for other runs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { removeCreated, restoreFunction } from '../../targets/function-config';
import { describeLease } from '../../targets/lease';
import { Journal, JOURNAL_FILE, refKey, type FunctionRef, type FunctionState, type PendingRemoval } from '../../targets/journal';
import { createLambdaClients, type LambdaClients } from '../../targets/sdk';
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
  const removals = journal.pendingRemovals();
  const pending = journal.pending();
  if (pending.length === 0 && removals.length === 0) {
    out(`nothing to undo: every change recorded in ${file} has already been undone`);
    return EXIT.ok;
  }
  const clients = new Map<string, LambdaClients>();
  const clientFor = (ref: FunctionRef): LambdaClients => {
    let c = clients.get(refKey(ref));
    if (!c) {
      c = createLambdaClients(ref);
      clients.set(refKey(ref), c);
    }
    return c;
  };
  let failed = 0;
  try {
    // Newest first: an alias goes before the version it names, which Lambda would not delete while named.
    for (const r of removals) {
      try {
        const outcome = await removeCreated(clientFor(r.ref).control, r, journal);
        out(`${outcome === 'deleted' ? 'deleted' : 'already gone:'} ${describeRemoval(r)} of ${describeRef(r.ref)}`);
      } catch (e) {
        failed++;
        err(`coldbench: could not delete ${describeRemoval(r)} of ${describeRef(r.ref)}: ${oneLine(e)}`);
      }
    }
    for (const p of pending) {
      try {
        const outcome = await restoreFunction(clientFor(p.ref).control, p.ref, p.original, journal, p.holder);
        if (outcome === 'restored') {
          out(`restored ${describeRef(p.ref)}: ${describeState(p.original)} (${p.changes} change${p.changes === 1 ? '' : 's'} undone; its lease released)`);
        } else {
          out(`left ${describeRef(p.ref)} alone: ${describeLease(outcome)} took its lease over and will put it back`);
        }
      } catch (e) {
        failed++;
        err(`coldbench: could not restore ${describeRef(p.ref)}: ${oneLine(e)}`);
      }
    }
  } finally {
    for (const c of clients.values()) c.destroy();
  }
  return failed === 0 ? EXIT.ok : EXIT.failures;
}

function describeRemoval(r: PendingRemoval): string {
  if (r.resource.kind === 'alias') return `alias ${r.resource.name} (version ${r.resource.version})`;
  return r.version !== undefined ? `version ${r.version}` : `the version published as "${r.resource.marker}"`;
}

function describeRef(ref: FunctionRef): string {
  const where = [ref.region, ref.endpoint, ref.profile && `profile ${ref.profile}`].filter(Boolean).join(', ');
  return where ? `${ref.function} (${where})` : ref.function;
}

function describeState(state: FunctionState): string {
  const vars = state.environment ? Object.keys(state.environment).length : 0;
  return `memory ${state.memoryMb} MB, ${vars} environment variable${vars === 1 ? '' : 's'}, description ${JSON.stringify(state.description)}`;
}
