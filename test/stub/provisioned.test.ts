// Provisioned concurrency on the local service, through the real AWS SDK:
// the four API calls with their errors, environments started ahead with
// their init in their own log streams, invocations routed to them first and
// spill-over on demand, and Delete stopping them.

import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAliasCommand, DeleteAliasCommand, DeleteProvisionedConcurrencyConfigCommand, GetProvisionedConcurrencyConfigCommand,
  ListProvisionedConcurrencyConfigsCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand, GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { readText } from '../../src/lambda/log';
import { failure, invoke, isAlive, json, startFixtureService, type FixtureService } from './service-helpers';

let fixture: FixtureService;
let client: LambdaClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  fixture = await startFixtureService(['pc-probe', 'engine-init-error', 'api-hello']);
  ({ client, logs } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

async function waitForStatus(fn: string, qualifier: string, status: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const out = await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: fn, Qualifier: qualifier }));
    if (out.Status === status) return out as unknown as Record<string, unknown>;
    if (Date.now() > until) throw new Error(`still ${out.Status} (${out.AllocatedProvisionedConcurrentExecutions} allocated) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function publish(fn: string, description: string): Promise<string> {
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Description: description }));
  const out = await client.send(new PublishVersionCommand({ FunctionName: fn }));
  return out.Version as string;
}

describe('provisioned concurrency API', () => {
  it('refuses $LATEST and an unqualified name, as Lambda does', async () => {
    for (const q of ['$LATEST', undefined]) {
      const e = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: q as string, ProvisionedConcurrentExecutions: 1 })));
      expect(e).toEqual({ name: 'InvalidParameterValueException', message: 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.', status: 400 });
    }
    const get = await failure(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: '$LATEST' })));
    expect(get).toEqual({ name: 'InvalidParameterValueException', message: 'The function resource provided must be an alias or a published version.', status: 400 });
  });

  it('refuses fewer than 1, an unknown version or alias, and an unknown function', async () => {
    const v = await publish('api-hello', 'api one');
    const zero = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: v, ProvisionedConcurrentExecutions: 0 })));
    expect(zero.name).toBe('ValidationException');
    expect(zero.message).toBe("1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1");
    const version = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: '99', ProvisionedConcurrentExecutions: 1 })));
    expect(version).toEqual({ name: 'ResourceNotFoundException', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:api-hello:99', status: 404 });
    const alias = await failure(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: 'nope' })));
    expect(alias).toEqual({ name: 'ResourceNotFoundException', message: 'Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:api-hello:nope', status: 404 });
    const fn = await failure(client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'no-such-fn' })));
    expect(fn.name).toBe('ResourceNotFoundException');
  });

  it('Get of a version without a configuration: ProvisionedConcurrencyConfigNotFoundException; Delete of it succeeds', async () => {
    const v = await publish('api-hello', 'api two');
    const e = await failure(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: v })));
    expect(e).toEqual({ name: 'ProvisionedConcurrencyConfigNotFoundException', message: 'No Provisioned Concurrency Config found for this function', status: 404 });
    const del = await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: v }));
    expect(del.$metadata.httpStatusCode).toBe(204);
  });

  it('refuses more than the reserved concurrency, and past the account\'s unreserved minimum', async () => {
    const v = await publish('api-hello', 'api three');
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-hello', ReservedConcurrentExecutions: 2 }));
    const over = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: v, ProvisionedConcurrentExecutions: 3 })));
    expect(over).toEqual({ name: 'InvalidParameterValueException', message: 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function', status: 400 });
    const account = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: await publish('pc-probe', 'limits'), ProvisionedConcurrentExecutions: 901 })));
    expect(account).toEqual({ name: 'InvalidParameterValueException', message: "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].", status: 400 });
  });

  it('Put answers 202 IN_PROGRESS; Get turns READY; List names the alias; alias and version conflicts are refused', async () => {
    const v = await publish('api-hello', 'api four');
    await client.send(new CreateAliasCommand({ FunctionName: 'api-hello', Name: 'live', FunctionVersion: v }));
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-hello', ReservedConcurrentExecutions: 10 }));
    const put = await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: 'live', ProvisionedConcurrentExecutions: 1 }));
    expect(put.$metadata.httpStatusCode).toBe(202);
    expect(put).toMatchObject({ RequestedProvisionedConcurrentExecutions: 1, AllocatedProvisionedConcurrentExecutions: 0, AvailableProvisionedConcurrentExecutions: 0, Status: 'IN_PROGRESS' });
    expect(put.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const ready = await waitForStatus('api-hello', 'live', 'READY');
    expect(ready).toMatchObject({ RequestedProvisionedConcurrentExecutions: 1, AllocatedProvisionedConcurrentExecutions: 1, AvailableProvisionedConcurrentExecutions: 1 });
    const list = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'api-hello' }));
    expect(list.ProvisionedConcurrencyConfigs).toEqual([expect.objectContaining({
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:api-hello:live', RequestedProvisionedConcurrentExecutions: 1, Status: 'READY',
    })]);
    const onVersion = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: v, ProvisionedConcurrentExecutions: 1 })));
    expect(onVersion).toEqual({ name: 'ResourceConflictException', message: 'Version is pointed by a Provisioned Concurrency alias', status: 409 });
    // Paged as Lambda pages: MaxItems and NextMarker.
    const w = await publish('api-hello', 'api five');
    await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: w, ProvisionedConcurrentExecutions: 1 }));
    const page = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'api-hello', MaxItems: 1 }));
    expect(page.ProvisionedConcurrencyConfigs).toHaveLength(1);
    expect(page.NextMarker).toBeDefined();
    const second = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'api-hello', Marker: page.NextMarker }));
    expect(second.NextMarker).toBeUndefined();
    expect([...(page.ProvisionedConcurrencyConfigs ?? []), ...(second.ProvisionedConcurrencyConfigs ?? [])].map((c) => c.FunctionArn).sort()).toEqual(
      [`arn:aws:lambda:us-east-1:000000000000:function:api-hello:${w}`, 'arn:aws:lambda:us-east-1:000000000000:function:api-hello:live']);
    await client.send(new CreateAliasCommand({ FunctionName: 'api-hello', Name: 'other', FunctionVersion: w }));
    const aliasOnProvisioned = await failure(client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: 'other', ProvisionedConcurrentExecutions: 1 })));
    expect(aliasOnProvisioned).toEqual({ name: 'ResourceConflictException', message: "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version", status: 409 });
    // Deleting the alias deletes its configuration.
    await client.send(new DeleteAliasCommand({ FunctionName: 'api-hello', Name: 'live' }));
    const list2 = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'api-hello' }));
    expect(list2.ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn)).toEqual([`arn:aws:lambda:us-east-1:000000000000:function:api-hello:${w}`]);
    await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'api-hello', Qualifier: w }));
  });

  it('an init that fails makes the configuration FAILED with FUNCTION_ERROR_INIT_FAILURE', async () => {
    const out = await client.send(new PublishVersionCommand({ FunctionName: 'engine-init-error' }));
    await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'engine-init-error', Qualifier: out.Version, ProvisionedConcurrentExecutions: 2 }));
    const failed = await waitForStatus('engine-init-error', out.Version as string, 'FAILED');
    expect(failed.StatusReason).toBe('FUNCTION_ERROR_INIT_FAILURE');
    // The failed init reports itself in its own stream, as an init that no invocation waited for.
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/engine-init-error', filterPattern: 'INIT_REPORT' }));
    const report = readText(found.events?.[0]?.message as string);
    expect(report).toMatchObject({ kind: 'initReport', phase: 'init', status: 'error' });
    await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'engine-init-error', Qualifier: out.Version }));
  });
});

describe('provisioned environments', () => {
  let version: string;
  const pids: number[] = [];

  it('starts two environments ahead: their INIT_START and INIT_REPORT (Phase: init) are in their own streams at their init', async () => {
    version = await publish('pc-probe', 'pc two');
    await client.send(new CreateAliasCommand({ FunctionName: 'pc-probe', Name: 'warm', FunctionVersion: version }));
    await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: 'warm', ProvisionedConcurrentExecutions: 2 }));
    await waitForStatus('pc-probe', 'warm', 'READY');
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/pc-probe', filterPattern: 'INIT_REPORT' }));
    const streams = [...new Set((found.events ?? []).map((e) => e.logStreamName as string))];
    expect(streams).toHaveLength(2);
    for (const stream of streams) {
      expect(stream).toMatch(new RegExp(`^\\d{4}/\\d\\d/\\d\\d/\\[${version}\\][0-9a-f]{32}$`));
      const events = (await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/pc-probe', logStreamName: stream, startFromHead: true }))).events ?? [];
      const lines = events.map((e) => e.message as string);
      // Nothing but the init, before any invocation.
      expect(lines[0]).toMatch(/^INIT_START Runtime Version: /);
      // What the init printed, as the Node.js runtime prints it outside an invocation.
      expect(lines[1]).toMatch(/\tundefined\tINFO\tpc-probe init$/);
      expect(lines[2]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init$/);
      expect(lines).toHaveLength(3);
      const report = readText(lines[2] as string);
      expect(report).toMatchObject({ kind: 'initReport', phase: 'init', status: 'success' });
    }
  });

  it('two concurrent invocations run on them without Init Duration; a third concurrent one spills over, cold', async () => {
    const runs = await Promise.all([0, 1, 2].map((i) => invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm', Payload: json({ ms: 400 + i * 50 }) })));
    const warm = runs.filter((r) => r.payload.initType === 'provisioned-concurrency');
    const spill = runs.filter((r) => r.payload.initType === 'on-demand');
    expect(warm).toHaveLength(2);
    expect(spill).toHaveLength(1);
    for (const r of warm) {
      const m = r.report?.metrics;
      expect(m?.initDurationMs).toBeUndefined();
      // Billed Duration = ceil(Duration) on a provisioned environment.
      // (Duration is printed with 2 decimals, Billed Duration from the exact value.)
      expect(m?.billedDurationMs).toBeGreaterThanOrEqual(m?.durationMs as number);
      expect((m?.billedDurationMs as number) - (m?.durationMs as number)).toBeLessThan(1.01);
      expect(Number.isInteger(m?.billedDurationMs)).toBe(true);
      // Its log is the invocation's own: the init lines stayed in the stream.
      expect(r.log).not.toContain('INIT_START');
      expect(r.log).not.toContain('pc-probe init');
      expect(r.log.startsWith(`START RequestId: ${r.requestId} Version: ${version}`)).toBe(true);
      pids.push(r.payload.pid as number);
    }
    const cold = spill[0];
    expect(cold?.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(cold?.log).toContain('INIT_START');
    expect(new Set(pids).size).toBe(2);
    // The next one goes to a provisioned environment again, not to the idle on-demand one.
    const next = await invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm' });
    expect(next.payload.initType).toBe('provisioned-concurrency');
    expect(pids).toContain(next.payload.pid);
  });

  it('a provisioned environment that dies is replaced: the configuration is READY again with a new one', async () => {
    // pc-probe's timeout is 3 s: an invocation held 4 s is killed with its environment.
    const [dying] = await Promise.all([
      invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm', Payload: json({ ms: 4000 }) }),
      invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm', Payload: json({ ms: 100 }) }),
    ]);
    expect(dying?.functionError).toBe('Unhandled');
    expect(dying?.report?.status).toBe('timeout');
    const ready = await waitForStatus('pc-probe', 'warm', 'READY');
    expect(ready.AllocatedProvisionedConcurrentExecutions).toBe(2);
    const runs = await Promise.all([0, 1].map(() => invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm', Payload: json({ ms: 300 }) })));
    expect(runs.map((r) => r.payload.initType)).toEqual(['provisioned-concurrency', 'provisioned-concurrency']);
    for (const r of runs) expect(r.report?.metrics.initDurationMs).toBeUndefined();
    const now = runs.map((r) => r.payload.pid as number);
    expect(now.filter((p) => !pids.includes(p))).toHaveLength(1);
    pids.length = 0;
    pids.push(...now);
  }, 20_000);

  it('a new version and a change of $LATEST do not touch the alias\'s provisioned environments', async () => {
    await publish('pc-probe', 'pc three');
    const r = await invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm' });
    expect(r.payload.initType).toBe('provisioned-concurrency');
    expect(pids).toContain(r.payload.pid);
    expect(r.report?.metrics.initDurationMs).toBeUndefined();
    // $LATEST itself is on demand.
    const latest = await invoke(client, { FunctionName: 'pc-probe' });
    expect(latest.payload.initType).toBe('on-demand');
  });

  it('UpdateAlias to another version moves the provisioned environments there', async () => {
    const next = await publish('pc-probe', 'pc four');
    await client.send(new UpdateAliasCommand({ FunctionName: 'pc-probe', Name: 'warm', FunctionVersion: next }));
    await waitForStatus('pc-probe', 'warm', 'READY');
    const r = await invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm' });
    expect(r.executedVersion).toBe(next);
    expect(r.payload.initType).toBe('provisioned-concurrency');
    expect(r.report?.metrics.initDurationMs).toBeUndefined();
    expect(pids).not.toContain(r.payload.pid);
    const until = Date.now() + 5000;
    while (pids.some(isAlive) && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    expect(pids.filter(isAlive)).toEqual([]);
    pids.length = 0;
    pids.push(r.payload.pid as number);
  });

  it('Delete stops them: their processes exit, the next invocation is an on-demand cold start', async () => {
    await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: 'warm' }));
    const until = Date.now() + 5000;
    while (pids.some(isAlive) && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    expect(pids.filter(isAlive)).toEqual([]);
    const e = await failure(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: 'warm' })));
    expect(e.name).toBe('ProvisionedConcurrencyConfigNotFoundException');
    const r = await invoke(client, { FunctionName: 'pc-probe', Qualifier: 'warm' });
    expect(r.payload.initType).toBe('on-demand');
    expect(r.report?.metrics.initDurationMs).toBeGreaterThan(0);
  });
});

describe('provisioned environments and the engine\'s limits', () => {
  let small: FixtureService;
  let smallClient: LambdaClient;

  beforeAll(async () => {
    small = await startFixtureService(['pc-probe'], { idleTimeoutMs: 100, maxEnvironments: 3 });
    smallClient = small.client;
  });
  afterAll(async () => {
    await small?.close();
  });

  it('are never reaped for being idle, while an idle on-demand environment is', async () => {
    const { Version } = await smallClient.send(new PublishVersionCommand({ FunctionName: 'pc-probe' }));
    await smallClient.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: Version, ProvisionedConcurrentExecutions: 1 }));
    const until = Date.now() + 20_000;
    while ((await smallClient.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: Version }))).Status !== 'READY') {
      if (Date.now() > until) throw new Error('never READY');
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = await invoke(smallClient, { FunctionName: 'pc-probe', Qualifier: Version });
    const onDemand = await invoke(smallClient, { FunctionName: 'pc-probe' });
    expect(first.payload.initType).toBe('provisioned-concurrency');
    expect(onDemand.payload.initType).toBe('on-demand');
    // Ten idle timeouts later.
    await new Promise((r) => setTimeout(r, 1000));
    expect(isAlive(onDemand.payload.pid as number)).toBe(false);
    expect(isAlive(first.payload.pid as number)).toBe(true);
    // Alive, and frozen while it waits, as any idle environment is (state T).
    expect(fs.readFileSync(`/proc/${first.payload.pid as number}/stat`, 'utf8').split(') ')[1]?.[0]).toBe('T');
    const again = await invoke(smallClient, { FunctionName: 'pc-probe', Qualifier: Version });
    expect(again.payload.pid).toBe(first.payload.pid);
    expect(again.report?.metrics.initDurationMs).toBeUndefined();
  });

  it('more provisioned environments than the engine runs are refused, not accepted and left unapplied', async () => {
    await smallClient.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'pc-probe', Description: 'another version' }));
    const { Version } = await smallClient.send(new PublishVersionCommand({ FunctionName: 'pc-probe' }));
    const e = await failure(smallClient.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: Version, ProvisionedConcurrentExecutions: 3 })));
    expect(e.name).toBe('InvalidParameterValueException');
    expect(e.message).toBe('Provisioned concurrency cannot be applied here: the local service runs at most 3 execution environments (maxEnvironments), 1 of them already provisioned.');
    const none = await failure(smallClient.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-probe', Qualifier: Version })));
    expect(none.name).toBe('ProvisionedConcurrencyConfigNotFoundException');
  });
});
