// The local CloudWatch Logs calls read page by page through the real
// @aws-sdk/client-cloudwatch-logs, the way the http target's log join reads
// them: FilterLogEvents with limit + nextToken (and the SDK's paginator),
// DescribeLogStreams across several environments, the REPORT filter, and a
// missing group as the modelled error.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand,
  ResourceNotFoundException, paginateFilterLogEvents, type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../src/stub';
import { clientFor, invoke } from '../service-helpers';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'functions');
const GROUP = '/aws/lambda/url-echo';

let service: LocalLambda;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;
const requestIds: string[] = [];

beforeAll(async () => {
  service = new LocalLambda({ functions: [{ name: 'url-echo', codeDir: path.join(FIXTURES, 'url-echo') }], onWarning: () => undefined });
  const url = await service.start();
  lambda = clientFor(url);
  // Three environments (a configuration change between each pair), two invocations each.
  for (let env = 0; env < 3; env++) {
    if (env > 0) await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'url-echo', Environment: { Variables: { ENV: String(env) } } }));
    for (let i = 0; i < 2; i++) requestIds.push((await invoke(lambda, { FunctionName: 'url-echo' })).requestId as string);
  }
  logs = new CloudWatchLogsClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});

afterAll(async () => {
  logs?.destroy();
  lambda?.destroy();
  await service?.stop();
});

const reportId = (e: FilteredLogEvent): string => /^REPORT RequestId: (\S+)/.exec(e.message ?? '')?.[1] ?? '';

describe('CloudWatch Logs, page by page', () => {
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
