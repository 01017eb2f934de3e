// Node.js runtime conformance: the error document the caller gets
// ({errorType, errorMessage, trace}) for every kind of failure, as AWS's
// Node.js runtime interface client builds it
// (aws/aws-lambda-nodejs-runtime-interface-client: src/Errors.js toRapidResponse,
// src/RAPIDClient.js, test/unit/ErrorsTest.js).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConformance, answeredAtOnce, handlerFile, textLines, type NodeFunction } from './helpers';

/** Rejects (async) or throws (sync) the value event.kind names. */
const VALUES = `const values = {
  string: () => 'boom',
  number: () => 42,
  boolean: () => false,
  object: () => ({ a: 1 }),
  errorLikeNoStack: () => ({ name: 'LooksLikeAnError', message: 'but has no stack' }),
  errorLike: () => ({ name: 'LooksLikeAnError', message: 'with a stack', stack: 'LooksLikeAnError: with a stack\\n    at somewhere (file.js:1:1)' }),
  withToString: () => ({ toString: () => 'my own words' }),
  nullProto: () => Object.create(null),
  undefined: () => undefined,
  null: () => null,
  noStack: () => { const e = new Error('stack removed'); e.stack = undefined; return e; },
  custom: () => { class OrderError extends Error {} const e = new OrderError('order 7 is missing'); e.name = 'OrderError'; return e; },
  del: () => { const e = new Error('before\\x7Fafter'); e.name = 'Name\\x7FWithDel'; return e; },
  control: () => new Error('tab\\there, newline\\nthere, bell\\u0007, quote " and backslash \\\\'),
};`;

const functions: Record<string, NodeFunction> = {
  'err-async': { files: handlerFile(`${VALUES}\nexports.handler = async (event) => { throw values[event.kind](); };`) },
  'err-sync': { files: handlerFile(`${VALUES}\nexports.handler = (event, context, callback) => { throw values[event.kind](); };`) },
  'err-callback': { files: handlerFile(`${VALUES}\nexports.handler = (event, context, callback) => { callback(values[event.kind]()); };`) },
  'err-marshal': {
    files: handlerFile(`const circular = () => { const o = { name: 'loop' }; o.self = o; return o; };
    exports.handler = async (event) => {
      switch (event.kind) {
        case 'circular': return circular();
        case 'bigint': return { n: 10n };
        case 'function': return () => 'a function';
        case 'undefined': return undefined;
        case 'pid': return { pid: process.pid };
      }
    };`),
  },
  'err-marshal-callback': {
    files: handlerFile(`exports.handler = (event, context, callback) => {
      const o = { name: 'loop' }; o.self = o;
      if (event.via === 'succeed') return context.succeed(o);
      context.callbackWaitsForEmptyEventLoop = event.waits;
      callback(null, event.plain ? { pid: process.pid } : o);
    };`),
  },
};

let svc: NodeConformance;
beforeAll(async () => { svc = await NodeConformance.start(functions); });
afterAll(async () => { await svc?.close(); });

const HANDLED = 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';

describe('Node.js error documents for values the handler fails with', () => {
  // aws-lambda-nodejs-runtime-interface-client: src/Errors.js (toRapidResponse: not an Error → typeof and toString(), no trace)
  it.each([
    ['string', { errorType: 'string', errorMessage: 'boom', trace: [] }],
    ['number', { errorType: 'number', errorMessage: '42', trace: [] }],
    ['object', { errorType: 'object', errorMessage: '[object Object]', trace: [] }],
    ['errorLikeNoStack', { errorType: 'object', errorMessage: '[object Object]', trace: [] }],
    ['withToString', { errorType: 'object', errorMessage: 'my own words', trace: [] }],
  ])('a rejected %s', async (kind, doc) => {
    const r = await svc.invoke('err-async', { kind });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toEqual(doc);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Errors.js (_isError: name, message and stack strings make an error)
  it('an error-like object with a stack is reported by its name, message and stack', async () => {
    const r = await svc.invoke('err-async', { kind: 'errorLike' });
    expect(r.payload).toEqual({ errorType: 'LooksLikeAnError', errorMessage: 'with a stack', trace: ['LooksLikeAnError: with a stack', '    at somewhere (file.js:1:1)'] });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Errors.js (toRapidResponse's catch: the fixed "handled" document, no trace)
  it('an Error whose stack was removed fails with the fixed "handled" document', async () => {
    const r = await svc.invoke('err-async', { kind: 'noStack' });
    expect(r.payload).toEqual({ errorType: 'handled', errorMessage: HANDLED });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js and src/Errors.js (logging it first makes new Error(value), which throws;
  // src/CallbackContext.js: that throw is not a call, so src/Runtime.js's .catch(fail) answers it)
  it('an object without toString fails with the TypeError that logging it raises', async () => {
    const r = await svc.invoke('err-async', { kind: 'nullProto' });
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'Cannot convert object to primitive value' });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (.then(succeed, fail)) and src/CallbackContext.js (fail(undefined|null) → done('handled'))
  it.each(['undefined', 'null'])('a promise rejected with %s fails with the string "handled"', async (kind) => {
    const r = await svc.invoke('err-async', { kind });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toEqual({ errorType: 'string', errorMessage: 'handled', trace: [] });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Runtime.js (a synchronous throw → callback(err); null and undefined are no error)
  it.each([
    ['string', 'Unhandled', { errorType: 'string', errorMessage: 'boom', trace: [] }],
    ['boolean', 'Unhandled', { errorType: 'boolean', errorMessage: 'false', trace: [] }],
    ['undefined', undefined, null],
    ['null', undefined, null],
  ])('a synchronous handler throwing %s', async (kind, functionError, payload) => {
    const r = await svc.invoke('err-sync', { kind });
    expect(r.functionError).toBe(functionError);
    expect(r.payload).toEqual(payload);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (callback(err) → postError(err))
  it.each([
    ['string', { errorType: 'string', errorMessage: 'boom', trace: [] }],
    ['object', { errorType: 'object', errorMessage: '[object Object]', trace: [] }],
  ])('callback(%s) fails with the same document', async (kind, doc) => {
    const r = await svc.invoke('err-callback', { kind });
    expect(r.payload).toEqual(doc);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Errors.js (errorType is the error's name)
  it('an error of the function\'s own class is reported by its name, its stack as the trace', async () => {
    const r = await svc.invoke('err-async', { kind: 'custom' });
    const doc = r.payload as { errorType: string; errorMessage: string; trace: string[] };
    expect(doc).toMatchObject({ errorType: 'OrderError', errorMessage: 'order 7 is missing' });
    expect(doc.trace[0]).toBe('OrderError: order 7 is missing');
    expect(doc.trace[1]).toMatch(/^ {4}at /);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/ErrorsTest.js ("Invalid chars in HTTP header": DEL becomes %7F)
  it('DEL in an error\'s name, message and trace is written %7F', async () => {
    const r = await svc.invoke('err-async', { kind: 'del' });
    const doc = r.payload as { errorType: string; errorMessage: string; trace: string[] };
    expect(doc).toMatchObject({ errorType: 'Name%7FWithDel', errorMessage: 'before%7Fafter' });
    expect(doc.trace[0]).toBe('Name%7FWithDel: before%7Fafter');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/Errors.js and src/RAPIDClient.js (the document is JSON: other control characters are escaped, not altered)
  it('other control characters in a message reach the caller unchanged', async () => {
    const r = await svc.invoke('err-async', { kind: 'control' });
    expect(r.payloadText).toContain('\\t');
    expect((r.payload as { errorMessage: string }).errorMessage).toBe('tab\there, newline\nthere, bell\u0007, quote " and backslash \\');
  });
});

describe('Node.js results JSON cannot carry', () => {
  // aws-lambda-nodejs-runtime-interface-client: src/RAPIDClient.js (_trySerializeResponse) and src/Runtime.js (.catch(fail))
  it.each(['circular', 'bigint'])('an async handler returning a %s value fails with "Unable to stringify response body", and the environment lives on', async (kind) => {
    const r = await svc.invoke('err-marshal', { kind });
    expect(r.functionError).toBe('Unhandled');
    const doc = r.payload as { errorType: string; errorMessage: string; trace: string[] };
    expect(doc).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' });
    expect(doc.trace[0]).toBe('Error: Unable to stringify response body');
    expect(textLines(r.output).some((l) => l.message.startsWith('Invoke Error \t{"errorType":"Error","errorMessage":"Unable to stringify response body"'))).toBe(true);
    const next = await svc.invoke('err-marshal', { kind: 'pid' });
    expect(next.report.metrics.initDurationMs).toBeUndefined();
  });

  // aws-lambda-nodejs-runtime-interface-client: src/RAPIDClient.js (postInvocationResponse hands the native client's done() a non-string) and src/rapid-client.cc (Done: "Wrong arguments")
  it('an async handler returning a function fails with TypeError "Wrong arguments"', async () => {
    const r = await svc.invoke('err-marshal', { kind: 'function' });
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'Wrong arguments' });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/RAPIDClient.js (_trySerializeResponse: undefined is sent as null)
  it('an async handler returning undefined answers null', async () => {
    const r = await svc.invoke('err-marshal', { kind: 'undefined' });
    expect(r.functionError).toBeUndefined();
    expect(r.payloadText).toBe('null');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (complete throws inside the callback; the handler's catch → callback(err), the first call not counted)
  it.each([
    ['context.succeed(circular)', { via: 'succeed' }],
    ['callback(null, circular) with callbackWaitsForEmptyEventLoop false', { waits: false }],
  ])('%s fails at once with "Unable to stringify response body"', async (_what, event) => {
    const r = await svc.invoke('err-marshal-callback', event);
    expect(r.payload).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' });
    expect(answeredAtOnce(r)).toBe(true);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js (complete in setImmediate from beforeExit: its throw is an uncaught exception, exit 129)
  it('callback(null, circular) waiting for the loop fails as an uncaught exception, and the environment ends', async () => {
    const r = await svc.invoke('err-marshal-callback', { waits: true });
    expect(r.payload).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' });
    expect(textLines(r.output).some((l) => l.message.startsWith('Uncaught Exception \t'))).toBe(true);
    const next = await svc.invoke('err-marshal-callback', { waits: false, plain: true });
    expect(next.report.metrics.initDurationMs).toBeGreaterThan(0);
  });
});
