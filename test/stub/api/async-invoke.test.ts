// Event invocations against the real engine, honouring the event invoke
// config: a failing function retried twice (Lambda waits 1 and 2 minutes;
// here asyncSpeedup 600 makes that 100 and 200 ms) then its invocation record
// sent to the on-failure destination, a second function that writes what it
// receives to a file; the on-success destination; MaximumRetryAttempts 0; and
// MaximumEventAgeInSeconds, which counts the waits at Lambda's length.
// Record format: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, DeleteFunctionEventInvokeConfigCommand, InvokeCommand, type LambdaClient, PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { FIXTURES, clientFor, json } from '../service-helpers';

const SPEEDUP = 600;
const WORKER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:worker';
const RECORDER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:recorder';

let dir: string;
let attemptsFile: string;
let recordFile: string;
let service: LocalLambda;
let lambda: LambdaClient;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'async-invoke-'));
  attemptsFile = path.join(dir, 'attempts.jsonl');
  recordFile = path.join(dir, 'records.jsonl');
  await writeFile(attemptsFile, '');
  await writeFile(recordFile, '');
  service = new LocalLambda({
    functions: [
      { name: 'worker', codeDir: path.join(FIXTURES, 'async-worker'), environment: { ATTEMPTS_FILE: attemptsFile } },
      { name: 'recorder', codeDir: path.join(FIXTURES, 'async-record'), environment: { RECORD_FILE: recordFile } },
    ],
    asyncSpeedup: SPEEDUP,
    onWarning: () => undefined,
  });
  lambda = clientFor(await service.start());
});

afterAll(async () => {
  lambda?.destroy();
  await service?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Attempt { readonly id: string; readonly requestId: string; readonly at: number }
interface InvocationRecord {
  readonly version: string;
  readonly timestamp: string;
  readonly requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  readonly requestPayload: { id: string };
  readonly responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  readonly responsePayload?: unknown;
}

async function lines<T>(file: string): Promise<T[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}

/** The record the recorder received for event `id`, once it arrives. */
async function recordFor(id: string, timeoutMs = 20_000): Promise<InvocationRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await lines<InvocationRecord>(recordFile)).find((r) => r.requestPayload.id === id);
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`no invocation record for ${id} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const attemptsOf = async (id: string): Promise<Attempt[]> => (await lines<Attempt>(attemptsFile)).filter((a) => a.id === id);

async function invokeEvent(event: Record<string, unknown>, functionName = 'worker'): Promise<string> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: json(event) }));
  expect(out.StatusCode).toBe(202);
  return out.$metadata.requestId as string;
}

describe('Event invocations and the event invoke config', () => {
  it('a failing function is tried three times under one request id, then its record goes to the on-failure destination', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'worker', DestinationConfig: { OnFailure: { Destination: RECORDER_ARN } } }));
    const requestId = await invokeEvent({ id: 'retried', fail: true });
    const record = await recordFor('retried');

    const attempts = await attemptsOf('retried');
    expect(attempts).toHaveLength(3);
    expect(attempts.every((a) => a.requestId === requestId)).toBe(true);
    // Lambda's 1 and 2 minutes, 600 times shorter; only lower bounds (a loaded machine is slower, never faster).
    expect((attempts[1] as Attempt).at - (attempts[0] as Attempt).at).toBeGreaterThanOrEqual(95);
    expect((attempts[2] as Attempt).at - (attempts[1] as Attempt).at).toBeGreaterThanOrEqual(195);

    expect(record.version).toBe('1.0');
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp);
    expect(record.requestContext).toEqual({ requestId, functionArn: `${WORKER_ARN}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    expect(record.requestPayload).toEqual({ id: 'retried', fail: true });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload).toMatchObject({ errorType: 'Error', errorMessage: 'failing as asked: retried' });
  });

  it('a success goes to the on-success destination, with the function\'s response', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'worker', DestinationConfig: { OnSuccess: { Destination: RECORDER_ARN } } }));
    const requestId = await invokeEvent({ id: 'fine' });
    const record = await recordFor('fine');
    expect(record.requestContext).toEqual({ requestId, functionArn: `${WORKER_ARN}:$LATEST`, condition: 'Success', approximateInvokeCount: 1 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    expect(record.responsePayload).toEqual({ done: 'fine' });
    expect(await attemptsOf('fine')).toHaveLength(1);
  });

  it('MaximumRetryAttempts 0: one attempt, then the on-failure destination', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'worker', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: RECORDER_ARN } },
    }));
    await invokeEvent({ id: 'once', fail: true });
    const record = await recordFor('once');
    expect(record.requestContext.condition).toBe('RetriesExhausted');
    expect(record.requestContext.approximateInvokeCount).toBe(1);
    expect(await attemptsOf('once')).toHaveLength(1);
  });

  it('MaximumEventAgeInSeconds 60: the retry a (Lambda) minute later finds the event too old: EventAgeExceeded', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'worker', MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: RECORDER_ARN } },
    }));
    await invokeEvent({ id: 'aged', fail: true });
    const record = await recordFor('aged');
    expect(record.requestContext.condition).toBe('EventAgeExceeded');
    expect(record.requestContext.approximateInvokeCount).toBe(1);
    expect(record.responseContext?.functionError).toBe('Unhandled');
    expect(await attemptsOf('aged')).toHaveLength(1);
  });

  it('an alias has its own config; the record names the alias and the version that ran', async () => {
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: 'worker' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'worker', Name: 'live', FunctionVersion: v.Version }));
    await lambda.send(new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'worker', Qualifier: 'live', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: `${RECORDER_ARN}:$LATEST` } },
    }));
    await invokeEvent({ id: 'aliased', fail: true }, 'worker:live');
    const record = await recordFor('aliased');
    expect(record.requestContext).toMatchObject({ functionArn: `${WORKER_ARN}:live`, condition: 'RetriesExhausted', approximateInvokeCount: 1 });
    expect(record.responseContext?.executedVersion).toBe(v.Version);
  });

  it('without a config: retried twice, and no record anywhere', async () => {
    await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'worker' }));
    await invokeEvent({ id: 'plain', fail: true });
    const until = Date.now() + 20_000;
    while ((await attemptsOf('plain')).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await attemptsOf('plain')).toHaveLength(3);
    // Long enough for a record to have arrived had one been sent.
    await new Promise((r) => setTimeout(r, 500));
    expect((await lines<InvocationRecord>(recordFile)).some((r) => r.requestPayload.id === 'plain')).toBe(false);
    expect(await attemptsOf('plain')).toHaveLength(3);
  });
});
