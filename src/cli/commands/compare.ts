// `coldbench compare <A> <B>`: two result folders side by side, per phase ×
// memory × start type, with whether each change of the median is more than
// noise (src/report/compare.ts).

import { Option, type Command } from 'commander';
import { compareRuns, formatComparison, formatComparisonAll, formatComparisonCsv, readRunForCompare } from '../../report/compare';
import { ResultDirError } from '../../report/rebuild';
import type { CommandModule } from '../command';
import { EXIT, UsageError } from '../errors';

interface CompareOptions {
  readonly all?: boolean;
  readonly format: 'text' | 'csv';
}

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('compare')
      .description('compare two result folders: per phase × memory × start type, the change of each percentile and cost, and whether the median changed beyond noise')
      .argument('<result-dir-A>', 'the baseline')
      .argument('<result-dir-B>', 'the run compared with it')
      .option('--all', 'every metric of every group, not one line per group')
      .addOption(new Option('--format <format>', 'text, or csv (one row per group, with a significant column)').choices(['text', 'csv']).default('text'))
      .action(async (a: string, b: string, opts: CompareOptions) => {
        exit(await compareCommand(a, b, opts));
      });
  },
};

async function compareCommand(a: string, b: string, opts: CompareOptions): Promise<number> {
  try {
    const runA = await readRunForCompare(a);
    const runB = await readRunForCompare(b);
    const c = compareRuns(runA, runB, [...runA.warnings, ...runB.warnings]);
    if (opts.format === 'csv') {
      // The CSV stays machine-readable: warnings go to stderr.
      for (const w of c.warnings) process.stderr.write(`coldbench: warning: ${w}\n`);
      process.stdout.write(formatComparisonCsv(c));
    } else {
      process.stdout.write((opts.all ? formatComparisonAll(c) : formatComparison(c)) + '\n');
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ResultDirError) throw new UsageError(err.message);
    throw err;
  }
}
