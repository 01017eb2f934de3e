// Error bodies on the Runtime API as a `provided` bootstrap posts them: the
// Lambda-Runtime-Function-Error-Type header, the error-cause content type and
// init errors. Each case names the AWS file it comes from, in
// aws/aws-lambda-runtime-interface-emulator (internal/lambda/…).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_BODY, ProbeService, type Step } from './runtime-api-probe';

const CAUSE_TYPE = 'application/vnd.aws.lambda.error.cause+json';

const svc = new ProbeService();

/** A bootstrap whose every init posts /init/error with `type`, then waits to be stopped (as AWS's runtime clients do). */
const initErrorFn = (name: string, type: string): { name: string; environment: Record<string, string> } => ({
  name,
  environment: {
    PROBE_INIT: JSON.stringify([
      { m: 'POST', p: '/runtime/init/error', h: { 'Lambda-Runtime-Function-Error-Type': type }, b: `{"errorMessage":"init went wrong","errorType":"${type}"}` },
      // Blocks: after an init error the service stops the runtime.
      { p: '/runtime/invocation/next' },
    ]),
  },
});

beforeAll(() =>
  svc.start([
    { name: 'rapi-errors' },
    initErrorFn('rapi-init-custom', 'Runtime.BadConfig'),
    initErrorFn('rapi-init-own', 'ConfigError'),
    initErrorFn('rapi-init-function', 'Function.badName'),
  ]),
);
afterAll(() => svc.stop());

const postError = (body: string, headers: Record<string, string> = {}): Step => ({ m: 'POST', p: '/runtime/invocation/{id}/error', h: headers, b: body });

/** The REPORT line's Error Type. */
const reportType = (log: string): string | undefined => /\tStatus: error\tError Type: (\S+)\n?$/m.exec(log)?.[1];

describe('Runtime API error bodies (provided bootstrap)', () => {
  // rapi/handler/invocationerror_test.go, TestInvocationErrorHandler: the body passes through unmodified,
  // and a type that is not Runtime.*/Function.* is Runtime.Unknown to the platform (fatalerror/fatalerror.go).
  it('passes an error body through as posted, whatever its content type, and names it Runtime.Unknown in REPORT', async () => {
    const { invoked, seen } = await svc.steps('rapi-errors', [
      postError('My byte array is yours', { 'Content-Type': 'application/MyBinaryType', 'Lambda-runtime-functioN-erroR-typE': 'ErrorType' }),
    ]);
    expect(seen[0]).toMatchObject({ status: 202, body: ACCEPTED_BODY, headers: { 'content-type': 'application/json' } });
    expect(invoked.functionError).toBe('Unhandled');
    expect(invoked.text).toBe('My byte array is yours');
    expect(reportType(invoked.log)).toBe('Runtime.Unknown');
  });

  // fatalerror/fatalerror.go, GetValidRuntimeOrFunctionErrorType: a Runtime.* name is kept.
  it('keeps a Runtime.* error type as the platform\'s name for the error', async () => {
    const { invoked } = await svc.steps('rapi-errors', [postError('{"errorMessage":"x","errorType":"Runtime.Custom"}', { 'Lambda-Runtime-Function-Error-Type': 'Runtime.CustomFailure' })]);
    expect(reportType(invoked.log)).toBe('Runtime.CustomFailure');
  });

  // fatalerror/fatalerror.go: a Function.* name that is not Function.[A-Z]… becomes Function.Unknown.
  it('names a malformed Function.* error type Function.Unknown, and a well-formed one as posted', async () => {
    const bad = await svc.steps('rapi-errors', [postError('{}', { 'Lambda-Runtime-Function-Error-Type': 'Function.lowercase' })]);
    expect(reportType(bad.invoked.log)).toBe('Function.Unknown');
    const good = await svc.steps('rapi-errors', [postError('{}', { 'Lambda-Runtime-Function-Error-Type': 'Function.Mine' })]);
    expect(reportType(good.invoked.log)).toBe('Function.Mine');
  });

  // rapi/handler/invocationerror_test.go, TestInvocationErrorHandler (no error type header: Runtime.Unknown).
  it('names an error without a type header Runtime.Unknown', async () => {
    const { invoked } = await svc.steps('rapi-errors', [postError('{"errorMessage":"untyped"}')]);
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual({ errorMessage: 'untyped' });
    expect(reportType(invoked.log)).toBe('Runtime.Unknown');
  });

  // rapi/handler/invocationerror_test.go, TestInvocationErrorHandlerRemovesErrorCauseFromResponse; mime_type_error_cause_json.go.
  it('takes the errorCause out of an error posted with the error-cause content type', async () => {
    const body = JSON.stringify({
      errorMessage: 'foo', errorType: 'foo', stackTrace: ['at a', 'at b'],
      errorCause: { paths: [], working_directory: '/var/task', exceptions: [] }, extra: 'dropped too',
    });
    const { invoked, seen } = await svc.steps('rapi-errors', [postError(body, { 'Content-Type': CAUSE_TYPE })]);
    expect(seen[0]?.status).toBe(202);
    expect(invoked.functionError).toBe('Unhandled');
    expect(invoked.text).toBe('{"errorMessage":"foo","errorType":"foo","stackTrace":["at a","at b"]}');
  });

  // model/errorresponse.go (stackTrace omitempty, errorMessage/errorType always there); Go's encoding/json escapes <, > and &.
  it('writes that error as Go does: empty stackTrace left out, missing fields empty, HTML characters escaped', async () => {
    const { invoked } = await svc.steps('rapi-errors', [postError('{"errorType":"<b>&</b>","stackTrace":[]}', { 'Content-Type': CAUSE_TYPE })]);
    expect(invoked.text).toBe('{"errorMessage":"","errorType":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}');
  });

  // rapi/handler/invocationerror_test.go, TestInvocationResponsePayloadIsDefaultErrorMessageWhenRequestParsingFailsForContentTypeErrorCause.
  it('answers "Invalid error body" for an error-cause body that is not such a document', async () => {
    for (const body of ['{"foo":bar}', '{"errorMessage":42}', '["not","an","object"]']) {
      const { invoked, seen } = await svc.steps('rapi-errors', [postError(body, { 'Content-Type': CAUSE_TYPE })]);
      expect(seen[0]?.status, body).toBe(202);
      expect(invoked.functionError, body).toBe('Unhandled');
      expect(invoked.text, body).toBe('"Invalid error body"');
    }
  });

  // handler/invocationerror.go: only that exact content type is read; any other passes the body through.
  it('passes through a body posted with a content type that is only close to the error-cause one', async () => {
    const body = '{"errorMessage":"m","errorType":"t","errorCause":{"paths":[]}}';
    const { invoked } = await svc.steps('rapi-errors', [postError(body, { 'Content-Type': 'application/json' })]);
    expect(invoked.text).toBe(body);
  });

  // rapi/handler/invocationresponse.go: a response mode other than streaming fails the invocation with
  // fatalerror.RuntimeInvalidResponseModeHeader and no payload of its own, and the runtime is answered
  // 400 InvalidFunctionResponseMode (rapi/rendering/render_error.go, RenderInvalidFunctionResponseMode).
  it('refuses a /response naming a response mode other than streaming: 400 to the runtime, Runtime.InvalidResponseModeHeader in REPORT', async () => {
    const { invoked, seen } = await svc.steps('rapi-errors', [
      { m: 'POST', p: '/runtime/invocation/{id}/response', h: { 'Lambda-Runtime-Function-Response-Mode': 'buffered' }, b: '{"ok":true}' },
    ]);
    expect(seen[0]?.status).toBe(400);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ errorMessage: 'Invalid function response mode', errorType: 'InvalidFunctionResponseMode' });
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toMatchObject({ errorType: 'Runtime.InvalidResponseModeHeader' });
    expect(invoked.text).not.toContain('"ok"');
    expect(reportType(invoked.log)).toBe('Runtime.InvalidResponseModeHeader');
  });

  // The same handler: `streaming` is the one mode a runtime may name; on a body that is not chunked it is answered as posted.
  it('takes a /response that names streaming on a whole body, as posted', async () => {
    const { invoked, seen } = await svc.steps('rapi-errors', [
      { m: 'POST', p: '/runtime/invocation/{id}/response', h: { 'Lambda-Runtime-Function-Response-Mode': 'streaming' }, b: '{"ok":true}' },
    ]);
    expect(seen[0]).toMatchObject({ status: 202, body: ACCEPTED_BODY });
    expect(invoked.functionError).toBeUndefined();
    expect(JSON.parse(invoked.text)).toEqual({ ok: true });
  });

  // handler/initerror.go and fatalerror/fatalerror.go: an init error's type is validated as an invocation error's is;
  // the init is re-run inside the invocation, and the caller gets the runtime's own error document.
  it('keeps a Runtime.* init error type in INIT_REPORT, and the caller gets the posted document', async () => {
    const invoked = await svc.invoke('rapi-init-custom', {});
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual({ errorMessage: 'init went wrong', errorType: 'Runtime.BadConfig' });
    expect(invoked.log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime\.BadConfig\n/);
    expect(invoked.log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.BadConfig\n/);
  });

  // fatalerror/fatalerror.go: a function's own name is Runtime.Unknown; a malformed Function.* one Function.Unknown.
  it('names an init error of the function\'s own type Runtime.Unknown, and a malformed Function.* one Function.Unknown', async () => {
    const own = await svc.invoke('rapi-init-own', {});
    expect(own.log).toMatch(/Phase: init\tStatus: error\tError Type: Runtime\.Unknown\n/);
    expect(JSON.parse(own.text)).toMatchObject({ errorType: 'ConfigError' });
    const fn = await svc.invoke('rapi-init-function', {});
    expect(fn.log).toMatch(/Phase: init\tStatus: error\tError Type: Function\.Unknown\n/);
  });
});
