// `coldbench stub`: the local Lambda service on its own, for any AWS client
// pointed at it with --endpoint-url. Runs until SIGINT or SIGTERM, then stops
// every execution environment before exiting.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { isAccountId, isRegion } from '../../lambda/names';
import { FunctionConfigError, LocalLambda, type HostContention } from '../../stub';
import type { CommandModule } from '../command';
import { EXIT, UsageError } from '../errors';

/** The example functions shipped with the package (same depth from src/ and dist/). */
const EXAMPLE_FUNCTIONS = path.join(__dirname, '..', '..', '..', 'scenarios', 'functions');
const DEFAULT_PORT = 9001;

interface StubFlags {
  readonly port: string;
  readonly host: string;
  readonly functions?: string;
  readonly idleTimeout?: string;
  readonly region: string;
  readonly account: string;
  readonly strict?: boolean;
}

/** At most one host-contention line per function and memory size in this long. */
const CONTENTION_LOG_INTERVAL_MS = 30_000;

/**
 * The service's host-contention reports as lines for stderr, rate-limited:
 * under sustained load a window is judged every 64 invocations, and one line
 * per function and memory size every 30 s says it (with how many reports it
 * stands for) without flooding the terminal.
 */
export function contentionLogger(write: (line: string) => void, now: () => number = Date.now): (c: HostContention) => void {
  const last = new Map<string, { at: number; quiet: number }>();
  return (c) => {
    const key = `${c.functionName}\0${c.memoryMb}`;
    const seen = last.get(key);
    const t = now();
    if (seen !== undefined && t - seen.at < CONTENTION_LOG_INTERVAL_MS) {
      seen.quiet++;
      return;
    }
    const more = seen !== undefined && seen.quiet > 0 ? ` (${seen.quiet} more such window${seen.quiet === 1 ? '' : 's'} since the last line)` : '';
    last.set(key, { at: t, quiet: 0 });
    const pct = Math.round((c.medianHostWaitMs / c.medianDurationMs) * 100);
    write(
      `coldbench stub: host contention: ${c.functionName} at ${c.memoryMb} MB: median wait for a CPU ${c.medianHostWaitMs.toFixed(3)} ms ` +
      `is ${pct}% of median Duration ${c.medianDurationMs.toFixed(3)} ms over the last ${c.invocations} invocations; ` +
      `durations measure this machine, not the function (try --strict)${more}\n`,
    );
  };
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${text}"`);
  return n;
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--idle-timeout: expected a number of seconds above 0, got "${text}"`);
  return n;
}

/** The first SIGINT or SIGTERM; `cancel` gives both back to their defaults. */
function waitForSignal(): { readonly signal: Promise<NodeJS.Signals>; cancel(): void } {
  let on: (signal: NodeJS.Signals) => void = () => undefined;
  const cancel = (): void => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    on = (got) => {
      cancel();
      resolve(got);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
  return { signal, cancel };
}

export const command: CommandModule = {
  register(program: Command, exit: (code: number) => void): void {
    program
      .command('stub')
      .description('start the local Lambda service alone, for any AWS client (--endpoint-url)')
      .option('--port <n>', 'port to listen on (0 = any free port)', String(DEFAULT_PORT))
      .option('--host <addr>', 'interface to listen on', '127.0.0.1')
      .option('--functions <dir>', 'folder of functions, one sub-folder each (default: the example functions)')
      .option('--idle-timeout <seconds>', 'stop an execution environment after this long without an invocation')
      .option('--region <region>', 'region in the functions\' ARNs and AWS_REGION', 'us-east-1')
      .option('--account <id>', 'account (12 digits) in the functions\' ARNs', '000000000000')
      .option('--strict', 'never run more invocations at once than the cores can serve at their CPU shares; the rest wait')
      .action(async (flags: StubFlags) => {
        const port = parsePort(flags.port);
        const idleTimeoutMs = flags.idleTimeout === undefined ? undefined : parseSeconds(flags.idleTimeout) * 1000;
        // The functions folder is the service's state (deploys are unpacked into it): without
        // --functions, a copy of the examples serves, so that nothing is written into the package.
        const scratch = flags.functions === undefined ? await mkdtemp(path.join(os.tmpdir(), 'coldbench-stub-')) : undefined;
        if (scratch !== undefined) await cp(EXAMPLE_FUNCTIONS, scratch, { recursive: true });
        const functionsDir = path.resolve(scratch ?? (flags.functions as string));
        const dropScratch = async (): Promise<void> => { if (scratch !== undefined) await rm(scratch, { recursive: true, force: true }); };
        if (!isRegion(flags.region)) throw new UsageError(`--region: expected a region such as eu-west-1, got "${flags.region}"`);
        if (!isAccountId(flags.account)) throw new UsageError(`--account: expected a 12-digit account id, got "${flags.account}"`);
        const service = new LocalLambda({
          functionsDir,
          host: flags.host,
          port,
          region: flags.region,
          account: flags.account,
          ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
          ...(flags.strict === true ? { strict: true } : {}),
          onHostContention: contentionLogger((line) => process.stderr.write(line)),
          onWarning: (message) => process.stderr.write(`coldbench stub: warning: ${message}\n`),
        });
        // Listen before starting, so a signal during start-up still stops cleanly.
        const { signal, cancel } = waitForSignal();
        let url: string;
        try {
          url = await service.start();
        } catch (err) {
          // A failed start must not leave Ctrl-C caught by a listener nobody awaits.
          cancel();
          await service.stop().catch(() => undefined);
          await dropScratch();
          if (err instanceof FunctionConfigError) throw new UsageError(err.message);
          throw new UsageError(`cannot start the local Lambda service: ${err instanceof Error ? err.message : String(err)}`);
        }
        const names = service.functionNames();
        const example = names.includes('hello') ? 'hello' : (names[0] ?? 'my-function');
        process.stdout.write([
          `Local Lambda service listening on ${url}`,
          scratch === undefined
            ? `Functions from ${functionsDir}: ${names.length > 0 ? names.join(', ') : '(none)'}`
            : `Functions (the examples, copied to ${functionsDir}; gone at stop: --functions DIR keeps deployed functions): ${names.join(', ')}`,
          'Try:',
          `  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${flags.region} aws lambda invoke --endpoint-url ${url} --function-name ${example} out.json`,
          `Deploy${scratch === undefined ? ` (kept in ${functionsDir})` : ''}:`,
          `  aws lambda create-function --endpoint-url ${url} --function-name my-fn --runtime nodejs20.x --handler index.handler --role arn:aws:iam::${flags.account}:role/my-role --zip-file fileb://fn.zip`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'));
        const got = await signal;
        process.stdout.write(`Received ${got}, stopping…\n`);
        await service.stop();
        await dropScratch();
        process.stdout.write('Stopped.\n');
        exit(EXIT.ok);
      });
  },
};
