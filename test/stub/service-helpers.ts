// Shared by the service tests: a LocalLambda on a copy of some fixtures,
// clients for it, and invocation results decoded (payload JSON, REPORT line
// of the tail log).

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findReport, type ReportRecord } from '../../src/lambda/log';
import { LocalLambda, type LocalLambdaOptions } from '../../src/stub';

/** The fixture functions, one folder each. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

export function clientFor(url: string): LambdaClient {
  return new LambdaClient({
    endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
  });
}

/** A CloudWatch Logs client for the logs a started LocalLambda serves on the same port. */
export function logsClientFor(url: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
  });
}

export interface Invoked {
  readonly status: number | undefined;
  readonly payload: Record<string, unknown>;
  readonly functionError: string | undefined;
  readonly executedVersion: string | undefined;
  readonly log: string;
  readonly report: ReportRecord | undefined;
  readonly requestId: string | undefined;
}

export async function invoke(client: LambdaClient, input: Omit<InvokeCommandInput, 'LogType'>): Promise<Invoked> {
  const out = await client.send(new InvokeCommand({ ...input, LogType: 'Tail' }));
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  return {
    status: out.StatusCode,
    payload: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    log,
    report: findReport(log, out.$metadata.requestId),
    requestId: out.$metadata.requestId,
  };
}

export const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface FixtureService {
  readonly dir: string;
  readonly service: LocalLambda;
  readonly client: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  close(): Promise<void>;
}

/**
 * A started service on a temporary folder holding copies of the fixtures
 * `names`; `prepare` may change the copies before the service reads them.
 */
export async function startFixtureService(
  names: readonly string[],
  options: Omit<LocalLambdaOptions, 'functionsDir'> = {},
  prepare?: (dir: string) => void | Promise<void>,
): Promise<FixtureService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixture-service-'));
  for (const name of names) await cp(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  await prepare?.(dir);
  const service = new LocalLambda({ functionsDir: dir, onWarning: () => undefined, ...options });
  const url = await service.start();
  const client = clientFor(url);
  const logs = logsClientFor(url);
  return {
    dir, service, client, logs,
    async close() {
      client.destroy();
      logs.destroy();
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The error an SDK call rejects with: its name, message and HTTP status. */
export async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
