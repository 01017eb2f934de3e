// The whole service through the real SDK: store, API server and the real
// engine with real child processes.

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, DeleteFunctionConcurrencyCommand, GetFunctionConfigurationCommand, InvokeCommand,
  PublishVersionCommand, PutFunctionConcurrencyCommand, TooManyRequestsException,
  UpdateFunctionConfigurationCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../src/stub';
import { FIXTURES, clientFor, invoke, isAlive, json } from './service-helpers';

let dir: string;
let service: LocalLambda;
let client: LambdaClient;
const pids = new Set<number>();
const warnings: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'service-test-'));
  for (const name of ['api-hello', 'api-slow']) await cp(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  service = new LocalLambda({ functionsDir: dir, onWarning: (m) => warnings.push(m) });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  await rm(dir, { recursive: true, force: true });
});

const pidOf = (r: { payload: Record<string, unknown> }): number => {
  const pid = r.payload.pid as number;
  pids.add(pid);
  return pid;
};

describe('LocalLambda with the real engine', () => {
  it('runs cold, then warm in the same environment; an empty payload is {}', async () => {
    const first = await invoke(client, { FunctionName: 'api-hello', Payload: json({ name: 'a' }) });
    expect(first.status).toBe(200);
    expect(first.executedVersion).toBe('$LATEST');
    expect(first.payload).toMatchObject({ code: 'api-hello-v1', event: { name: 'a' }, version: '$LATEST', requestId: first.requestId });
    expect(first.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(first.log).toContain(`START RequestId: ${first.requestId} Version: $LATEST`);
    const second = await invoke(client, { FunctionName: 'api-hello' });
    expect(second.payload.event).toEqual({});
    expect(second.report).toBeDefined();
    expect(second.report?.metrics.initDurationMs).toBeUndefined();
    expect(pidOf(second)).toBe(pidOf(first));
  });

  it('passes X-Amz-Client-Context through to the handler\'s context', async () => {
    const ctx = { custom: { tenant: 't1' }, env: { locale: 'en' } };
    const r = await invoke(client, { FunctionName: 'api-hello', ClientContext: Buffer.from(JSON.stringify(ctx)).toString('base64') });
    expect(r.payload.clientContext).toMatchObject(ctx);
    pidOf(r);
  });

  it('N concurrent slow invocations run in N environments', async () => {
    const results = await Promise.all([1, 2, 3].map(() => invoke(client, { FunctionName: 'api-slow', Payload: json({ ms: 800 }) })));
    expect(new Set(results.map(pidOf)).size).toBe(3);
    expect(results.every((r) => r.report?.metrics.initDurationMs !== undefined)).toBe(true);
  });

  it('UpdateFunctionConfiguration makes the next invocation cold with the new Memory Size', async () => {
    const warm = await invoke(client, { FunctionName: 'api-hello' });
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-hello', MemorySize: 256 }));
    const after = await invoke(client, { FunctionName: 'api-hello' });
    expect(after.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(after.report?.metrics.memorySizeMB).toBe(256);
    expect(after.payload.memory).toBe('256');
    expect(pidOf(after)).not.toBe(pidOf(warm));
  });

  it('versions and aliases run their own code and configuration', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-hello', Environment: { Variables: { GREETING: 'one' } } }));
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: 'api-hello' }));
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-hello', Environment: { Variables: { GREETING: 'two' } } }));
    await writeFile(path.join(dir, 'api-hello', 'index.js'),
      "exports.handler = async (e, c) => ({ code: 'api-hello-v2', greeting: process.env.GREETING, version: c.functionVersion, pid: process.pid });\n");
    const v2 = await client.send(new PublishVersionCommand({ FunctionName: 'api-hello' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'api-hello', Name: 'live', FunctionVersion: v1.Version }));

    const viaAlias = await invoke(client, { FunctionName: 'api-hello', Qualifier: 'live' });
    expect(viaAlias.executedVersion).toBe('1');
    expect(viaAlias.payload).toMatchObject({ code: 'api-hello-v1', greeting: 'one', version: '1' });
    expect(viaAlias.payload.arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:api-hello:live');
    const second = await invoke(client, { FunctionName: `api-hello:${v2.Version}` });
    expect(second.payload).toMatchObject({ code: 'api-hello-v2', greeting: 'two', version: '2' });
    pidOf(viaAlias);
    pidOf(second);
  });

  it('a handler that throws fails the invocation with Lambda\'s error body, not the service', async () => {
    const failed = await invoke(client, { FunctionName: 'api-slow', Payload: json({ ms: 1, fail: true }) });
    expect(failed.status).toBe(200);
    expect(failed.functionError).toBe('Unhandled');
    expect(failed.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
    const ok = await invoke(client, { FunctionName: 'api-slow', Payload: json({ ms: 1 }) });
    expect(ok.functionError).toBeUndefined();
    pidOf(ok);
  });

  it('without LogType the answer does not wait for the log, yet the log is whole and the environment free by the next call', async () => {
    const group = '/aws/lambda/api-hello';
    const reportOf = (id: string): string | undefined => {
      for (const s of service.logs.streams(group)) {
        const hit = service.logs.events(group, s.logStreamName).find((e) => e.message.startsWith(`REPORT RequestId: ${id}\t`));
        if (hit !== undefined) return hit.message;
      }
      return undefined;
    };
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const out = await client.send(new InvokeCommand({ FunctionName: 'api-hello', Qualifier: 'live', Payload: json({ i }) }));
      expect(out.StatusCode).toBe(200);
      expect(out.LogResult).toBeUndefined();
      const payload = JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')) as { event: unknown; pid: number; requestId: string };
      expect(payload.event).toEqual({ i });
      // Answered early, but its END and REPORT were written before this client could ask again.
      expect(reportOf(payload.requestId)).toMatch(/\tDuration: \d+\.\d\d ms\t.*Max Memory Used: \d+ MB/);
      seen.add(payload.pid);
    }
    // One client, one call at a time: the same environment every time, never a new one.
    expect(seen.size).toBe(1);
    const failed = await client.send(new InvokeCommand({ FunctionName: 'api-slow', Payload: json({ ms: 1, fail: true }) }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failed.Payload ?? new Uint8Array()).toString('utf8'))).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
  });

  it('reserved concurrency exhausted answers 429 TooManyRequestsException', async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-slow', ReservedConcurrentExecutions: 1 }));
    try {
      const busy = invoke(client, { FunctionName: 'api-slow', Payload: json({ ms: 1500 }) });
      await new Promise((r) => setTimeout(r, 300));
      const err = await client.send(new InvokeCommand({ FunctionName: 'api-slow', Payload: json({ ms: 1 }) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TooManyRequestsException);
      expect((err as TooManyRequestsException).Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
      pidOf(await busy);
    } finally {
      await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'api-slow' }));
    }
  });

  it('Event answers 202 and runs in the background; DryRun answers 204 and runs nothing', async () => {
    const event = await client.send(new InvokeCommand({ FunctionName: 'api-slow', InvocationType: 'Event', Payload: json({ ms: 1 }) }));
    expect(event.StatusCode).toBe(202);
    const dry = await client.send(new InvokeCommand({ FunctionName: 'api-slow', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
  });

  it('a client that leaves mid-body is not reported as an internal error', async () => {
    const { hostname, port } = new URL(service.endpoint as string);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.end('PUT /2015-03-31/functions/api-hello/configuration HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"a":1}');
      });
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(warnings.filter((w) => w.startsWith('internal error'))).toEqual([]);
  });

  it('GetFunctionConfiguration says which limits the engine could not apply', async () => {
    const cfg = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }));
    expect(cfg.State).toBe('Active');
    // Either every limit applies (no StateReason) or each one that does not is named.
    if (cfg.StateReason !== undefined) expect(cfg.StateReason.length).toBeGreaterThan(10);
  });

  it('stop() leaves no child process behind', async () => {
    expect(pids.size).toBeGreaterThanOrEqual(5);
    await service.stop();
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  });
});
