// The function's own settings, read before the run: against the local
// service for what it serves, and against a raw HTTP server speaking Lambda's
// REST API for shapes it does not serve (provisioned concurrency, a JSON log
// format with its own group, SnapStart on a version, Managed Instances).
// Shapes follow the API reference:
//   https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
//   https://docs.aws.amazon.com/lambda/latest/api/API_GetProvisionedConcurrencyConfig.html

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsTarget } from '../../src/targets/aws';
import { TargetError } from '../../src/targets/errors';
import { factsJson, readFunctionFacts } from '../../src/targets/function-facts';
import { Journal } from '../../src/targets/journal';
import * as fs from 'node:fs';
import { DUMMY_AWS_ENV, EXAMPLE_FUNCTIONS, hasStackTrace, runCli, separateServiceForSuite, tempDir, writeScenario } from '../run/helpers';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('readFunctionFacts on the local service', () => {
  const service = separateServiceForSuite([
    { name: 'armed', codeDir: path.join(EXAMPLE_FUNCTIONS, 'hello'), architecture: 'arm64', memoryMb: 256 },
  ]);

  it('reads runtime, architecture, memory, storage, logging and SnapStart of $LATEST', async () => {
    const facts = await readFunctionFacts(service.client, 'armed', undefined);
    expect(facts).toMatchObject({
      functionName: 'armed',
      qualifier: '$LATEST',
      version: '$LATEST',
      architecture: 'arm64',
      memoryMb: 256,
      ephemeralStorageMb: 512,
      logFormat: 'Text',
      logGroup: '/aws/lambda/armed',
      snapStart: { applyOn: 'None', active: false },
      provisionedConcurrency: { kind: 'none' },
      managedInstances: undefined,
    });
    expect(facts.runtime).toMatch(/^nodejs/);
    expect(factsJson(facts)).toMatchObject({ name: 'armed', architecture: 'arm64', memoryMb: 256, provisionedConcurrency: null, managedInstances: false });
  });

  it('on a version, a service without GetProvisionedConcurrencyConfig means no provisioned concurrency', async () => {
    const v = await service.client.send(new PublishVersionCommand({ FunctionName: 'armed' }));
    const facts = await readFunctionFacts(service.client, 'armed', v.Version);
    expect(facts.qualifier).toBe(v.Version);
    expect(facts.version).toBe(v.Version);
    expect(facts.provisionedConcurrency).toEqual({ kind: 'none' });
  });
});

/** A raw Lambda REST endpoint with canned configurations, for shapes the local service does not serve yet. */
function fakeLambda(): { url: () => string; requests: string[]; start: () => Promise<void>; stop: () => Promise<void> } {
  const requests: string[] = [];
  const configs: Record<string, Record<string, unknown>> = {
    'json-logger': {
      FunctionName: 'json-logger', Runtime: 'python3.13', MemorySize: 1024, Version: '$LATEST', PackageType: 'Zip',
      Architectures: ['arm64'], EphemeralStorage: { Size: 2048 },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO', LogGroup: '/custom/shared-group' },
      SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' },
    },
    'json-logger:7': {
      FunctionName: 'json-logger', Runtime: 'python3.13', MemorySize: 1024, Version: '7', PackageType: 'Zip',
      Architectures: ['arm64'], EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: '/custom/shared-group' },
      SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' },
    },
    'pc:live': { FunctionName: 'pc', Runtime: 'nodejs22.x', MemorySize: 512, Version: '3', Architectures: ['x86_64'] },
    'pc:plain': { FunctionName: 'pc', Runtime: 'nodejs22.x', MemorySize: 512, Version: '2', Architectures: ['x86_64'] },
    'pc:denied': { FunctionName: 'pc', Runtime: 'nodejs22.x', MemorySize: 512, Version: '2', Architectures: ['x86_64'] },
    mi: {
      FunctionName: 'mi', Runtime: 'nodejs22.x', MemorySize: 2048, Version: '$LATEST', Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON', LogGroup: '/aws/lambda/mi' },
      CapacityProviderConfig: { LambdaManagedInstancesCapacityProviderConfig: { CapacityProviderArn: 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet' } },
    },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const parts = url.pathname.split('/');
    const fn = decodeURIComponent(parts[3] ?? '');
    const q = url.searchParams.get('Qualifier');
    const key = q ? `${fn}:${q}` : fn;
    const send = (status: number, body: unknown, errorType?: string): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-RequestId': 'r-1', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
      res.end(JSON.stringify(body));
    };
    if (parts[4] === 'configuration') {
      const c = configs[key];
      return c ? send(200, c) : send(404, { Type: 'User', message: `Function not found: ${key}` }, 'ResourceNotFoundException');
    }
    if (parts[1] === '2019-09-30' && parts[4] === 'provisioned-concurrency') {
      if (key === 'pc:live') {
        return send(200, { RequestedProvisionedConcurrentExecutions: 3, AvailableProvisionedConcurrentExecutions: 3, AllocatedProvisionedConcurrentExecutions: 3, Status: 'READY', LastModified: '2026-12-01T00:00:00+0000' });
      }
      if (key === 'pc:denied') return send(403, { Type: 'User', message: 'not authorized to perform: lambda:GetProvisionedConcurrencyConfig' }, 'AccessDeniedException');
      return send(404, { Type: 'User', message: 'No Provisioned Concurrency Config found for this function' }, 'ProvisionedConcurrencyConfigNotFoundException');
    }
    return send(404, { message: 'unknown' }, 'UnknownOperationException');
  });
  return {
    requests,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    start: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve())),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('readFunctionFacts on shapes the local service does not serve', () => {
  const fake = fakeLambda();
  let client: LambdaClient;

  beforeAll(async () => {
    await fake.start();
    client = new LambdaClient({ endpoint: fake.url(), region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await fake.stop();
  });

  it('JSON log format with its own group, levels, storage and SnapStart as configured; $LATEST never runs from a snapshot', async () => {
    const latest = await readFunctionFacts(client, 'json-logger', undefined);
    expect(latest).toMatchObject({
      runtime: 'python3.13', architecture: 'arm64', memoryMb: 1024, ephemeralStorageMb: 2048,
      logFormat: 'JSON', logGroup: '/custom/shared-group', applicationLogLevel: 'WARN', systemLogLevel: 'INFO',
      snapStart: { applyOn: 'PublishedVersions', optimizationStatus: 'Off', active: false },
    });
    const v7 = await readFunctionFacts(client, 'json-logger', '7');
    expect(v7.snapStart).toEqual({ applyOn: 'PublishedVersions', optimizationStatus: 'On', active: true });
    expect(v7.provisionedConcurrency).toEqual({ kind: 'none' });
    // $LATEST is never asked for provisioned concurrency (Lambda refuses it there); the version is.
    expect(fake.requests).toContain('GET /2019-09-30/functions/json-logger/provisioned-concurrency?Qualifier=7');
    expect(fake.requests.filter((r) => r.includes('provisioned-concurrency') && !r.includes('Qualifier=7'))).toEqual([]);
  });

  it('provisioned concurrency on the invoked qualifier; not found is none; a refused read is unknown, with its reason', async () => {
    expect((await readFunctionFacts(client, 'pc', 'live')).provisionedConcurrency).toEqual({ kind: 'configured', requested: 3, allocated: 3, status: 'READY' });
    expect((await readFunctionFacts(client, 'pc', 'plain')).provisionedConcurrency).toEqual({ kind: 'none' });
    const denied = await readFunctionFacts(client, 'pc', 'denied');
    expect(denied.provisionedConcurrency).toMatchObject({ kind: 'unknown' });
    expect(denied.provisionedConcurrency.kind === 'unknown' && denied.provisionedConcurrency.reason).toMatch(/AccessDeniedException/);
    expect(factsJson(await readFunctionFacts(client, 'pc', 'live')).provisionedConcurrency).toEqual({ requested: 3, allocated: 3, status: 'READY' });
  });

  it('a Lambda Managed Instances function is refused before any invocation, saying why', async () => {
    const target = new AwsTarget({ function: 'mi', region: 'us-east-1', endpoint: fake.url(), credentials: CREDENTIALS, journal: Journal.inMemory() });
    try {
      const err = await target.open().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(TargetError);
      expect((err as Error).message).toMatch(/^target\.function: "mi" runs on Lambda Managed Instances \(CapacityProviderConfig arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet\)/);
      expect((err as Error).message).toMatch(/\$LATEST\.PUBLISHED/);
      expect((err as Error).message).toMatch(/instance-hour/);
      expect(fake.requests.some((r) => r.includes('/invocations'))).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('coldbench run on a Managed Instances function: exit 2 with the reason, no stack trace, no result files', async () => {
    const dir = tempDir('coldbench-mi-');
    try {
      const file = writeScenario(dir, {
        name: 'mi',
        target: { kind: 'aws', function: 'mi', region: 'us-east-1', endpoint: fake.url() },
        phases: [{ name: 'warm', pattern: 'sequential', count: 2 }],
      });
      const out = path.join(dir, 'out');
      const res = await runCli(['run', file, '--out', out, '--yes', '--quiet'], { env: DUMMY_AWS_ENV });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/target\.function: "mi" runs on Lambda Managed Instances/);
      expect(hasStackTrace(res.stderr)).toBe(false);
      expect(fs.existsSync(path.join(out, 'invocations.csv'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
