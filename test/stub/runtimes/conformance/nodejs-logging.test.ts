// Node.js runtime conformance: the console as AWS's Node.js runtime interface
// client patches it (aws/aws-lambda-nodejs-runtime-interface-client,
// src/LogPatch.js, test/unit/LogPatchTest.js), in the text and the JSON log
// formats, its level filtering, and how the runtime logs an invocation's error.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConformance, handlerFile, jsonRecords, textLines, type Invocation, type NodeFunction, type TextLine } from './helpers';

const METHODS = [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['log', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['fatal', 'FATAL']] as const;
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** Every console method once, with a format string; then no argument at all, and a message across lines. */
const everyMethod = handlerFile(`console.info('during init');
exports.handler = async () => {
  for (const m of ['trace', 'debug', 'info', 'log', 'warn', 'error', 'fatal']) console[m]('hello %s %d', m, 7);
  console.log();
  console.warn('first line\\nsecond line');
  return 'logged';
};`);

/** Which console methods look at their argument at all: one below the level is a no-op that never serialises it. */
const levelProbe = handlerFile(`exports.handler = async () => {
  const touched = [];
  for (const m of ['trace', 'debug', 'info', 'log', 'warn', 'error', 'fatal']) {
    console[m]({ toJSON() { touched.push(m); return 'probe ' + m; } });
  }
  return touched;
};`);

/** The JSON shapes of LogPatchTest.js's structured-logging cases, one console call each. */
const jsonShapes = handlerFile(`const util = require('util');
exports.handler = async (event) => {
  switch (event.shape) {
    case 'number': console.info(100.123); break;
    case 'array': console.info([{ someKey: 'some_val', data: 1000 }, false, [1, 2, 3], 3.14]); break;
    case 'object': console.info({ transactionId: 100, data: 3.14, state: false }); break;
    case 'error': { const e = new TypeError('some message'); e.custom1 = 'custom error data'; e.custom2 = 123.456; console.info(e); return e.stack.split('\\n'); }
    case 'nested': { const e = new ReferenceError('some error message'); console.info({ transactionId: 100, error: e }); return e.stack.split('\\n'); }
    case 'params': { const e1 = new SyntaxError('random syntax error'); console.info('logged an error', e1, 'logged another error', new ReferenceError('r')); return e1.stack.split('\\n'); }
    case 'circular': { const o = { data: 123 }; o.backlink = o; console.info(o); break; }
    case 'toJSON': { const o = { data: 123, toJSON: () => 'custom serialized' }; console.info(o); console.info('as part of multiple args', o); break; }
    case 'malformed': { const e = new Error('some error'); e.constructor = null; e.message = null; e.stack = null; console.info(e); break; }
    case 'nothing': console.info(); break;
  }
  return null;
};`);

const functions: Record<string, NodeFunction> = {
  'log-text': { files: everyMethod },
  'log-json': { files: everyMethod, logging: { format: 'JSON', applicationLogLevel: 'TRACE' } },
  'log-json-shapes': { files: jsonShapes, logging: { format: 'JSON', applicationLogLevel: 'TRACE' } },
  ...Object.fromEntries(LEVELS.map((level) => [`log-level-${level.toLowerCase()}`, { files: levelProbe, logging: { format: 'JSON', applicationLogLevel: level } }])),
  'log-invoke-error-text': {
    files: handlerFile(`exports.handler = async (event) => {
      if (event.kind === 'string') throw 'a plain string';
      const e = new Error('some error');
      e.code = 1234;
      e.custom = 'my custom field';
      if (event.kind === 'circular') { e.name = 'CircularError'; e.backlink = e; }
      throw e;
    };`),
  },
  'log-invoke-error-json': {
    logging: { format: 'JSON' },
    files: handlerFile(`exports.handler = async () => {
      const e = new SyntaxError('user syntax error');
      e.code = 123;
      throw e;
    };`),
  },
  'log-silenced-error': {
    files: handlerFile(`exports.handler = async () => {
      console.error = () => {};
      throw new Error('not logged');
    };`),
  },
};

let svc: NodeConformance;
let text: Invocation;
let json: Invocation;
beforeAll(async () => {
  svc = await NodeConformance.start(functions);
  text = await svc.invoke('log-text');
  json = await svc.invoke('log-json');
});
afterAll(async () => { await svc?.close(); });

const lineOf = (lines: readonly TextLine[], message: string): TextLine | undefined => lines.find((l) => l.message === message);

describe('Node.js console in the text format', () => {
  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("Each console.* method should include a level value")
  it.each(METHODS)('console.%s writes <timestamp>\\t<requestId>\\t%s\\t<message>', (method, level) => {
    const line = lineOf(textLines(text.output), `hello ${method} 7`);
    expect(line).toMatchObject({ requestId: text.requestId, level });
    expect(Math.abs(Date.parse(line?.timestamp ?? '') - Date.now())).toBeLessThan(60_000);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (console.trace is the TRACE level method: no "Trace:" header, no stack)
  it('console.trace prints its message only, with no stack', () => {
    const at = text.output.findIndex((l) => l.endsWith('\tTRACE\thello trace 7'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(text.output[at + 1]).toMatch(/\tDEBUG\thello debug 7$/);
    expect(text.log).not.toContain('Trace: hello');
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (util.format(message, ...params) with message undefined)
  it('console.log() without arguments prints "undefined"', () => {
    expect(lineOf(textLines(text.output), 'undefined')).toMatchObject({ level: 'INFO', requestId: text.requestId });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (line.replace(/\n/g, '\r'))
  it('a message across lines stays one log line, its line breaks written as \\r', () => {
    expect(lineOf(textLines(text.output), 'first line\rsecond line')?.level).toBe('WARN');
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should include the requestId as the second field"; unset during init)
  it('a line written during init has the request id "undefined"', () => {
    const init = textLines(text.log.split('\n')).find((l) => l.message === 'during init');
    expect(init).toMatchObject({ requestId: 'undefined', level: 'INFO' });
  });
});

describe('Node.js console in the JSON format', () => {
  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should format messages as json correctly")
  it.each(METHODS)('console.%s writes {timestamp, level: %s, requestId, message}', (method, level) => {
    const record = jsonRecords(json.output).find((r) => r.message === `hello ${method} 7`);
    expect(record).toEqual({ timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level, requestId: json.requestId, message: `hello ${method} 7` });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (formatJsonMessage: requestId unset during init is left out)
  it('a record written during init has no requestId', () => {
    const init = jsonRecords(json.log.split('\n')).find((r) => r.message === 'during init');
    expect(init).toEqual({ timestamp: expect.any(String), level: 'INFO', message: 'during init' });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (formatJsonMessage, a single undefined message)
  it('console.info() without arguments writes a record without a message', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'nothing' });
    expect(jsonRecords(r.output)).toEqual([{ timestamp: expect.any(String), level: 'INFO', requestId: r.requestId }]);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should not strinfigy single arg")
  it.each([
    ['number', 100.123],
    ['array', [{ someKey: 'some_val', data: 1000 }, false, [1, 2, 3], 3.14]],
    ['object', { transactionId: 100, data: 3.14, state: false }],
  ])('a single %s argument is the message as it is', async (shape, message) => {
    const r = await svc.invoke('log-json-shapes', { shape });
    expect(jsonRecords(r.output)).toEqual([{ timestamp: expect.any(String), level: 'INFO', requestId: r.requestId, message }]);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should use custom serializer for single arg containing error instances")
  it('a single error argument is {errorType, errorMessage, stackTrace, …its own fields}', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'error' });
    expect(jsonRecords(r.output)[0]?.message).toEqual({
      errorType: 'TypeError', errorMessage: 'some message', stackTrace: r.payload, custom1: 'custom error data', custom2: 123.456,
    });
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js (nested error)
  it('an error nested in an object argument is serialised the same way', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'nested' });
    expect(jsonRecords(r.output)[0]?.message).toEqual({
      transactionId: 100, error: { errorType: 'ReferenceError', errorMessage: 'some error message', stackTrace: r.payload },
    });
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should add error fields to messages if error is supplied")
  it('several arguments are formatted into one message, the first error adding errorType, errorMessage and stackTrace', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'params' });
    const [record] = jsonRecords(r.output);
    expect(record).toMatchObject({ errorType: 'SyntaxError', errorMessage: 'random syntax error', stackTrace: r.payload });
    expect(record?.message).toMatch(/^logged an error SyntaxError: random syntax error\n/);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should default to stringifying if single arg contains un-serializable objects")
  it('a single argument JSON cannot carry is formatted instead', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'circular' });
    expect(jsonRecords(r.output)[0]?.message).toBe('<ref *1> { data: 123, backlink: [Circular *1] }');
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should handle single arg object with custom toJSON implementation")
  it('toJSON decides a single argument\'s message, not a formatted one\'s', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'toJSON' });
    expect(jsonRecords(r.output).map((x) => x.message)).toEqual(['custom serialized', 'as part of multiple args { data: 123, toJSON: [Function: toJSON] }']);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js (malformed null error)
  it('an error whose constructor, message and stack were nulled is UnknownError', async () => {
    const r = await svc.invoke('log-json-shapes', { shape: 'malformed' });
    expect(jsonRecords(r.output)[0]?.message).toEqual({ errorType: 'UnknownError', errorMessage: null, stackTrace: null, constructor: null });
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("should filter messages correctly") and src/LogPatch.js (_patchConsoleWith: console.fatal is never filtered)
  it.each(LEVELS.map((level, i) => [level, METHODS.filter(([, l]) => LEVELS.indexOf(l as typeof LEVELS[number]) >= i).map(([m]) => m)] as const))(
    'AWS_LAMBDA_LOG_LEVEL=%s: only %j look at their arguments; the others are no-ops',
    async (level, active) => {
      const r = await svc.invoke(`log-level-${level.toLowerCase()}`);
      expect(r.payload).toEqual(active);
      expect(jsonRecords(r.output).map((x) => x.message)).toEqual(active.map((m) => `probe ${m}`));
    },
  );
});

describe('Node.js invocation errors in the log', () => {
  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("`structuredConsole.logError()` method in TEXT mode") and src/Errors.js (toFormatted)
  it('the text format logs "Invoke Error \\t" and the error as JSON with its code and own fields', async () => {
    const r = await svc.invoke('log-invoke-error-text', {});
    const line = textLines(r.output).find((l) => l.message.startsWith('Invoke Error \t'));
    expect(line).toMatchObject({ level: 'ERROR', requestId: r.requestId });
    const doc = JSON.parse(line?.message.split('\t')[1] ?? '{}') as Record<string, unknown>;
    expect(doc).toMatchObject({ errorType: 'Error', errorMessage: 'some error', code: 1234, custom: 'my custom field' });
    expect((doc.stack as string[])[0]).toBe('Error: some error');
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/ErrorsTest.js ("should fall back to a minimal error format when an exception occurs")
  it('an error JSON cannot carry is logged in the minimal format {errorType, errorMessage, trace}', async () => {
    const r = await svc.invoke('log-invoke-error-text', { kind: 'circular' });
    const line = textLines(r.output).find((l) => l.message.startsWith('Invoke Error \t'));
    const doc = JSON.parse(line?.message.split('\t')[1] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(doc).toMatchObject({ errorType: 'CircularError', errorMessage: 'some error' });
    expect(doc.trace).toEqual((r.payload as { trace: string[] }).trace);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js and src/Errors.js (intoError: a thrown value is logged as new Error(value))
  it('a thrown string is logged as an Error of that message', async () => {
    const r = await svc.invoke('log-invoke-error-text', { kind: 'string' });
    const line = textLines(r.output).find((l) => l.message.startsWith('Invoke Error \t'));
    expect(JSON.parse(line?.message.split('\t')[1] ?? '{}')).toMatchObject({ errorType: 'Error', errorMessage: 'a plain string' });
    expect(r.payload).toEqual({ errorType: 'string', errorMessage: 'a plain string', trace: [] });
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/LogPatchTest.js ("`structuredConsole.logError()` output should not be stringified in JSON mode")
  it('the JSON format logs the error itself as the message', async () => {
    const r = await svc.invoke('log-invoke-error-json');
    const [record] = jsonRecords(r.output);
    expect(record).toMatchObject({ level: 'ERROR', requestId: r.requestId });
    expect(record?.message).toEqual({ errorType: 'SyntaxError', errorMessage: 'user syntax error', stackTrace: (r.payload as { trace: string[] }).trace, code: 123 });
  });

  // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js (structuredConsole.logError writes through console.error)
  it('a function that replaced console.error silences the runtime\'s "Invoke Error" too', async () => {
    const r = await svc.invoke('log-silenced-error');
    expect(r.functionError).toBe('Unhandled');
    expect(r.log).not.toContain('Invoke Error');
  });
});
