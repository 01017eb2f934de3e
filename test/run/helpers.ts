// Shared by the run and CLI end-to-end tests: temporary folders, scenario
// files, result CSVs parsed back, and the coldbench executable as a child.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll } from 'vitest';
import { LocalLambda, type LocalLambdaOptions } from '../../src/stub/service';
import { silenceSdkNodeVersionWarning } from '../../src/targets/sdk';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURE_FUNCTIONS = path.join(ROOT, 'test', 'fixtures', 'run', 'functions');
export const EXAMPLE_FUNCTIONS = path.join(ROOT, 'scenarios', 'functions');
export const BIN = path.join(ROOT, 'bin', 'coldbench.js');

export function tempDir(prefix = 'coldbench-run-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a scenario as JSON (valid YAML too) and returns its path. */
export function writeScenario(dir: string, scenario: Record<string, unknown>, name = 'scenario.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

export type CsvRecord = Record<string, string>;

/** Parses a result CSV strictly: every record must have the header's column count. */
export function readCsv(file: string): CsvRecord[] {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: false, relax_column_count: false, bom: true }) as CsvRecord[];
}

export function csvHeader(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\r\n')[0].split(',');
}

export function num(cell: string | undefined): number {
  if (cell === undefined || cell === '') throw new Error(`expected a number, got ${JSON.stringify(cell)}`);
  const n = Number(cell);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${cell}`);
  return n;
}

/** The q-quantile of values the way a histogram reports it: the smallest value with at least q of the data at or below it. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  readonly child: ReturnType<typeof spawn>;
  readonly done: Promise<CliResult>;
}

/** Starts `coldbench …` (the built executable) as a child process. */
export function startCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** A stack trace in output looks like "    at fn (file:line:col)". */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Credentials the SDK's default chain picks up, for the aws target pointed at a local service. */
export const DUMMY_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

export interface SeparateService {
  readonly endpoint: string;
  /** The SDK pointed at the service, to read what a run left behind. */
  readonly client: LambdaClient;
  stop(): Promise<void>;
}

/** A local Lambda service started apart from coldbench, standing in for real Lambda behind the aws target's `endpoint`. */
export async function startSeparateService(functions: LocalLambdaOptions['functions']): Promise<SeparateService> {
  silenceSdkNodeVersionWarning();
  const service = new LocalLambda({ functions, host: '127.0.0.1', port: 0 });
  const endpoint = await service.start();
  const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await service.stop();
    },
  };
}

/** startSeparateService for the enclosing suite: started before its tests, stopped after them; read its fields inside tests. */
export function separateServiceForSuite(functions: LocalLambdaOptions['functions']): Omit<SeparateService, 'stop'> {
  let service: SeparateService | undefined;
  beforeAll(async () => {
    service = await startSeparateService(functions);
  });
  afterAll(async () => {
    await service?.stop();
  });
  const started = (): SeparateService => {
    if (!service) throw new Error('the separate service is only there inside the suite\'s tests');
    return service;
  };
  return {
    get endpoint() { return started().endpoint; },
    get client() { return started().client; },
  };
}
