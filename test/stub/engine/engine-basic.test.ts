import { afterAll, describe, expect, it } from 'vitest';
import { billedFromPrinted } from '../billed';
import { createEngine } from '../../../src/stub/engine/engine';
import { findReport } from '../../../src/lambda/log';
import { asResponse, initMs, json, reportOf, request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

interface Hello {
  hello: string;
  pid: number;
  context: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

describe('engine: Node handlers', () => {
  it('runs cold then warm in the same environment, with Lambda context, environment and logs', async () => {
    const fn = snapshot('engine-hello', { environment: { MY_VAR: 'mine' }, memoryMb: 512 });
    const clientContext = Buffer.from(JSON.stringify({ custom: { a: 1 } })).toString('base64');
    const first = await engine.invoke(request(fn, { name: 'one' }, { clientContext }));
    const second = await engine.invoke(request(fn, { name: 'two' }));
    const a = json(first) as Hello;
    const b = json(second) as Hello;
    expect(a.hello).toBe('one');
    expect(b.pid).toBe(a.pid);

    const r1 = findReport(reportOf(first))?.metrics;
    const r2 = findReport(reportOf(second))?.metrics;
    expect(r1?.initDurationMs).toBeGreaterThan(0);
    expect(r2?.initDurationMs).toBeUndefined();
    expect(r1?.memorySizeMB).toBe(512);
    expect(r1?.maxMemoryUsedMB).toBeGreaterThan(0);
    // Billed Duration includes the init phase on a cold start, rounded up.
    // It is computed from the exact durations, which the line prints to 2
    // decimals (each ±0.005): the printed sum pins it down to one of two values.
    expect(billedFromPrinted((r1?.durationMs ?? 0) + (r1?.initDurationMs ?? 0), 2)).toContain(r1?.billedDurationMs);
    expect(billedFromPrinted(r2?.durationMs ?? 0)).toContain(r2?.billedDurationMs);
    expect(reportOf(second)).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\t$/);

    expect(a.context).toMatchObject({
      functionName: 'engine-hello',
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.functionArn,
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/engine-hello',
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { a: 1 } },
    });
    expect(a.context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(a.context.remaining).toBeGreaterThan(0);
    expect(a.context.remaining).toBeLessThanOrEqual(3000);
    expect(a.env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'engine-hello',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: fn.codeDir,
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      MY_VAR: 'mine',
    });
    expect(a.env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    // The service's own environment does not leak into the sandbox.
    expect(a.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    expect(a.env.NODE_OPTIONS).toBeUndefined();

    const log1 = asResponse(first).log;
    const lines1 = log1.trimEnd().split('\n');
    expect(lines1[0]).toMatch(/^INIT_START /);
    expect(lines1).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\tundefined\tINFO\tinit line$/));
    const log2 = asResponse(second).log;
    const id2 = JSON.parse(JSON.stringify((json(second) as Hello).context.awsRequestId)) as string;
    const lines2 = log2.trimEnd().split('\n');
    expect(lines2[0]).toBe(`START RequestId: ${id2} Version: $LATEST`);
    expect(lines2[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id2}\\tINFO\\thello from two$`));
    expect(lines2[2]).toMatch(new RegExp(`\\t${id2}\\tWARN\\tmulti\\rline$`));
    expect(lines2).toContain('raw stdout');
    expect(lines2).toContain('raw stderr');
    expect(lines2[lines2.length - 2]).toBe(`END RequestId: ${id2}`);
    expect(log2).not.toContain('init line');

    const streams = engine.logs.streams('/aws/lambda/engine-hello');
    expect(streams.map((s) => s.logStreamName)).toContain(a.context.logStreamName);
    const events = engine.logs.events('/aws/lambda/engine-hello', a.context.logStreamName as string);
    expect(events.filter((e) => e.message.startsWith('REPORT RequestId:'))).toHaveLength(2);
  });

  it('reports a longer Init Duration for a slow module init', async () => {
    const fast = await engine.invoke(request(snapshot('engine-slow-init', { environment: { INIT_DELAY_MS: '0' } })));
    const slow = await engine.invoke(request(snapshot('engine-slow-init', { environment: { INIT_DELAY_MS: '400' } })));
    expect(initMs(slow)).toBeGreaterThanOrEqual(400);
    expect(initMs(slow)).toBeGreaterThan(initMs(fast) ?? Infinity);
  });

  it('loads ESM (.mjs and "type": "module"), callback and nested handlers', async () => {
    expect(json(await engine.invoke(request(snapshot('engine-esm'), { x: 1 })))).toMatchObject({ esm: true, echo: { x: 1 } });
    expect(json(await engine.invoke(request(snapshot('engine-esm-type', { handler: 'app.handler' }), { n: 2 })))).toEqual({ typeModule: true, n: 2 });
    const cb = snapshot('engine-callback');
    expect(json(await engine.invoke(request(cb, { n: 3 })))).toEqual({ callback: true, n: 3 });
    const failed = asResponse(await engine.invoke(request(cb, { fail: true })));
    expect(failed.functionError).toBe('Unhandled');
    expect(JSON.parse(failed.payload.toString())).toMatchObject({ errorType: 'TypeError', errorMessage: 'callback failed' });
    // callbackWaitsForEmptyEventLoop: the pending timer's output is part of the invocation.
    const waits = asResponse(await engine.invoke(request(snapshot('engine-callback', { handler: 'index.waits' }))));
    expect(JSON.parse(waits.payload.toString())).toEqual({ waited: true });
    expect(waits.log).toContain('timer after callback');
    expect(json(await engine.invoke(request(snapshot('engine-nested', { handler: 'lib/deep.api.v1.handle' }))))).toEqual({ nested: true });
  });

  it('keeps a handler that returned undefined and answered later through context.succeed warm', async () => {
    const fn = snapshot('engine-callback', { handler: 'index.lateSucceed' });
    const first = await engine.invoke(request(fn));
    // Time for an environment whose runtime let its event loop drain to exit.
    await new Promise((r) => setTimeout(r, 300));
    const second = await engine.invoke(request(fn));
    expect(json(second)).toEqual(json(first));
    expect(initMs(second)).toBeUndefined();
  });

  it('runs the bash bootstrap of the AWS custom runtime tutorial unchanged', async () => {
    const fn = snapshot('engine-bash', { runtime: 'provided.al2023', handler: 'function.handler' });
    const first = asResponse(await engine.invoke(request(fn, { k: 'v' })));
    expect(first.payload.toString()).toBe(`Echoing request: '{"k":"v"}'`);
    expect(first.functionError).toBeUndefined();
    expect(first.log).toContain('{"k":"v"}');
    expect(initMs(first)).toBeGreaterThan(0);
    const second = await engine.invoke(request(fn, { k: 'w' }));
    expect(asResponse(second).payload.toString()).toBe(`Echoing request: '{"k":"w"}'`);
    expect(initMs(second)).toBeUndefined();
  });
});
