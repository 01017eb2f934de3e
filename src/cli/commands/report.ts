// `coldbench report <result-dir>`: rebuild summary.csv, histograms/ and
// report.html from a result folder's invocations.csv and run.json.

import * as path from 'node:path';
import type { Command } from 'commander';
import { rebuildResultDir, ResultDirError } from '../../report/rebuild';
import { RESULT_FILES } from '../../report/files';
import { formatSummaryTable, outputWidth } from '../../report/table';
import type { CommandModule } from '../command';
import { EXIT, UsageError } from '../errors';

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('report')
      .description('rebuild report.html and summary.csv from a result folder')
      .argument('<result-dir>', 'a folder written by `coldbench run`')
      .action(async (dir: string) => {
        exit(await reportCommand(dir));
      });
  },
};

async function reportCommand(dir: string): Promise<number> {
  try {
    const result = await rebuildResultDir(dir);
    for (const w of result.warnings) process.stderr.write(`coldbench: warning: ${w}\n`);
    process.stdout.write(formatSummaryTable(result, outputWidth()) + '\n');
    process.stdout.write(`rebuilt: ${path.join(dir, RESULT_FILES.summary)}, ${path.join(dir, RESULT_FILES.report)}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ResultDirError) throw new UsageError(err.message);
    throw err;
  }
}
