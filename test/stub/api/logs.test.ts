// The CloudWatch Logs read calls, through the real @aws-sdk/client-cloudwatch-logs,
// on the logs the real engine wrote: first one environment call by call, then
// several environments read page by page the way the http target's log join
// reads them (FilterLogEvents with limit + nextToken, the SDK's paginator,
// DescribeLogStreams across environments, the REPORT filter).

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand,
  ResourceNotFoundException, paginateFilterLogEvents, type CloudWatchLogsClient, type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { FIXTURES, clientFor, invoke, logsClientFor } from '../service-helpers';

interface Running {
  readonly service: LocalLambda;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
}

/** A service with one fixture function, and a client for each API. */
async function serve(name: string): Promise<Running> {
  const service = new LocalLambda({ functions: [{ name, codeDir: path.join(FIXTURES, name) }], onWarning: () => undefined });
  const url = await service.start();
  return { service, lambda: clientFor(url), logs: logsClientFor(url) };
}

async function close(r: Running | undefined): Promise<void> {
  r?.logs.destroy();
  r?.lambda.destroy();
  await r?.service.stop();
}

describe('CloudWatch Logs on the service port', () => {
  const GROUP = '/aws/lambda/api-hello';
  let running: Running;
  let logs: CloudWatchLogsClient;
  const requestIds: string[] = [];

  beforeAll(async () => {
    running = await serve('api-hello');
    logs = running.logs;
    for (let i = 0; i < 2; i++) requestIds.push((await invoke(running.lambda, { FunctionName: 'api-hello' })).requestId as string);
  });
  afterAll(async () => { await close(running); });

  it('lists the function\'s log group and its environment\'s stream', async () => {
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true }));
    expect(streams.logStreams?.length).toBe(1);
    expect(streams.logStreams?.[0]?.lastEventTimestamp).toBeGreaterThan(0);
  });

  it('GetLogEvents returns START … REPORT of both invocations, in order', async () => {
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    const name = streams.logStreams?.[0]?.logStreamName as string;
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: name, startFromHead: true }));
    const text = (got.events ?? []).map((e) => e.message).join('');
    const first = text.indexOf(`START RequestId: ${requestIds[0]}`);
    const second = text.indexOf(`START RequestId: ${requestIds[1]}`);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(text).toContain(`REPORT RequestId: ${requestIds[1]}`);
    const again = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: name, nextToken: got.nextForwardToken }));
    expect(again.events).toEqual([]);
  });

  it('FilterLogEvents finds the REPORT lines by term', async () => {
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"REPORT RequestId"' }));
    expect(found.events?.length).toBe(2);
    expect(found.events?.[0]?.message).toContain('Init Duration');
    expect(found.events?.[1]?.message).not.toContain('Init Duration');
  });

  it('FilterLogEvents takes `?` terms as alternatives, and refuses the pattern kinds it does not read', async () => {
    const either = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '?"START RequestId" ?"END RequestId"' }));
    expect((either.events ?? []).map((e) => (e.message ?? '').split(' ')[0])).toEqual(['START', 'END', 'START', 'END']);
    // A plain term and alternatives: the plain term must be there, and one of the alternatives.
    const both = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: `"${requestIds[1]}" ?START ?REPORT` }));
    expect((both.events ?? []).map((e) => (e.message ?? '').split(' ')[0])).toEqual(['START', 'REPORT']);
    const json = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.type = "platform.report" }' })).catch((e: unknown) => e);
    expect(json).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('an unknown group or stream is the modelled ResourceNotFoundException', async () => {
    const e1 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/nope' })).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ResourceNotFoundException);
    const e2 = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope' })).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('CloudWatch Logs, page by page', () => {
  const GROUP = '/aws/lambda/url-echo';
  let running: Running;
  let logs: CloudWatchLogsClient;
  const requestIds: string[] = [];

  beforeAll(async () => {
    running = await serve('url-echo');
    logs = running.logs;
    // Three environments (a configuration change between each pair), two invocations each.
    for (let env = 0; env < 3; env++) {
      if (env > 0) await running.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'url-echo', Environment: { Variables: { ENV: String(env) } } }));
      for (let i = 0; i < 2; i++) requestIds.push((await invoke(running.lambda, { FunctionName: 'url-echo' })).requestId as string);
    }
  });
  afterAll(async () => { await close(running); });

  const reportId = (e: FilteredLogEvent): string => /^REPORT RequestId: (\S+)/.exec(e.message ?? '')?.[1] ?? '';

  it('DescribeLogStreams pages through one stream per environment', async () => {
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, limit: 1, ...(nextToken ? { nextToken } : {}) }));
      names.push(...(out.logStreams ?? []).map((s) => s.logStreamName as string));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken !== undefined);
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/url' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
  });

  it('FilterLogEvents with limit + nextToken returns every REPORT line once, in time order', async () => {
    const seen: FilteredLogEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await logs.send(new FilterLogEventsCommand({
        logGroupName: GROUP, filterPattern: '"REPORT RequestId"', limit: 4, ...(nextToken ? { nextToken } : {}),
      }));
      expect((out.events ?? []).length).toBeLessThanOrEqual(4);
      seen.push(...(out.events ?? []));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken !== undefined);
    expect(pages).toBe(2);
    expect(seen.map(reportId)).toEqual(requestIds);
    const times = seen.map((e) => e.timestamp as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The first invocation of each environment, and only that one, ran an init phase.
    expect(seen.map((e) => (e.message ?? '').includes('Init Duration'))).toEqual([true, false, true, false, true, false]);
  });

  it('the SDK paginator over all events, limit 5 a page, sees START, END and REPORT of every request', async () => {
    const messages: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 5 }, { logGroupName: GROUP })) {
      expect((page.events ?? []).length).toBeLessThanOrEqual(5);
      messages.push(...(page.events ?? []).map((e) => e.message ?? ''));
    }
    for (const id of requestIds) {
      for (const kind of ['START', 'END', 'REPORT']) {
        expect(messages.filter((m) => m.startsWith(`${kind} RequestId: ${id}`))).toHaveLength(1);
      }
    }
  });

  it('a time window and stream names narrow the search; a missing group is ResourceNotFoundException', async () => {
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'REPORT' }));
    const last = (all.events ?? [])[5] as FilteredLogEvent;
    const late = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'REPORT', startTime: last.timestamp }));
    expect((late.events ?? []).map(reportId)).toContain(requestIds[5]);
    expect((late.events ?? []).map(reportId)).not.toContain(requestIds[0]);
    const one = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'REPORT', logStreamNames: [last.logStreamName as string] }));
    expect((one.events ?? []).map(reportId)).toEqual(requestIds.slice(4));
    const missing = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });
});
