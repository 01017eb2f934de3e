// Python conformance: errors. AWS's client (awslambdaric/bootstrap.py:
// make_error, log_error, handle_event_request, build_fault_result, run;
// awslambdaric/lambda_runtime_exception.py) answers a raised exception with
// {errorMessage, errorType, requestId, stackTrace}, its stack trace the
// frames below the client's own as plain `File …, line …, in …` entries, and
// logs it as one [ERROR] event; a handler that cannot be loaded fails the
// init with a Runtime.* error of its own.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NBSP, py, startPython, type PyService } from './python-helpers';

const RAISE = py`
  import sys


  class MyError(Exception):
      def __init__(self, message):
          self.message = message


  def find(order):
      raise MyError("no order %d" % order)


  def handler(event, context):
      case = event["case"]
      if case == "custom":
          raise MyError("My error")
      if case == "empty":
          raise MyError("")
      if case == "nested":
          find(42)
      if case == "subscript":
          return event["nested"]["missing"]
      if case == "import":
          import invalid_module  # noqa: F401
      if case == "args":
          raise Exception("a", 2)
      if case == "non-ascii":
          raise ValueError("caf\u00e9")
      if case == "exit":
          sys.exit(3)
      if case == "exit-message":
          sys.exit("leaving with a message")
      return "ok"
`;

const INIT_RAISE = py`
  import os

  TABLE = os.environ["TABLE_NAME"]


  def handler(event, context):
      return TABLE
`;

const SYNTAX = "def syntax_error()\n\tprint('syntax error, no colon after function')\n";

let svc: PyService;

beforeAll(async () => {
  svc = await startPython({
    'py-err': { files: { 'app.py': RAISE } },
    'py-err-bad-handler': { files: { 'app.py': RAISE }, handler: 'bad_handler' },
    'py-err-no-module': { files: { 'app.py': RAISE }, handler: 'no_module.handler' },
    'py-err-syntax': { files: { 'app.py': SYNTAX }, handler: 'app.syntax_error' },
    'py-err-missing': { files: { 'app.py': RAISE }, handler: 'app.my_handler' },
    'py-err-builtin': { files: { 'app.py': RAISE }, handler: 'sys.hello' },
    'py-err-init': { files: { 'app.py': INIT_RAISE } },
  });
});

afterAll(async () => {
  await svc?.stop();
});

const F = 'py-err';
const appFile = (name: string): string => path.join(svc.dir, name, 'app.py');
const lineOf = (source: string, needle: string): number => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('Python invocation errors', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_custom_exception)
  it('answers an exception with its class name, str() and the handler\'s frames, in make_error\'s key order', async () => {
    const r = await svc.invoke(F, { case: 'custom' });
    expect(r.functionError).toBe('Unhandled');
    const line = lineOf(RAISE, 'raise MyError("My error")');
    expect(r.raw).toBe(
      `{"errorMessage": "My error", "errorType": "MyError", "requestId": "${r.requestId}", "stackTrace": ` +
        JSON.stringify([`  File "${appFile(F)}", line ${line}, in handler\n    raise MyError("My error")\n`]).replace(/","/g, '", "') +
        '}',
    );
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (handle_event_request: traceback.format_list of plain (file, line, name, text) tuples)
  it('writes stack trace entries without Python 3.11\'s ^^^ position markers', async () => {
    const r = await svc.invoke(F, { case: 'subscript' });
    expect(r.payload).toMatchObject({ errorType: 'KeyError', errorMessage: "'nested'" });
    const trace = (r.payload as { stackTrace: string[] }).stackTrace;
    expect(trace).toEqual([
      `  File "${appFile(F)}", line ${lineOf(RAISE, 'return event["nested"]["missing"]')}, in handler\n    return event["nested"]["missing"]\n`,
    ]);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_custom_empty_error_message_exception, _fault_exception_logging_nomessage_notrace)
  it('answers an empty message as "" and logs "[ERROR] <type>" with no colon', async () => {
    const r = await svc.invoke(F, { case: 'empty' });
    expect(r.payload).toMatchObject({ errorType: 'MyError', errorMessage: '' });
    const logged = r.lines.find((l) => l.startsWith('[ERROR]'));
    expect(logged).toMatch(/^\[ERROR\] MyError\rTraceback \(most recent call last\):\r/);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_fault_exception_logging: \r between lines, indentation as NO-BREAK SPACE)
  it('logs the error as one event: \\r between lines, leading spaces as no-break spaces', async () => {
    const r = await svc.invoke(F, { case: 'nested' });
    const file = appFile(F);
    expect(r.lines).toContain(
      [
        '[ERROR] MyError: no order 42',
        'Traceback (most recent call last):',
        `${NBSP.repeat(2)}File "${file}", line ${lineOf(RAISE, 'find(42)')}, in handler`,
        `${NBSP.repeat(4)}find(42)`,
        `${NBSP.repeat(2)}File "${file}", line ${lineOf(RAISE, 'raise MyError("no order')}, in find`,
        `${NBSP.repeat(4)}raise MyError("no order %d" % order)`,
      ].join('\r'),
    );
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_no_module)
  it('answers an import that fails inside the handler as ModuleNotFoundError, not an init error', async () => {
    const r = await svc.invoke(F, { case: 'import' });
    expect(r.payload).toMatchObject({ errorType: 'ModuleNotFoundError', errorMessage: "No module named 'invalid_module'", requestId: r.requestId });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (make_error: errorMessage is str(value))
  it('uses str() of an exception with several arguments as its message', async () => {
    const r = await svc.invoke(F, { case: 'args' });
    expect(r.payload).toMatchObject({ errorType: 'Exception', errorMessage: "('a', 2)" });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (post_invocation_error(to_json(error_result))) and awslambdaric/lambda_runtime_marshaller.py (ensure_ascii up to python3.11)
  it('escapes the error document\'s non-ASCII characters up to python3.11, as results are', async () => {
    const r = await svc.invoke(F, { case: 'non-ascii' });
    expect(r.raw).toContain('"errorMessage": "caf\\u00e9", "errorType": "ValueError"');
    expect(r.payload).toMatchObject({ errorMessage: 'café' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (handle_event_request catches Exception only: SystemExit ends the runtime)
  it('lets sys.exit in a handler end the process: Runtime.ExitError, then a cold start', async () => {
    const r = await svc.invoke(F, { case: 'exit' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(String((r.payload as { errorMessage: string }).errorMessage)).toContain('exit status 3');
    const next = await svc.invoke(F, { case: 'ok' });
    expect(next.payload).toBe('ok');
    expect(next.log).toContain('Init Duration');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (SystemExit is not caught: Python prints its message and exits 1)
  it('lets sys.exit("message") print its message and end the process with status 1', async () => {
    const r = await svc.invoke(F, { case: 'exit-message' });
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(String((r.payload as { errorMessage: string }).errorMessage)).toContain('exit status 1');
    expect(r.lines).toContain('leaving with a message');
  });
});

describe('Python init errors', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_bad_handler)
  it('fails a handler without a dot with Runtime.MalformedHandlerName', async () => {
    const r = await svc.invoke('py-err-bad-handler');
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toEqual({
      errorMessage: "Bad handler 'bad_handler': not enough values to unpack (expected 2, got 1)",
      errorType: 'Runtime.MalformedHandlerName',
      requestId: '',
      stackTrace: [],
    });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_import_error)
  it('fails a missing module with Runtime.ImportModuleError', async () => {
    const r = await svc.invoke('py-err-no-module');
    expect(r.payload).toEqual({
      errorMessage: "Unable to import module 'no_module': No module named 'no_module'",
      errorType: 'Runtime.ImportModuleError',
      requestId: '',
      stackTrace: [],
    });
    expect(r.log).toContain("[ERROR] Runtime.ImportModuleError: Unable to import module 'no_module': No module named 'no_module'\rTraceback (most recent call last):");
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_syntax_error)
  it('fails a syntax error with Runtime.UserCodeSyntaxError and a `File "…" Line N` trace', async () => {
    const r = await svc.invoke('py-err-syntax');
    const file = appFile('py-err-syntax');
    expect(r.payload).toEqual({
      errorMessage: "Syntax error in module 'app': expected ':' (app.py, line 1)",
      errorType: 'Runtime.UserCodeSyntaxError',
      requestId: '',
      stackTrace: [`  File "${file}" Line 1\n    def syntax_error()\n`],
    });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_missing_error)
  it('fails a missing function with Runtime.HandlerNotFound', async () => {
    const r = await svc.invoke('py-err-missing');
    expect(r.payload).toEqual({
      errorMessage: "Handler 'my_handler' missing on module 'app'",
      errorType: 'Runtime.HandlerNotFound',
      requestId: '',
      stackTrace: [],
    });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_build_in_conflict)
  it('fails a handler module named after a built-in module with Runtime.BuiltInModuleConflict', async () => {
    const r = await svc.invoke('py-err-builtin');
    expect(r.payload).toMatchObject({
      errorMessage: 'Cannot use built-in module sys as a handler module',
      errorType: 'Runtime.BuiltInModuleConflict',
    });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (build_fault_result: frames from the first one outside bootstrap.py, importlib's included)
  it('answers an exception raised at import with its own type, importlib\'s frames first and the module\'s last', async () => {
    const r = await svc.invoke('py-err-init');
    expect(r.payload).toMatchObject({ errorType: 'KeyError', errorMessage: "'TABLE_NAME'", requestId: '' });
    const trace = (r.payload as { stackTrace: string[] }).stackTrace;
    expect(trace[0]).toMatch(/^ {2}File ".*\/importlib\/__init__\.py", line \d+, in import_module\n {4}return _bootstrap\._gcd_import\(name\[level:\], package, level\)\n$/);
    expect(trace).toContain(`  File "${appFile('py-err-init')}", line 3, in <module>\n    TABLE = os.environ["TABLE_NAME"]\n`);
    expect(trace.join('')).not.toContain('^');
    expect(trace.join('')).not.toContain('runtime_client.py');
  });
});
