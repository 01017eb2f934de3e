// Node.js runtime conformance: callbacks, context.succeed/fail/done, the
// event loop and the answer, as AWS's Node.js runtime interface client
// (aws/aws-lambda-nodejs-runtime-interface-client) states them. Each case
// names the file it comes from. "At once" is judged against the function's
// timeout (helpers.ts, answeredAtOnce), never an absolute time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_S, NodeConformance, answeredAtOnce, handlerFile, textLines, type NodeFunction } from './helpers';

/** Long enough that waiting for it is unmistakable, well below the functions' timeout. */
const PENDING_MS = 4000;

// "At once" must be told apart from waiting for the pending work.
if (PENDING_MS < (DEFAULT_TIMEOUT_S * 1000) / 3) throw new Error('PENDING_MS must be above a third of the timeout');

const functions: Record<string, NodeFunction> = {
  'cb-error-pending': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      callback(new TypeError('failed early'));
    };`),
  },
  'cb-result-waits': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      const start = Date.now();
      setTimeout(() => console.log('timer ran after ' + (Date.now() - start) + ' ms'), 300);
      callback(null, { waited: true });
    };`),
  },
  'cb-no-wait': {
    files: handlerFile(`let runs = 0;
    exports.handler = (event, context, callback) => {
      runs++;
      setTimeout(() => console.log('pending work'), ${PENDING_MS});
      context.callbackWaitsForEmptyEventLoop = false;
      callback(null, { runs, pid: process.pid });
    };`),
  },
  'cb-flag-after': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      setTimeout(() => console.log('timer done'), 300);
      callback(null, 'after the timer');
      context.callbackWaitsForEmptyEventLoop = false;
    };`),
  },
  'cb-twice': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      callback(null, 'first');
      callback(null, 'second');
      callback(new Error('third'));
    };`),
  },
  'cb-then-succeed': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      setTimeout(() => context.succeed('from succeed'), 50);
      callback(null, 'from callback');
    };`),
  },
  'succeed-pending': {
    files: handlerFile(`exports.handler = (event, context) => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      context.succeed({ via: 'succeed' });
    };`),
  },
  'done-result': {
    files: handlerFile(`exports.handler = (event, context) => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      context.done(null, { via: 'done' });
    };`),
  },
  'done-error': {
    files: handlerFile(`exports.handler = (event, context) => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      context.done(new RangeError('done failed'), 'ignored');
    };`),
  },
  'fail-error': {
    files: handlerFile(`exports.handler = (event, context) => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      context.fail(new Error('fail failed'));
    };`),
  },
  'fail-empty': {
    files: handlerFile(`exports.handler = (event, context) => { context.fail(); };`),
  },
  'sync-return': {
    files: handlerFile(`exports.handler = (event) => ({ ignored: true });`),
  },
  'sync-return-pending': {
    files: handlerFile(`exports.handler = (event) => {
      setTimeout(() => console.log('timer done'), 300);
      return 'ignored';
    };`),
  },
  'async-and-callback': {
    files: handlerFile(`exports.handler = async (event, context, callback) => {
      callback(null, 'from callback');
      return 'from promise';
    };`),
  },
  'throw-after-callback': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      callback(null, 'answered');
      throw new Error('thrown after the callback');
    };`),
  },
  'sync-throw-null': {
    files: handlerFile(`exports.handler = (event, context, callback) => { throw null; };`),
  },
  'async-never-settles': {
    files: handlerFile(`exports.handler = async () => new Promise(() => {});`),
  },
  'promise-never-settles': {
    files: handlerFile(`exports.handler = () => new Promise(() => {});`),
  },
  'async-error-pending': {
    files: handlerFile(`exports.handler = async () => {
      setTimeout(() => console.log('late timer'), ${PENDING_MS});
      throw new SyntaxError('async failure');
    };`),
  },
  ...Object.fromEntries(['callbackWithTrueFlag', 'callbackWithFalseFlag', 'asyncFunction'].map((name) => [`before-exit-${name}`, {
    handler: `index.${name}`,
    files: handlerFile(`process.on('beforeExit', () => { setImmediate(() => console.log('from setImmediate')); });
    process.on('beforeExit', () => { process.nextTick(() => console.log('from process.nextTick')); });
    exports.callbackWithTrueFlag = (event, context, callback) => { callback(null, 'hello'); };
    exports.callbackWithFalseFlag = (event, context, callback) => {
      context.callbackWaitsForEmptyEventLoop = false;
      callback(null, 'hello');
    };
    exports.asyncFunction = async () => 'hello';`),
  }])),
  'uncaught': {
    files: handlerFile(`exports.handler = async () => {
      setTimeout(() => { throw new RangeError('thrown in a timer'); }, 10);
      await new Promise((r) => setTimeout(r, ${PENDING_MS}));
      return { pid: process.pid };
    };`),
  },
  'unhandled': {
    files: handlerFile(`exports.handler = async (event) => {
      if (event.reject) Promise.reject(event.reason === undefined ? undefined : new Error(event.reason));
      await new Promise((r) => setTimeout(r, event.reject ? ${PENDING_MS} : 0));
      return { pid: process.pid };
    };`),
  },
};

let svc: NodeConformance;
beforeAll(async () => { svc = await NodeConformance.start(functions); });
afterAll(async () => { await svc?.close(); });

const errorIn = (payload: unknown): Record<string, unknown> => payload as Record<string, unknown>;

describe('Node.js callbacks and the event loop', () => {
  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (callback: an error is posted at once)
  it('callback(err) answers at once, whatever the event loop still holds', async () => {
    const r = await svc.invoke('cb-error-pending');
    expect(r.functionError).toBe('Unhandled');
    expect(errorIn(r.payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'failed early' });
    expect(answeredAtOnce(r)).toBe(true);
    expect(r.durationMs).toBeLessThan(PENDING_MS);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (callbackWaitsForEmptyEventLoop true: answered from the beforeExit listener)
  it('callback(null, result) waits for an empty event loop by default: the pending work runs inside the invocation', async () => {
    const r = await svc.invoke('cb-result-waits');
    expect(r.payload).toEqual({ waited: true });
    const timer = textLines(r.output).find((l) => l.message.startsWith('timer ran after'));
    expect(timer?.requestId).toBe(r.requestId);
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (callbackWaitsForEmptyEventLoop false: complete at once)
  it('callbackWaitsForEmptyEventLoop = false answers at once with work pending, and the environment stays warm', async () => {
    const first = await svc.invoke('cb-no-wait');
    expect(answeredAtOnce(first)).toBe(true);
    expect(first.durationMs).toBeLessThan(PENDING_MS);
    const second = await svc.invoke('cb-no-wait');
    expect(second.payload).toMatchObject({ runs: 2, pid: (first.payload as { pid: number }).pid });
    expect(second.report.metrics.initDurationMs).toBeUndefined();
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (the flag is read when the callback is called)
  it('callbackWaitsForEmptyEventLoop set to false after the callback does not stop it waiting', async () => {
    const r = await svc.invoke('cb-flag-after');
    expect(r.payload).toBe('after the timer');
    expect(textLines(r.output).map((l) => l.message)).toContain('timer done');
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (_wrappedCallbackContext: only the first call succeeds)
  it('the first call of the callback wins; later calls are ignored', async () => {
    const r = await svc.invoke('cb-twice');
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toBe('first');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (callback and succeed/fail/done share one "finished" flag)
  it('a callback waiting for the loop still wins over a later context.succeed', async () => {
    const r = await svc.invoke('cb-then-succeed');
    expect(r.payload).toBe('from callback');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (succeed → done(null, result) → complete at once)
  it.each([
    ['context.succeed(result)', 'succeed-pending', { via: 'succeed' }],
    ['context.done(null, result)', 'done-result', { via: 'done' }],
  ])('%s answers at once, not waiting for the event loop', async (_what, name, expected) => {
    const r = await svc.invoke(name);
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toEqual(expected);
    expect(answeredAtOnce(r)).toBe(true);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (done(err) / fail(err) → postError at once)
  it.each([
    ['context.done(err, result)', 'done-error', 'RangeError', 'done failed'],
    ['context.fail(err)', 'fail-error', 'Error', 'fail failed'],
  ])('%s answers the error at once and logs it as "Invoke Error"', async (_what, name, errorType, errorMessage) => {
    const r = await svc.invoke(name);
    expect(r.functionError).toBe('Unhandled');
    expect(errorIn(r.payload)).toMatchObject({ errorType, errorMessage });
    expect(answeredAtOnce(r)).toBe(true);
    const logged = textLines(r.output).find((l) => l.message.startsWith('Invoke Error \t'));
    expect(logged?.level).toBe('ERROR');
    expect(JSON.parse(logged?.message.slice('Invoke Error \t'.length) ?? '{}')).toMatchObject({ errorType, errorMessage });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (fail() without an error → done('handled'))
  it('context.fail() without an error fails with the string "handled"', async () => {
    const r = await svc.invoke('fail-empty');
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toEqual({ errorType: 'string', errorMessage: 'handled', trace: [] });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (_setDefaultExitListener: a non-async handler that never calls back answers null)
  it('a synchronous handler\'s return value is ignored: the answer is null once the loop is empty', async () => {
    const r = await svc.invoke('sync-return');
    expect(r.functionError).toBeUndefined();
    expect(r.payloadText).toBe('null');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (the default beforeExit listener fires only once the loop is empty)
  it('a synchronous handler with pending work answers null after that work, inside the invocation', async () => {
    const r = await svc.invoke('sync-return-pending');
    expect(r.payloadText).toBe('null');
    expect(textLines(r.output).map((l) => l.message)).toContain('timer done');
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (promise results go through the wrapped succeed; the callback came first)
  it('an async handler that calls its callback and returns a value answers with the callback\'s', async () => {
    const r = await svc.invoke('async-and-callback');
    expect(r.payload).toBe('from callback');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (a throw goes to callback(err), which the first call already used)
  it('an error thrown after the callback was called is ignored', async () => {
    const r = await svc.invoke('throw-after-callback');
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toBe('answered');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (catch (err) { callback(err) }: a null error is no error)
  it('`throw null` in a synchronous handler is a success with a null result', async () => {
    const r = await svc.invoke('sync-throw-null');
    expect(r.functionError).toBeUndefined();
    expect(r.payloadText).toBe('null');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (_setDefaultExitListener, isAsync) and src/Errors.js (NodeJsExit); test/unit/IsAsyncTest.js, test/unit/ErrorsTest.js
  it('an async handler whose promise never settles fails at once with Runtime.NodeJsExit, and the environment lives on', async () => {
    const r = await svc.invoke('async-never-settles');
    expect(r.functionError).toBe('Unhandled');
    const doc = errorIn(r.payload);
    expect(doc.errorType).toBe('Runtime.NodeJsExit');
    expect(doc.errorMessage).toContain('runtime client detected an unexpected Node.js exit code');
    expect(answeredAtOnce(r)).toBe(true);
    expect(textLines(r.output).some((l) => l.level === 'ERROR' && l.message.startsWith('Invoke Error \t{"errorType":"Runtime.NodeJsExit"'))).toBe(true);
    const again = await svc.invoke('async-never-settles');
    expect(again.report.metrics.initDurationMs).toBeUndefined();
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (a non-async handler is answered null by the default listener); test/unit/IsAsyncTest.js
  it('a non-async handler returning a promise that never settles answers null', async () => {
    const r = await svc.invoke('promise-never-settles');
    expect(r.functionError).toBeUndefined();
    expect(r.payloadText).toBe('null');
    expect(answeredAtOnce(r)).toBe(true);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (a rejected promise → context.fail at once)
  it('an async handler that throws answers at once, whatever the event loop still holds', async () => {
    const r = await svc.invoke('async-error-pending');
    expect(errorIn(r.payload)).toMatchObject({ errorType: 'SyntaxError', errorMessage: 'async failure' });
    expect(answeredAtOnce(r)).toBe(true);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/handlers/beforeExitBehaviour.js with src/Runtime.js and src/CallbackContext.js
  // (the function's own beforeExit listeners run only when the runtime waits for an empty loop)
  it.each([
    ['callbackWithTrueFlag', true],
    ['callbackWithFalseFlag', false],
    ['asyncFunction', false],
  ])('%s answers "hello"; the function\'s own beforeExit listeners run inside the invocation: %s', async (which, listenersRun) => {
    const r = await svc.invoke(`before-exit-${which}`);
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toBe('hello');
    const tick = textLines(r.output).find((l) => l.message === 'from process.nextTick');
    expect(tick?.requestId).toBe(listenersRun ? r.requestId : undefined);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/index.mjs and src/Runtime.js (_setErrorCallbacks: post the error, exit 129)
  it('an uncaught exception fails the invocation with its error, logs "Uncaught Exception", and ends the environment', async () => {
    const r = await svc.invoke('uncaught');
    expect(errorIn(r.payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'thrown in a timer' });
    expect(answeredAtOnce(r)).toBe(true);
    const logged = textLines(r.output).find((l) => l.message.startsWith('Uncaught Exception \t'));
    expect(JSON.parse(logged?.message.slice('Uncaught Exception \t'.length) ?? '{}')).toMatchObject({ errorType: 'RangeError', errorMessage: 'thrown in a timer' });
    const next = await svc.invoke('uncaught', {});
    expect(next.report.metrics.initDurationMs).toBeGreaterThan(0);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/index.mjs and src/Errors.js (UnhandledPromiseRejection(reason, promise), exit 128)
  it.each([
    ['an Error', 'nobody catches me', 'Error: nobody catches me'],
    ['no reason', undefined, ''],
  ])('an unhandled rejection with %s fails the invocation as Runtime.UnhandledPromiseRejection and logs its reason and promise', async (_what, reason, message) => {
    const r = await svc.invoke('unhandled', { reject: true, reason });
    expect(errorIn(r.payload)).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message });
    expect((errorIn(r.payload).trace as string[])[0]).toBe(`Runtime.UnhandledPromiseRejection${message === '' ? '' : `: ${message}`}`);
    const logged = textLines(r.output).find((l) => l.message.startsWith('Unhandled Promise Rejection \t'));
    const doc = JSON.parse(logged?.message.slice('Unhandled Promise Rejection \t'.length) ?? '{}') as Record<string, unknown>;
    expect(doc).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, promise: {} });
    if (reason !== undefined) expect(doc.reason).toMatchObject({ errorType: 'Error', errorMessage: reason });
    const next = await svc.invoke('unhandled', {});
    expect(next.report.metrics.initDurationMs).toBeGreaterThan(0);
  });
});
