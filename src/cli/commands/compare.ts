// `coldbench compare <A> <B>`: two result folders side by side, with the
// change in each percentile and in cost.

import type { Command } from 'commander';
import { compareSummaries, formatComparison } from '../../report/compare';
import { ResultDirError } from '../../report/rebuild';
import { loadSummary } from '../../report/summary-read';
import type { CommandModule } from '../command';
import { EXIT, UsageError } from '../errors';

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('compare')
      .description('compare two result folders: each percentile and cost, with the change')
      .argument('<result-dir-A>', 'the baseline')
      .argument('<result-dir-B>', 'the run compared with it')
      .action(async (a: string, b: string) => {
        exit(await compareCommand(a, b));
      });
  },
};

async function compareCommand(a: string, b: string): Promise<number> {
  try {
    const [rowsA, rowsB] = [await loadSummary(a), await loadSummary(b)];
    process.stdout.write(formatComparison(compareSummaries(rowsA, rowsB), a, b) + '\n');
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ResultDirError) throw new UsageError(err.message);
    throw err;
  }
}
