// The CloudWatch Logs read calls, through the real @aws-sdk/client-cloudwatch-logs,
// on the logs the real engine wrote.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand,
  GetLogEventsCommand, ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { LocalLambda } from '../../../src/stub';
import { clientFor, invoke } from '../service-helpers';
import { FIXTURES } from './harness';

let service: LocalLambda;
let logs: CloudWatchLogsClient;
const requestIds: string[] = [];

beforeAll(async () => {
  service = new LocalLambda({ functions: [{ name: 'api-hello', codeDir: path.join(FIXTURES, 'api-hello') }], onWarning: () => undefined });
  const url = await service.start();
  const lambda = clientFor(url);
  for (let i = 0; i < 2; i++) requestIds.push((await invoke(lambda, { FunctionName: 'api-hello' })).requestId as string);
  lambda.destroy();
  logs = new CloudWatchLogsClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});

afterAll(async () => {
  logs?.destroy();
  await service?.stop();
});

const GROUP = '/aws/lambda/api-hello';

describe('CloudWatch Logs on the service port', () => {
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

  it('an unknown group or stream is the modelled ResourceNotFoundException', async () => {
    const e1 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/nope' })).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ResourceNotFoundException);
    const e2 = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope' })).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ResourceNotFoundException);
  });
});
