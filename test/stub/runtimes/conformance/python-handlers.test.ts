// Python conformance: handler strings. AWS's client (awslambdaric/bootstrap.py
// _get_handler) splits the handler at its last dot, imports the part before
// it with importlib (a `/` read as a `.`), refuses a first segment that names
// a built-in module, and calls whatever attribute the part after it names.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { py, startPython, type PyService } from './python-helpers';

const NESTED = py`
  def my_handler(event, context):
      return {"from": __name__}
`;

const APP = py`
  VALUE = 42


  class Handler:
      def __call__(self, event, context):
          return {"called": type(self).__name__}


  handle = Handler()


  def one_argument(event):
      return event


  async def coroutine(event, context):
      return "never awaited"
`;

let svc: PyService;

beforeAll(async () => {
  const nested = { 'pkg/sub/mod.py': NESTED, 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '' };
  const sysModule = { 'tests/__init__.py': '', 'tests/test_built_in_module_name/sys.py': NESTED };
  svc = await startPython({
    'py-h-slash': { files: nested, handler: 'pkg/sub/mod.my_handler' },
    'py-h-dots': { files: nested, handler: 'pkg.sub.mod.my_handler' },
    'py-h-sys-slash': { files: sysModule, handler: 'tests/test_built_in_module_name/sys.my_handler' },
    'py-h-sys-dots': { files: sysModule, handler: 'tests.test_built_in_module_name.sys.my_handler' },
    'py-h-dash': { files: { 'my-app.py': NESTED }, handler: 'my-app.my_handler' },
    'py-h-class': { files: { 'app.py': APP }, handler: 'app.Handler.__call__' },
    'py-h-instance': { files: { 'app.py': APP }, handler: 'app.handle' },
    'py-h-value': { files: { 'app.py': APP }, handler: 'app.VALUE' },
    'py-h-arity': { files: { 'app.py': APP }, handler: 'app.one_argument' },
    'py-h-async': { files: { 'app.py': APP }, handler: 'app.coroutine' },
  });
});

afterAll(async () => {
  await svc?.stop();
});

describe('Python handler strings', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestGetEventHandler.test_get_event_handler_slash)
  it('loads a module named with slashes as the dotted module', async () => {
    const r = await svc.invoke('py-h-slash');
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toEqual({ from: 'pkg.sub.mod' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (_get_handler: importlib.import_module of everything before the last dot)
  it('loads a dotted module path', async () => {
    const r = await svc.invoke('py-h-dots');
    expect(r.payload).toEqual({ from: 'pkg.sub.mod' });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_get_event_handler_doesnt_throw_build_in_module_name_slash)
  it('loads a module called sys below a folder named with slashes (only the first segment is checked against built-ins)', async () => {
    const r = await svc.invoke('py-h-sys-slash');
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toEqual({ from: 'tests.test_built_in_module_name.sys' });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_get_event_handler_doent_throw_build_in_module_name)
  it('loads a module called sys inside a dotted package', async () => {
    const r = await svc.invoke('py-h-sys-dots');
    expect(r.payload).toEqual({ from: 'tests.test_built_in_module_name.sys' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (_get_handler: the module name goes to importlib unchecked)
  it('loads a module whose file name is not a Python identifier', async () => {
    const r = await svc.invoke('py-h-dash');
    expect(r.payload).toEqual({ from: 'my-app' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (_get_handler: handler.rsplit(".", 1); a class path is not a module)
  it('fails `module.Class.method` with Runtime.ImportModuleError, as the part before the last dot is imported', async () => {
    const r = await svc.invoke('py-h-class');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'app.Handler': No module named 'app.Handler'; 'app' is not a package",
    });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (handle_event_request: request_handler(event, lambda_context))
  it('calls any callable attribute, an instance with __call__ included', async () => {
    const r = await svc.invoke('py-h-instance');
    expect(r.payload).toEqual({ called: 'Handler' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (_get_handler returns the attribute unchecked; calling it fails in the invocation)
  it('loads an attribute that is not callable and fails each invocation with TypeError', async () => {
    const r = await svc.invoke('py-h-value');
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: "'int' object is not callable", requestId: r.requestId });
    const again = await svc.invoke('py-h-value');
    expect(again.log).not.toContain('Init Duration');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (handle_event_request: the handler always gets two arguments)
  it('fails a handler that takes one argument with Python\'s TypeError', async () => {
    const r = await svc.invoke('py-h-arity');
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'one_argument() takes 1 positional argument but 2 were given' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (marshal_response: a coroutine is not JSON)
  it('does not await an async handler: its coroutine is a Runtime.MarshalError', async () => {
    const r = await svc.invoke('py-h-async');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.MarshalError',
      errorMessage: 'Unable to marshal response: Object of type coroutine is not JSON serializable',
    });
  });
});
