// Shared by the service tests: clients for a started LocalLambda, and
// invocation results decoded (payload JSON, REPORT line of the tail log).

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { findReport, type ReportRecord } from '../../src/lambda/log';

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
