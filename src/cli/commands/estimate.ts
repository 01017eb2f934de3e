// `coldbench estimate <scenario>`: what a run would do, without invoking
// anything: invocations per phase and in total, expected wall time and the
// cost range, each with the assumption it rests on.

import type { Command } from 'commander';
import { estimatePlan } from '../../cost/estimate';
import { loadPlan } from '../../plan/load';
import { formatEstimate } from '../../report/cost-text';
import type { CommandModule } from '../command';
import { EXIT } from '../errors';

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('estimate')
      .description('without invoking anything: how many invocations, how long, and the estimated cost')
      .argument('<scenario>', 'scenario file (YAML or JSON)')
      .action(async (file: string) => {
        const plan = await loadPlan(file);
        process.stdout.write(formatEstimate(estimatePlan(plan)));
        exit(EXIT.ok);
      });
  },
};
