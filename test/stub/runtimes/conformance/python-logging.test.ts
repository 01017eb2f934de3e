// Python conformance: what the runtime client writes to the function's log.
// AWS's client (awslambdaric/bootstrap.py _setup_logging, log_error;
// awslambdaric/lambda_runtime_log_utils.py JsonFormatter) puts one handler
// on the root logger: Text lines `[LEVEL]\t<time>\t<request id>\t<message>`,
// or with AWS_LAMBDA_LOG_FORMAT=JSON one JSON record per logging call; the
// root logger's level comes from AWS_LAMBDA_LOG_LEVEL and nothing else.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_TIME, TEXT_TIME, jsonLine, py, startPython, type PyService } from './python-helpers';

const TEXT = py`
  import logging

  logger = logging.getLogger()


  def handler(event, context):
      case = event["case"]
      if case == "default-level":
          logger.debug("debug-marker")
          logger.info("info-marker")
          logging.getLogger("child").warning("warning-marker %s", 7)
          return logger.level
      if case == "bad-args":
          logger.warning("%s and %s", "one")
          return "logged"
      if case == "context-log":
          context.log("no newline;")
          context.log("then one\n")
          return "logged"
      if case == "print":
          print("a\tb", "c")
          return "printed"
      if case == "level":
          logger.debug("debug-marker")
          return logger.level
      raise ValueError(case)
`;

const JSON_APP = py`
  import datetime
  import logging

  logger = logging.getLogger("a.b")


  def handler(event, context):
      case = event["case"]
      if case == "fields":
          logger.error("TEST 1")
      elif case == "newlines":
          logger.error("test \nwith \nnew \nlines")
      elif case == "levels":
          logger.debug("at-debug")
          logger.log(25, "at-25")
          logger.log(35, "at-35")
          logger.log(45, "at-45")
          logger.log(55, "at-55")
      elif case == "exception":
          try:
              raise ValueError("error message")
          except ValueError:
              logging.getLogger("test.logger").exception("test exception")
      elif case == "extra":
          logger.info("with extra", extra={"orderId": 42, "tags": ["a"], "level": "X", "nested": {"k": "\u00e9"}})
      elif case == "unicode":
          logger.warning("caf\u00e9 \u2713 \u65e5\u672c")
      elif case == "extra-unserializable":
          logger.info("when", extra={"when": datetime.datetime(2024, 1, 2)})
      elif case == "raise":
          raise ValueError("bad \u00e9")
      elif case == "print":
          print("plain text stays plain")
      elif case == "level":
          return logging.getLogger().level
      return "ok"
`;

const INIT_LOGS = py`
  import logging

  logging.getLogger().warning("init-warning")


  def handler(event, context):
      return "ok"
`;

const INIT_RAISE = py`
  import os

  TABLE = os.environ["TABLE_NAME"]


  def handler(event, context):
      return TABLE
`;

let svc: PyService;

beforeAll(async () => {
  svc = await startPython({
    'py-log-text': { files: { 'app.py': TEXT } },
    'py-log-level': { files: { 'app.py': TEXT } },
    'py-log-json': { files: { 'app.py': JSON_APP }, logging: { format: 'JSON', applicationLogLevel: 'DEBUG' } },
    'py-log-json-level': { files: { 'app.py': JSON_APP }, logging: { format: 'JSON' } },
    'py-log-json-312': { files: { 'app.py': JSON_APP }, runtime: 'python3.12', logging: { format: 'JSON' } },
    'py-log-text-init': { files: { 'app.py': INIT_LOGS } },
    'py-log-json-init': { files: { 'app.py': INIT_LOGS }, logging: { format: 'JSON' } },
    'py-log-text-initerror': { files: { 'app.py': INIT_RAISE } },
    'py-log-json-initerror': { files: { 'app.py': INIT_RAISE }, logging: { format: 'JSON' } },
  });
});

afterAll(async () => {
  await svc?.stop();
});

/** The 1-based line of `needle` in a Python source. */
const lineOf = (source: string, needle: string): number => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('Python logging in the Text format', () => {
  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (_setup_logging: the level is set only from AWS_LAMBDA_LOG_LEVEL)
  it('leaves the root logger at Python\'s WARNING without AWS_LAMBDA_LOG_LEVEL, and writes [LEVEL]\\t<time>\\t<request id>\\t<message>', async () => {
    const r = await svc.invoke('py-log-text', { case: 'default-level' });
    expect(r.payload).toBe(30);
    expect(r.log).not.toContain('debug-marker');
    expect(r.log).not.toContain('info-marker');
    const warning = r.lines.filter((l) => l.includes('warning-marker'));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(new RegExp(`^\\[WARNING\\]\\t${TEXT_TIME}\\t${r.requestId}\\twarning-marker 7$`));
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLoggingSetup.test_log_level, TEXT cases)
  it('sets the root logger\'s level from AWS_LAMBDA_LOG_LEVEL as the client reads it (TRACE is DEBUG; a name logging does not know changes nothing)', async () => {
    const cases: Array<[string, number]> = [
      ['TRACE', 10], ['DEBUG', 10], ['INFO', 20], ['WARN', 30], ['error', 40], ['FATAL', 50], ['trace', 30], ['Unknown level', 30],
    ];
    for (const [level, expected] of cases) {
      await svc.update('py-log-level', { Environment: { Variables: { AWS_LAMBDA_LOG_LEVEL: level } } });
      const r = await svc.invoke('py-log-level', { case: 'level' });
      expect([level, r.payload]).toEqual([level, expected]);
      if (expected === 10) expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[DEBUG\\]\\t${TEXT_TIME}\\t${r.requestId}\\tdebug-marker$`)));
      else expect(r.log).not.toContain('debug-marker');
    }
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (LambdaLoggerFilter: no request id outside an invocation)
  it('writes the init\'s logging lines with an empty request id', async () => {
    const r = await svc.invoke('py-log-text-init');
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[WARNING\\]\\t${TEXT_TIME}\\t\\tinit-warning$`)));
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (LambdaLoggerHandler.emit does not catch: a record that cannot be formatted raises in the handler)
  it('raises a logging call\'s formatting error in the handler, as an invocation error', async () => {
    const r = await svc.invoke('py-log-text', { case: 'bad-args' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'not enough arguments for format string' });
    // The environment is not harmed.
    expect((await svc.invoke('py-log-text', { case: 'print' })).functionError).toBeUndefined();
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_log: context.log writes the message as it is, no line break added)
  it('writes context.log\'s message as it is, with no line break of its own', async () => {
    const r = await svc.invoke('py-log-text', { case: 'context-log' });
    expect(r.lines).toContain('no newline;then one');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (run: stdout is Unbuffered, print reaches the log at once and untouched)
  it('passes print output through untouched', async () => {
    const r = await svc.invoke('py-log-text', { case: 'print' });
    expect(r.lines).toContain('a\tb c');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (run: an init error logs the LAMBDA_WARNING, then log_error) and awslambdaric/lambda_literals.py
  it('logs a failed init as the LAMBDA_WARNING record, then the [ERROR] line with the traceback', async () => {
    const r = await svc.invoke('py-log-text-initerror');
    expect(r.functionError).toBe('Unhandled');
    const lines = svc.storedLines('py-log-text-initerror');
    const warning = lines.find((l) => l.includes('LAMBDA_WARNING'));
    expect(warning).toMatch(new RegExp(`^\\[WARNING\\]\\t${TEXT_TIME}\\t\\tLAMBDA_WARNING: Unhandled exception\\. The most likely cause is an issue in the function code\\. `));
    expect(warning).toMatch(/For more information, see https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/runtimes-update\.html\r$/);
    const error = lines.find((l) => l.startsWith('[ERROR]'));
    expect(error).toMatch(/^\[ERROR\] KeyError: 'TABLE_NAME'\rTraceback \(most recent call last\):\r\u00a0\u00a0File "/);
    expect(error).toContain(`File "${path.join(svc.dir, 'py-log-text-initerror', 'app.py')}", line 3, in <module>\r\u00a0\u00a0\u00a0\u00a0TABLE = os.environ["TABLE_NAME"]`);
  });
});

describe('Python logging in the JSON format', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLogging.test_json_formatter)
  it('writes a record as {timestamp, level, message, logger, requestId}, the timestamp to the second', async () => {
    const r = await svc.invoke('py-log-json', { case: 'fields' });
    const record = jsonLine(r.lines.find((l) => l.includes('TEST 1')));
    expect(Object.keys(record)).toEqual(['timestamp', 'level', 'message', 'logger', 'requestId']);
    expect(record).toMatchObject({ level: 'ERROR', message: 'TEST 1', logger: 'a.b', requestId: r.requestId });
    expect(record.timestamp).toMatch(JSON_TIME);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLogging.test_json_formatter, the message with new lines)
  it('keeps a message with line breaks in one record', async () => {
    const r = await svc.invoke('py-log-json', { case: 'newlines' });
    const record = jsonLine(r.lines.find((l) => l.includes('"level": "ERROR"')));
    expect(record.message).toBe('test \nwith \nnew \nlines');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_log_utils.py (_format_log_level: a level rounded down to a multiple of 10, at most CRITICAL)
  it('names a custom level by the standard level below it', async () => {
    const r = await svc.invoke('py-log-json', { case: 'levels' });
    const levels = Object.fromEntries(r.lines.filter((l) => l.startsWith('{')).map((l) => jsonLine(l)).map((o) => [o.message, o.level]));
    expect(levels).toEqual({ 'at-debug': 'DEBUG', 'at-25': 'INFO', 'at-35': 'WARNING', 'at-45': 'ERROR', 'at-55': 'CRITICAL' });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLogging.test_exception)
  it('adds an exception\'s stackTrace, errorType, errorMessage and location (path:function:line)', async () => {
    const r = await svc.invoke('py-log-json', { case: 'exception' });
    const record = jsonLine(r.lines.find((l) => l.includes('test exception')));
    expect(Object.keys(record)).toEqual(['timestamp', 'level', 'message', 'logger', 'stackTrace', 'errorType', 'errorMessage', 'requestId', 'location']);
    expect(record).toMatchObject({
      level: 'ERROR', message: 'test exception', logger: 'test.logger', errorType: 'ValueError', errorMessage: 'error message', requestId: r.requestId,
    });
    const file = path.join(svc.dir, 'py-log-json', 'app.py');
    expect(record.location).toBe(`${file}:handler:${lineOf(JSON_APP, '.exception(')}`);
    expect(record.stackTrace).toEqual([`  File "${file}", line ${lineOf(JSON_APP, 'raise ValueError("error message")')}, in handler\n    raise ValueError("error message")\n`]);
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_log_utils.py (JsonFormatter.format: the record's own attributes, `extra`, merged unless reserved or already set)
  it('merges a record\'s extra fields after requestId, never over the standard ones, non-ASCII as it is', async () => {
    const r = await svc.invoke('py-log-json', { case: 'extra' });
    const line = r.lines.find((l) => l.includes('with extra'))!;
    const record = jsonLine(line);
    expect(Object.keys(record)).toEqual(['timestamp', 'level', 'message', 'logger', 'requestId', 'orderId', 'tags', 'nested']);
    expect(record).toMatchObject({ level: 'INFO', orderId: 42, tags: ['a'], nested: { k: 'é' } });
    expect(line).toContain('{"k": "é"}');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_log_utils.py (json.JSONEncoder(ensure_ascii=False))
  it('writes non-ASCII characters as they are, whatever the runtime', async () => {
    const r = await svc.invoke('py-log-json', { case: 'unicode' });
    expect(r.lines).toContainEqual(expect.stringContaining('"message": "café ✓ 日本"'));
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_log_utils.py (JsonFormatter: no default= for the encoder; the handler's emit does not catch)
  it('raises in the handler when an extra field is not JSON-serializable', async () => {
    const r = await svc.invoke('py-log-json', { case: 'extra-unserializable' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'Object of type datetime is not JSON serializable' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (log_error with LogFormat.JSON: {timestamp, log_level, …error document} as one line, encoded by to_json)
  it('logs an invocation error as one JSON line: timestamp, log_level, then the error document (escaped as the runtime\'s encoder does)', async () => {
    const r = await svc.invoke('py-log-json', { case: 'raise' });
    expect(r.functionError).toBe('Unhandled');
    const line = r.lines.find((l) => l.includes('"log_level"'))!;
    const record = jsonLine(line);
    expect(Object.keys(record)).toEqual(['timestamp', 'log_level', 'errorMessage', 'errorType', 'requestId', 'stackTrace']);
    expect(record).toMatchObject({ log_level: 'ERROR', errorType: 'ValueError', errorMessage: 'bad é', requestId: r.requestId });
    expect(record.timestamp).toMatch(JSON_TIME);
    // python3.11's to_json escapes non-ASCII (ensure_ascii on before python3.12).
    expect(line).toContain('"errorMessage": "bad \\u00e9"');
    expect(r.lines.some((l) => l.startsWith('[ERROR]'))).toBe(false);
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (log_error's to_json) and tests/test_lambda_runtime_marshaller.py (ensure_ascii off from python3.12)
  it('writes the invocation error line\'s non-ASCII characters as they are from python3.12 on', async () => {
    const r = await svc.invoke('py-log-json-312', { case: 'raise' });
    const line = r.lines.find((l) => l.includes('"log_level"'))!;
    expect(line).toContain('"errorMessage": "bad é"');
    expect(r.raw).toContain('"errorMessage": "bad é"');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (StandardLogSink: print is not a logging record)
  it('leaves print output as plain text', async () => {
    const r = await svc.invoke('py-log-json', { case: 'print' });
    expect(r.lines).toContain('plain text stays plain');
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLoggingSetup.test_log_level, JSON cases)
  it('sets the root logger from ApplicationLogLevel (TRACE as DEBUG, WARN as WARNING, FATAL as CRITICAL)', async () => {
    const cases: Array<[string, number]> = [['TRACE', 10], ['DEBUG', 10], ['INFO', 20], ['WARN', 30], ['ERROR', 40], ['FATAL', 50]];
    for (const [level, expected] of cases) {
      await svc.update('py-log-json-level', { LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: level as 'INFO' } });
      const r = await svc.invoke('py-log-json-level', { case: 'level' });
      expect([level, r.payload]).toEqual([level, expected]);
    }
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestLogging.test_json_formatter: requestId "" outside an invocation)
  it('gives the init\'s records an empty requestId', async () => {
    const r = await svc.invoke('py-log-json-init');
    const record = jsonLine(r.lines.find((l) => l.includes('init-warning')));
    expect(record).toMatchObject({ level: 'WARNING', message: 'init-warning', logger: 'root', requestId: '' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (run: the LAMBDA_WARNING through logging, then log_error as JSON)
  it('logs a failed init as a JSON LAMBDA_WARNING record and a JSON error line', async () => {
    const r = await svc.invoke('py-log-json-initerror');
    expect(r.functionError).toBe('Unhandled');
    // The stored log: the tail's 4 KB may begin inside these long lines.
    const lines = svc.storedLines('py-log-json-initerror');
    const warning = jsonLine(lines.find((l) => l.includes('LAMBDA_WARNING')));
    expect(warning).toMatchObject({ level: 'WARNING', logger: 'root', requestId: '' });
    expect(String(warning.message)).toMatch(/^LAMBDA_WARNING: Unhandled exception\. .*runtimes-update\.html\r$/);
    const error = jsonLine(lines.find((l) => l.includes('"log_level"')));
    expect(error).toMatchObject({ log_level: 'ERROR', errorType: 'KeyError', errorMessage: "'TABLE_NAME'", requestId: '' });
  });
});
