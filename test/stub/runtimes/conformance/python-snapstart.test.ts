// Python conformance: SnapStart's runtime hooks. AWS's client
// (awslambdaric/lambda_runtime_hooks_runner.py, bootstrap.py on_init_complete)
// runs the before-snapshot hooks registered with snapshot_restore_py in the
// reverse order of registration and the after-restore hooks in order, each
// with its arguments; a hook that raises fails the snapshot
// (Runtime.BeforeSnapshotError) or the restore (exit 65), its exception
// logged as any other error.

import { GetFunctionConfigurationCommand, PublishVersionCommand, waitUntilPublishedVersionActive } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { py, startPython, type PyService } from './python-helpers';

const HOOKS = py`
  import os

  import snapshot_restore_py


  def fun_test1():
      print("In function ONE")


  def fun_test2():
      print("In function TWO")


  def fun_with_args_kwargs(x, y, **kwargs):
      print("Here are the args:", x, y)
      print("Here are the keyword args:", kwargs)


  def raise_type_error():
      raise TypeError("This is a Dummy type error")


  if os.environ.get("FAIL") == "before":
      snapshot_restore_py.register_before_snapshot(raise_type_error)
  elif os.environ.get("FAIL") == "after":
      snapshot_restore_py.register_after_restore(raise_type_error)
  else:
      snapshot_restore_py.register_before_snapshot(fun_with_args_kwargs, 5, 7, arg1="Lambda", arg2="SnapStart")
      snapshot_restore_py.register_before_snapshot(fun_test2)
      snapshot_restore_py.register_before_snapshot(fun_test1)
      snapshot_restore_py.register_after_restore(fun_with_args_kwargs, 11, 13, arg1="Lambda", arg2="SnapStart")
      snapshot_restore_py.register_after_restore(fun_test2)
      snapshot_restore_py.register_after_restore(fun_test1)


  def handler(event, context):
      return "ok"
`;

let svc: PyService;

beforeAll(async () => {
  const fn = { files: { 'app.py': HOOKS }, runtime: 'python3.12', snapStart: 'PublishedVersions' };
  svc = await startPython({
    'py-snap-order': fn,
    'py-snap-before': { ...fn, environment: { FAIL: 'before' } },
    'py-snap-after': { ...fn, environment: { FAIL: 'after' } },
  });
});

afterAll(async () => {
  await svc?.stop();
});

/** Publishes a version and waits until it is Active or Failed; its number and the wait's state. */
async function publish(name: string): Promise<{ version: string; state: string }> {
  const pub = await svc.client.send(new PublishVersionCommand({ FunctionName: name }));
  const version = pub.Version ?? '';
  const waited = await waitUntilPublishedVersionActive({ client: svc.client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: name, Qualifier: version })
    .then((w) => String(w.state), () => 'FAILURE');
  return { version, state: waited };
}

describe('Python SnapStart runtime hooks', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_runtime_hooks.py (test_before_snapshot_execution_order, test_after_restore_execution_order)
  it('runs the before-snapshot hooks last registered first and the after-restore hooks in order, with their arguments', async () => {
    const { version, state } = await publish('py-snap-order');
    expect(state).toBe('SUCCESS');
    const before = svc.storedLines('py-snap-order').filter((l) => l.startsWith('In function') || l.startsWith('Here are'));
    expect(before).toEqual([
      'In function ONE',
      'In function TWO',
      'Here are the args: 5 7',
      "Here are the keyword args: {'arg1': 'Lambda', 'arg2': 'SnapStart'}",
    ]);
    const r = await svc.invoke('py-snap-order', {}, { qualifier: version });
    expect(r.payload).toBe('ok');
    expect(r.lines.filter((l) => l.startsWith('In function') || l.startsWith('Here are'))).toEqual([
      'Here are the args: 11 13',
      "Here are the keyword args: {'arg1': 'Lambda', 'arg2': 'SnapStart'}",
      'In function TWO',
      'In function ONE',
    ]);
  }, 60_000);

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestOnInitComplete.test_before_snapshot_exception)
  it('fails the version as Runtime.BeforeSnapshotError when a before-snapshot hook raises, logging the exception itself', async () => {
    const { version, state } = await publish('py-snap-before');
    expect(state).toBe('FAILURE');
    const cfg = await svc.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-snap-before', Qualifier: version }));
    expect(cfg.State).toBe('Failed');
    expect(cfg.StateReason).toBe('Runtime.BeforeSnapshotError: This is a Dummy type error');
    const logged = svc.storedLines('py-snap-before').find((l) => l.startsWith('[ERROR]'));
    expect(logged).toMatch(/^\[ERROR\] TypeError: This is a Dummy type error\rTraceback \(most recent call last\):\r\u00a0\u00a0File ".*app\.py", line \d+, in raise_type_error\r/);
  }, 60_000);

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestOnInitComplete.test_after_restore_exception: exit 65)
  it('ends a restored environment whose after-restore hook raises with exit status 65', async () => {
    const { version, state } = await publish('py-snap-after');
    expect(state).toBe('SUCCESS');
    const r = await svc.invoke('py-snap-after', {}, { qualifier: version });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(String((r.payload as { errorMessage: string }).errorMessage)).toContain('exit status 65');
  }, 60_000);
});
