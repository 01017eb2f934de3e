// Python conformance: the context object a handler gets. AWS's client
// (awslambdaric/lambda_context.py) builds a LambdaContext from the
// environment and the event's Runtime API headers; its client_context and
// identity are objects with __slots__, and every one of them has a repr.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { py, startPython, type PyService } from './python-helpers';

const CONTEXT = py`
  import os
  import time


  def handler(event, context):
      case = event["case"]
      if case == "attrs":
          return {name: getattr(context, name) for name in (
              "aws_request_id", "log_group_name", "log_stream_name", "function_name", "memory_limit_in_mb",
              "function_version", "invoked_function_arn", "tenant_id",
          )}
      if case == "identity":
          identity = context.identity
          return {
              "class": type(identity).__name__,
              "slots": list(type(identity).__slots__),
              "id": identity.cognito_identity_id,
              "pool": identity.cognito_identity_pool_id,
              "repr": repr(identity),
          }
      if case == "client-context":
          cc = context.client_context
          if cc is None:
              return None
          client = cc.client
          return {
              "class": type(cc).__name__,
              "custom": cc.custom,
              "env": cc.env,
              "client": None if client is None else {name: getattr(client, name) for name in type(client).__slots__},
              "repr": repr(cc),
          }
      if case == "remaining":
          first = context.get_remaining_time_in_millis()
          time.sleep(0.3)
          return [first, context.get_remaining_time_in_millis()]
      if case == "repr":
          return repr(context)
      if case == "trace":
          return os.environ.get("_X_AMZN_TRACE_ID")
      raise ValueError(case)
`;

let svc: PyService;

beforeAll(async () => {
  svc = await startPython({ 'py-context': { files: { 'app.py': CONTEXT }, memory: 256, timeout: 4 } });
});

afterAll(async () => {
  await svc?.stop();
});

const F = 'py-context';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:py-context';

describe('the Python context object', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_init)
  it('carries the request id, the function\'s names and settings (memory as a string), the invoked ARN, tenant_id None', async () => {
    const r = await svc.invoke(F, { case: 'attrs' });
    const attrs = r.payload as Record<string, unknown>;
    expect(attrs).toMatchObject({
      aws_request_id: r.requestId,
      log_group_name: '/aws/lambda/py-context',
      function_name: 'py-context',
      memory_limit_in_mb: '256',
      function_version: '$LATEST',
      invoked_function_arn: ARN,
      tenant_id: null,
    });
    expect(attrs.log_stream_name).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_init: identity is a CognitoIdentity with both ids None) and awslambdaric/lambda_context.py (CognitoIdentity.__repr__)
  it('gives an identity object with both Cognito ids None when the invocation has none', async () => {
    const r = await svc.invoke(F, { case: 'identity' });
    expect(r.payload).toEqual({
      class: 'CognitoIdentity',
      slots: ['cognito_identity_id', 'cognito_identity_pool_id'],
      id: null,
      pool: null,
      repr: 'CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])',
    });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (create_lambda_context: no Client Context header, client_context None)
  it('gives client_context None when the caller sent no ClientContext', async () => {
    const r = await svc.invoke(F, { case: 'client-context' });
    expect(r.payload).toBeNull();
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_init_client_context)
  it('gives the ClientContext\'s custom, env and client fields as objects', async () => {
    const clientContext = {
      client: {
        installation_id: 'installid1', app_title: 'title1', app_version_name: 'name1', app_version_code: 'versioncode1', app_package_name: 'package1',
      },
      custom: { 'custom-key': 'custom-value' },
      env: { 'custom-env': 'custom-value' },
    };
    const r = await svc.invoke(F, { case: 'client-context' }, { clientContext: JSON.stringify(clientContext) });
    expect(r.payload).toMatchObject({ class: 'ClientContext', custom: clientContext.custom, env: clientContext.env, client: clientContext.client });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_init: a client without fields has every field None)
  it('gives every client field None when the ClientContext\'s client is empty, and custom and env None when absent', async () => {
    const r = await svc.invoke(F, { case: 'client-context' }, { clientContext: '{"client": {}}' });
    expect(r.payload).toMatchObject({
      custom: null,
      env: null,
      client: { installation_id: null, app_title: null, app_version_name: null, app_version_code: null, app_package_name: null },
    });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_init_empty_env: an empty client context has client None)
  it('gives client None when the ClientContext has no client', async () => {
    const r = await svc.invoke(F, { case: 'client-context' }, { clientContext: '{}' });
    expect(r.payload).toMatchObject({ class: 'ClientContext', custom: null, env: null, client: null });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_context.py (ClientContext.__repr__, Client.__repr__)
  it('prints a client context as the client does', async () => {
    const clientContext = { client: { app_title: 'bench' }, custom: { k: 'v' }, env: { platform: 'test' } };
    const r = await svc.invoke(F, { case: 'client-context' }, { clientContext: JSON.stringify(clientContext) });
    expect((r.payload as { repr: string }).repr).toBe(
      "ClientContext([custom={'k': 'v'},env={'platform': 'test'},client=Client([installation_id=None,app_title=bench," +
        'app_version_name=None,app_version_code=None,app_package_name=None])])',
    );
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_invalid_client_context)
  it('fails the invocation with Runtime.LambdaContextUnmarshalError when the client context is not JSON', async () => {
    const r = await svc.invoke(F, { case: 'client-context' }, { clientContext: 'invalid_client_context_not_json' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toEqual({
      errorMessage: 'Unable to parse Client Context JSON: Expecting value: line 1 column 1 (char 0)',
      errorType: 'Runtime.LambdaContextUnmarshalError',
      requestId: r.requestId,
      stackTrace: [],
    });
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_context.py (test_get_remaining_time_in_millis)
  it('counts the remaining time down from the function\'s timeout', async () => {
    const r = await svc.invoke(F, { case: 'remaining' });
    const [first, second] = r.payload as [number, number];
    expect(first).toBeGreaterThan(3000);
    expect(first).toBeLessThanOrEqual(4000);
    expect(first - second).toBeGreaterThanOrEqual(290);
    expect(Number.isInteger(first) && Number.isInteger(second)).toBe(true);
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_context.py (LambdaContext.__repr__)
  it('prints itself with every field, as the client\'s repr does', async () => {
    const r = await svc.invoke(F, { case: 'repr' });
    const attrs = (await svc.invoke(F, { case: 'attrs' })).payload as Record<string, string>;
    expect(r.payload).toBe(
      `LambdaContext([aws_request_id=${r.requestId},log_group_name=/aws/lambda/py-context,log_stream_name=${attrs.log_stream_name},` +
        `function_name=py-context,memory_limit_in_mb=256,function_version=$LATEST,invoked_function_arn=${ARN},client_context=None,` +
        'identity=CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None]),tenant_id=None])',
    );
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestUpdateXrayEnv) and awslambdaric/bootstrap.py (update_xray_env_variable)
  it('sets _X_AMZN_TRACE_ID to each invocation\'s trace id', async () => {
    const a = await svc.invoke(F, { case: 'trace' });
    const b = await svc.invoke(F, { case: 'trace' });
    expect(a.payload).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(b.payload).toMatch(/^Root=1-/);
    expect(b.payload).not.toBe(a.payload);
  });
});
