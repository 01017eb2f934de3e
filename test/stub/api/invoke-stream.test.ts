// Response streaming end to end through the real SDK: InvokeWithResponseStream
// against the real engine, whose Node runtime client runs a handler marked by
// awslambda.streamifyResponse. The SDK itself decodes the event stream
// (prelude, CRCs, :event-type), so every event here passed its checks.
// https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvokeCommand, InvokeWithResponseStreamCommand, ResourceNotFoundException, type InvokeWithResponseStreamCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { findReport } from '../../../src/lambda/log';
import { FIXTURES, clientFor } from '../service-helpers';

/** A small streamed-response limit, so that passing it takes 1 MB instead of Lambda's 200 MB. */
const LIMIT = 1024 * 1024;

let service: LocalLambda;
let client: LambdaClient;

beforeAll(async () => {
  const code = path.join(FIXTURES, 'stream-node');
  service = new LocalLambda({
    functions: [
      { name: 'stream-node', codeDir: code },
      { name: 'api-hello', codeDir: path.join(FIXTURES, 'api-hello') },
      // The same code with a 1 s timeout, and with the handler that returns no promise.
      { name: 'stream-short', codeDir: code, timeoutSec: 1 },
      { name: 'stream-sync', codeDir: code, handler: 'index.sync' },
    ],
    streamedResponseMaxBytes: LIMIT,
    onWarning: () => undefined,
  });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
});

interface Received {
  readonly at: number;
  readonly chunk?: string;
  readonly complete?: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string };
}

/** Invokes and reads the whole event stream, each event with the time it arrived (ms after the send). */
async function stream(input: Omit<InvokeWithResponseStreamCommandInput, 'Payload'> & { event?: unknown }) {
  const { event, ...rest } = input;
  const t0 = performance.now();
  const out = await client.send(new InvokeWithResponseStreamCommand({ ...rest, Payload: Buffer.from(JSON.stringify(event ?? {})) }));
  const events: Received[] = [];
  for await (const e of out.EventStream ?? []) {
    const at = performance.now() - t0;
    if (e.PayloadChunk !== undefined) events.push({ at, chunk: Buffer.from(e.PayloadChunk.Payload ?? new Uint8Array()).toString('latin1') });
    else if (e.InvokeComplete !== undefined) events.push({ at, complete: e.InvokeComplete });
  }
  const complete = events.at(-1)?.complete;
  return { out, events, chunks: events.filter((e) => e.chunk !== undefined), complete, requestId: out.$metadata.requestId };
}

const logOf = (complete: Received['complete']): string => Buffer.from(complete?.LogResult ?? '', 'base64').toString('utf8');

describe('InvokeWithResponseStream', () => {
  it('streams each chunk as it is written: the first reaches the caller well before the invocation ends', async () => {
    const r = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { pauseMs: 300 } });
    expect(r.out.StatusCode).toBe(200);
    expect(r.out.ExecutedVersion).toBe('$LATEST');
    expect(r.out.ResponseStreamContentType).toBe('application/vnd.amazon.eventstream');
    expect(r.chunks.map((c) => c.chunk)).toEqual(['first', 'second']);
    expect(r.events.at(-1)?.complete).toBeDefined();
    const [first, second] = r.chunks as [Received, Received];
    const done = r.events.at(-1) as Received;
    // The handler waits 300 ms between its writes: the first chunk cannot have waited for the second.
    expect(second.at - first.at).toBeGreaterThan(150);
    expect(done.at - first.at).toBeGreaterThan(150);
    expect(first.at).toBeLessThan(second.at);
  });

  it('InvokeComplete carries the log tail (LogType Tail): START … REPORT of this request, Duration holding the whole stream', async () => {
    const r = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { pauseMs: 300 } });
    const log = logOf(r.complete);
    expect(log).toContain(`START RequestId: ${r.requestId as string}`);
    expect(log).toContain('streaming for');
    const report = findReport(log, r.requestId);
    expect(report).toBeDefined();
    expect(report?.metrics.durationMs).toBeGreaterThanOrEqual(300);
    expect(r.complete?.ErrorCode).toBeUndefined();
  });

  it('LogType None: InvokeComplete without LogResult', async () => {
    const r = await stream({ FunctionName: 'stream-node', event: { pauseMs: 0 } });
    expect(r.chunks.map((c) => c.chunk).join('')).toBe('firstsecond');
    expect(r.complete).toEqual({});
  });

  it('a mid-stream error: the chunks before it, then InvokeComplete with the error type and message', async () => {
    const r = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { mode: 'fail' } });
    expect(r.chunks.map((c) => c.chunk)).toEqual(['partial']);
    expect(r.complete?.ErrorCode).toBe('TypeError');
    expect(r.complete?.ErrorDetails).toBe('broke mid-stream');
    const log = logOf(r.complete);
    expect(log).toContain('Invoke Error');
    expect(findReport(log, r.requestId)).toBeDefined();
    // The environment lives on: the next invocation streams again.
    const next = await stream({ FunctionName: 'stream-node', event: { pauseMs: 0 } });
    expect(next.chunks.map((c) => c.chunk).join('')).toBe('firstsecond');
  });

  it('an uncaught exception mid-stream ends the stream with its error, and the environment (the next invocation is cold)', async () => {
    const r = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { mode: 'crash' } });
    expect(r.chunks.map((c) => c.chunk)).toEqual(['partial']);
    expect(r.complete?.ErrorCode).toBe('RangeError');
    expect(r.complete?.ErrorDetails).toBe('crashed mid-stream');
    expect(logOf(r.complete)).toContain('Uncaught Exception');
    const next = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { pauseMs: 0 } });
    expect(next.chunks.map((c) => c.chunk).join('')).toBe('firstsecond');
    expect(logOf(next.complete)).toContain('Init Duration');
  });

  it('a stream that never ends: the function times out, InvokeComplete says Sandbox.Timedout', async () => {
    const r = await stream({ FunctionName: 'stream-short', LogType: 'Tail', event: { mode: 'hang' } });
    expect(r.chunks.map((c) => c.chunk)).toEqual(['partial']);
    expect(r.complete?.ErrorCode).toBe('Sandbox.Timedout');
    expect(r.complete?.ErrorDetails).toMatch(/Task timed out after 1\.00 seconds/);
    expect(findReport(logOf(r.complete), r.requestId)?.status).toBe('timeout');
  });

  it('a streaming handler that returns no promise fails, as with AWS\'s runtime client', async () => {
    const r = await stream({ FunctionName: 'stream-sync', event: {} });
    // What it wrote before returning went out, as through AWS's client; then the stream fails.
    expect(r.chunks.map((c) => c.chunk)).toEqual(['written before the failure']);
    expect(r.complete?.ErrorDetails).toBe('Streaming does not support non-async handlers.');
  });

  it('stream.pipeline into the response stream, as AWS\'s examples write it', async () => {
    const r = await stream({ FunctionName: 'stream-node', event: { mode: 'pipeline' } });
    expect(r.chunks.map((c) => c.chunk).join('')).toBe('abc');
    expect(r.complete).toEqual({});
  });

  it('objects written to the stream go out as their JSON', async () => {
    const r = await stream({ FunctionName: 'stream-node', event: { mode: 'json' } });
    expect(JSON.parse(r.chunks.map((c) => c.chunk).join(''))).toEqual({ requestId: r.requestId });
  });

  it('the size limit: past it the stream stops and InvokeComplete says Function.ResponseSizeTooLarge', async () => {
    const r = await stream({ FunctionName: 'stream-node', LogType: 'Tail', event: { mode: 'big', bytes: 2 * LIMIT } });
    const received = r.chunks.reduce((n, c) => n + (c.chunk as string).length, 0);
    expect(received).toBeLessThanOrEqual(LIMIT);
    expect(r.complete?.ErrorCode).toBe('Function.ResponseSizeTooLarge');
    expect(r.complete?.ErrorDetails).toBe(`Response payload size exceeded maximum allowed payload size (${LIMIT} bytes).`);
    expect(findReport(logOf(r.complete), r.requestId)?.errorType).toBe('Function.ResponseSizeTooLarge');
    // Just under the limit passes whole.
    const under = await stream({ FunctionName: 'stream-node', event: { mode: 'big', bytes: LIMIT } });
    expect(under.chunks.reduce((n, c) => n + (c.chunk as string).length, 0)).toBe(LIMIT);
    expect(under.complete).toEqual({});
  });

  it('a function that does not stream: its whole payload is one PayloadChunk', async () => {
    const r = await stream({ FunctionName: 'api-hello', LogType: 'Tail', event: { n: 1 } });
    expect(r.chunks).toHaveLength(1);
    expect(JSON.parse(r.chunks[0]?.chunk as string)).toMatchObject({ code: 'api-hello-v1', event: { n: 1 } });
    expect(findReport(logOf(r.complete), r.requestId)).toBeDefined();
  });

  it('Invoke (buffered) of a streaming function returns the whole stream as its payload', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'stream-node', Payload: Buffer.from('{"pauseMs":0}') }));
    expect(out.FunctionError).toBeUndefined();
    expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('firstsecond');
  });

  it('DryRun answers 204 without invoking; an unknown function and a bad InvocationType are refused', async () => {
    const dry = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'stream-node', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const missing = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const bad = await client.send(new InvokeWithResponseStreamCommand({
      FunctionName: 'stream-node', InvocationType: 'Event' as 'DryRun',
    })).catch((e: unknown) => e as Error);
    expect((bad as Error).name).toBe('ValidationException');
    expect((bad as Error).message).toContain('[RequestResponse, DryRun]');
  });
});
