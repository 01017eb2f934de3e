import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { asResponse, initMs, json, request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

interface ErrorDoc {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

function errorOf(outcome: Awaited<ReturnType<typeof engine.invoke>>): ErrorDoc {
  const res = asResponse(outcome);
  expect(res.functionError).toBe('Unhandled');
  return JSON.parse(res.payload.toString()) as ErrorDoc;
}

const misbehave = (over = {}) => snapshot('engine-misbehave', over);

describe('engine: errors as Lambda reports them', () => {
  it('returns handler errors with the error name as errorType, and keeps the environment', async () => {
    const fn = misbehave();
    const before = json(await engine.invoke(request(fn, {}))) as { pid: number };
    const thrown = await engine.invoke(request(fn, { mode: 'throw' }));
    const doc = errorOf(thrown);
    expect(doc).toMatchObject({ errorType: 'RangeError', errorMessage: 'bad range' });
    expect(doc.trace?.[0]).toBe('RangeError: bad range');
    expect(asResponse(thrown).log).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"bad range","stack":\[/);
    // The platform's name for it is Runtime.Unknown: the Runtime API keeps a posted
    // Lambda-Runtime-Function-Error-Type only when it names a Runtime.* or Function.* error
    // (aws-lambda-runtime-interface-emulator, rapi/handler/invocationerror.go, fatalerror.go).
    expect(asResponse(thrown).log).toMatch(/\tStatus: error\tError Type: Runtime\.Unknown\n$/);
    expect(errorOf(await engine.invoke(request(fn, { mode: 'custom' })))).toMatchObject({ errorType: 'MyError', errorMessage: 'custom' });
    expect(errorOf(await engine.invoke(request(fn, { mode: 'string' })))).toMatchObject({ errorType: 'string', errorMessage: 'just a string' });
    const after = json(await engine.invoke(request(fn, {}))) as { pid: number };
    expect(after.pid).toBe(before.pid);
  });

  it('fails init with the right error types', async () => {
    const initError = await engine.invoke(request(snapshot('engine-init-error')));
    expect(errorOf(initError)).toMatchObject({ errorType: 'Error', errorMessage: 'init failed on purpose' });
    expect(asResponse(initError).log).toContain('before the failure');
    // A function's own error name is not Lambda's: INIT_REPORT says Runtime.Unknown (init-phase.ts, initErrorType).
    expect(asResponse(initError).log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.Unknown\n/);

    const missing = errorOf(await engine.invoke(request(snapshot('engine-hello', { handler: 'nope.handler' }))));
    expect(missing.errorType).toBe('Runtime.ImportModuleError');
    expect(missing.errorMessage).toMatch(/^Error: Cannot find module 'nope'/);

    const notFound = errorOf(await engine.invoke(request(snapshot('engine-hello', { handler: 'index.nothere' }))));
    expect(notFound).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.nothere is undefined or not exported' });

    const notFn = errorOf(await engine.invoke(request(snapshot('engine-nested', { handler: 'lib/deep.notFn' }))));
    expect(notFn.errorType).toBe('Runtime.HandlerNotFound');

    const malformed = errorOf(await engine.invoke(request(snapshot('engine-hello', { handler: 'index' }))));
    expect(malformed).toMatchObject({ errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler' });

    const noBootstrap = errorOf(await engine.invoke(request(snapshot('engine-hello', { runtime: 'provided.al2' }))));
    expect(noBootstrap.errorType).toBe('Runtime.InvalidEntrypoint');
  });

  it('times out with Sandbox.Timedout and the next invocation is cold', async () => {
    const fn = misbehave({ timeoutSec: 1 });
    const warm = json(await engine.invoke(request(fn, {}))) as { pid: number };
    const req = request(fn, { mode: 'sleep', ms: 5000 });
    const timedOut = await engine.invoke(req);
    expect(errorOf(timedOut)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${req.requestId} Error: Task timed out after 1.00 seconds` });
    expect(asResponse(timedOut).log).toContain(`${req.requestId} Task timed out after 1.00 seconds`);
    expect(asResponse(timedOut).log).toMatch(/\tStatus: timeout\n$/);
    const next = await engine.invoke(request(fn, {}));
    expect(initMs(next)).toBeGreaterThan(0);
    expect((json(next) as { pid: number }).pid).not.toBe(warm.pid);
  });

  it('reports a crash as Runtime.ExitError with the output before it, and the next invocation is cold', async () => {
    const fn = misbehave();
    const req = request(fn, { mode: 'exit' });
    const crashed = await engine.invoke(req);
    expect(errorOf(crashed)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3` });
    expect(asResponse(crashed).log).toContain('about to exit');
    expect(initMs(await engine.invoke(request(fn, {})))).toBeGreaterThan(0);
  });

  it('fails uncaught exceptions and unhandled rejections, and ends the environment', async () => {
    const fn = misbehave();
    const uncaught = errorOf(await engine.invoke(request(fn, { mode: 'uncaught' })));
    expect(uncaught).toMatchObject({ errorType: 'Error', errorMessage: 'thrown later' });
    expect(initMs(await engine.invoke(request(fn, {})))).toBeGreaterThan(0);
    const rejected = errorOf(await engine.invoke(request(fn, { mode: 'reject' })));
    expect(rejected).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody catches me' });
    expect(initMs(await engine.invoke(request(fn, {})))).toBeGreaterThan(0);
  });

  it('kills an environment that goes past its memory size: Runtime.OutOfMemory, then cold', async () => {
    const fn = misbehave({ memoryMb: 128 });
    const req = request(fn, { mode: 'oom' });
    const oom = await engine.invoke(req);
    expect(errorOf(oom)).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: signal: killed` });
    expect(asResponse(oom).log).toMatch(/Max Memory Used: 12[0-9] MB|Max Memory Used: 1[3-9]\d MB/);
    expect(initMs(await engine.invoke(request(fn, {})))).toBeGreaterThan(0);
  });

  it("keeps only a chatty invocation's log tail, START, END and REPORT", async () => {
    const out = asResponse(await engine.invoke(request(misbehave({ handler: 'index.chatty' }))));
    expect(out.payload.toString()).toBe('"done"');
    const lines = out.log.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^REPORT /);
    expect(lines.at(-2)).toMatch(/^END /);
    expect(out.log).toMatch(/^START RequestId: /m);
    // 3 MB printed; what is kept is bounded far below that.
    expect(out.log.length).toBeLessThan(1024 * 1024);
  });
});
