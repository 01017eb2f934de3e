// Python conformance: how a handler's result becomes the response body, and
// the event the handler gets. AWS's client encodes with simplejson
// (awslambdaric/lambda_runtime_marshaller.py: Decimal as its exact digits,
// NaN for a NaN Decimal, ensure_ascii off from python3.12 on, bytes returned
// as they are) and reports what it cannot encode as Runtime.MarshalError.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { py, startPython, type PyService } from './python-helpers';

const MARSHAL = py`
  import collections
  import datetime
  import decimal

  Point = collections.namedtuple("Point", "x y")


  def handler(event, context):
      case = event["case"]
      if case == "echo":
          return event
      if case == "decimals":
          return {
              "pi": decimal.Decimal("3.14159"),
              "price": decimal.Decimal("1.50"),
              "big": decimal.Decimal("12345678901234567890.123456789"),
              "exp": decimal.Decimal("1E+2"),
              "tiny": decimal.Decimal("-0.000001"),
              "list": [decimal.Decimal("2.0"), decimal.Decimal("-7")],
          }
      if case == "decimal-nan":
          return {"pi": decimal.Decimal("nan"), "neg": decimal.Decimal("-nan")}
      if case == "pound":
          return {"price": "\u00a31.00"}
      if case == "bytes":
          return b"\x89PNG\r\n\x1a\n\x00\x00\x00"
      if case == "nested-bytes":
          return {"data": b"caf\xc3\xa9", "list": [b"ok"]}
      if case == "bad-bytes":
          return {"data": b"\x89PNG"}
      if case == "bytes-key":
          return {b"key": 1}
      if case == "namedtuple":
          return {"p": Point(1, 2), "plain": (1, 2)}
      if case == "namedtuple-top":
          return Point(3, 4)
      if case == "namedtuple-shared":
          shared = {"a": [1]}
          return [shared, shared, [shared, Point(5, 6)]]
      if case == "set":
          return {"tags": {"a"}}
      if case == "class":
          return type("obj", (object,), {"propertyName": "propertyValue"})
      if case == "datetime":
          return {"when": datetime.datetime(2024, 1, 2, 3, 4, 5)}
      if case == "circular":
          loop = []
          loop.append(loop)
          return loop
      if case == "floats":
          return {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "x": 0.1}
      if case == "none":
          return None
      if case == "string":
          return "h\u00e9llo"
      if case == "keys":
          return {2: "int", True: "bool", None: "none", 1.5: "float"}
      raise ValueError(case)
`;

let svc: PyService;

beforeAll(async () => {
  svc = await startPython({
    'py-marshal-311': { files: { 'app.py': MARSHAL } },
    'py-marshal-312': { files: { 'app.py': MARSHAL }, runtime: 'python3.12' },
  });
});

afterAll(async () => {
  await svc?.stop();
});

const F = 'py-marshal-311';

describe('Python results as the response body', () => {
  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestContentType.test_application_json)
  it('hands the handler the JSON event parsed, and returns it re-encoded with Python\'s separators', async () => {
    const r = await svc.invoke(F, undefined, { payload: '{"case":"echo","n":12345678901234567890,"f":1.50,"list":[1,"two",null,true]}' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe('{"case": "echo", "n": 12345678901234567890, "f": 1.5, "list": [1, "two", null, true]}');
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_runtime_marshaller.py (test_to_json_decimal_encoding)
  it('writes a Decimal with its exact digits, never through a float', async () => {
    const r = await svc.invoke(F, { case: 'decimals' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe(
      '{"pi": 3.14159, "price": 1.50, "big": 12345678901234567890.123456789, "exp": 1E+2, "tiny": -0.000001, "list": [2.0, -7]}',
    );
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_runtime_marshaller.py (test_to_json_decimal_encoding_nan, _negative_nan)
  it('writes a NaN Decimal, signed or not, as NaN', async () => {
    const r = await svc.invoke(F, { case: 'decimal-nan' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe('{"pi": NaN, "neg": NaN}');
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_runtime_marshaller.py (test_to_json_unicode_is_escaped_encoding)
  it('escapes non-ASCII characters up to python3.11', async () => {
    const r = await svc.invoke('py-marshal-311', { case: 'pound' });
    expect(r.raw).toBe('{"price": "\\u00a31.00"}');
    expect(r.body.length).toBe(23);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_lambda_runtime_marshaller.py (test_to_json_unicode_not_escaped_encoding)
  it('writes non-ASCII characters as they are from python3.12 on', async () => {
    const r = await svc.invoke('py-marshal-312', { case: 'pound' });
    expect(r.raw).toBe('{"price": "£1.00"}');
    expect(r.body.length).toBe(19);
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (TestContentType.test_json_request_binary_response)
  it('returns a bytes result as it is, not JSON-encoded', async () => {
    const r = await svc.invoke(F, { case: 'bytes' });
    expect(r.functionError).toBeUndefined();
    expect([...r.body]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00]);
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (simplejson's encoder: bytes inside a result are UTF-8 text)
  it('writes bytes inside a result as the UTF-8 text they hold', async () => {
    const r = await svc.invoke(F, { case: 'nested-bytes' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe('{"data": "caf\\u00e9", "list": ["ok"]}');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (simplejson's encoder: bytes keys are UTF-8 text)
  it('writes a bytes key as the UTF-8 text it holds', async () => {
    const r = await svc.invoke(F, { case: 'bytes-key' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe('{"key": 1}');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (marshal_response: the encoder's error as Runtime.MarshalError)
  it('reports bytes that are not UTF-8 inside a result as Runtime.MarshalError with the decoder\'s message', async () => {
    const r = await svc.invoke(F, { case: 'bad-bytes' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.MarshalError',
      errorMessage: "Unable to marshal response: 'utf-8' codec can't decode byte 0x89 in position 0: invalid start byte",
    });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (simplejson's encoder: namedtuple_as_object)
  it('writes a namedtuple as an object and a plain tuple as an array', async () => {
    const inner = await svc.invoke(F, { case: 'namedtuple' });
    expect(inner.raw).toBe('{"p": {"x": 1, "y": 2}, "plain": [1, 2]}');
    const top = await svc.invoke(F, { case: 'namedtuple-top' });
    expect(top.raw).toBe('{"x": 3, "y": 4}');
    // A container met twice is no cycle: written twice, the namedtuple behind it still found.
    const shared = await svc.invoke(F, { case: 'namedtuple-shared' });
    expect(shared.raw).toBe('[{"a": [1]}, {"a": [1]}, [{"a": [1]}, {"x": 5, "y": 6}]]');
  });

  // aws-lambda-python-runtime-interface-client: tests/test_bootstrap.py (test_handle_event_request_invalid_response)
  it('reports a result it cannot encode as Runtime.MarshalError, in the runtime\'s error document', async () => {
    const r = await svc.invoke(F, { case: 'class' });
    expect(r.functionError).toBe('Unhandled');
    expect(r.raw).toBe(
      '{"errorMessage": "Unable to marshal response: Object of type type is not JSON serializable", ' +
        `"errorType": "Runtime.MarshalError", "requestId": "${r.requestId}", "stackTrace": []}`,
    );
    const set = await svc.invoke(F, { case: 'set' });
    expect(set.payload).toMatchObject({ errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/bootstrap.py (handle_event_request: FaultException → log_error, then the next event)
  it('logs a datetime result\'s Runtime.MarshalError as [ERROR] and keeps the environment', async () => {
    const r = await svc.invoke(F, { case: 'datetime' });
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.MarshalError',
      errorMessage: 'Unable to marshal response: Object of type datetime is not JSON serializable',
      stackTrace: [],
    });
    expect(r.lines).toContain(
      '[ERROR] Runtime.MarshalError: Unable to marshal response: Object of type datetime is not JSON serializable\rTraceback (most recent call last):',
    );
    const next = await svc.invoke(F, { case: 'none' });
    expect(next.functionError).toBeUndefined();
    expect(next.log).not.toContain('Init Duration');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (marshal_response: the encoder's ValueError)
  it('reports a result that contains itself as Runtime.MarshalError: Circular reference detected', async () => {
    const r = await svc.invoke(F, { case: 'circular' });
    expect(r.payload).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: Circular reference detected' });
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (Encoder: allow_nan=True)
  it('writes float NaN and infinities as NaN, Infinity and -Infinity', async () => {
    const r = await svc.invoke(F, { case: 'floats' });
    expect(r.functionError).toBeUndefined();
    expect(r.raw).toBe('{"nan": NaN, "inf": Infinity, "ninf": -Infinity, "x": 0.1}');
  });

  // aws-lambda-python-runtime-interface-client: awslambdaric/lambda_runtime_marshaller.py (marshal_response: every other result JSON-encoded)
  it('writes None as null, a string as a JSON string, and non-string keys as JSON does', async () => {
    expect((await svc.invoke(F, { case: 'none' })).raw).toBe('null');
    expect((await svc.invoke(F, { case: 'string' })).raw).toBe('"h\\u00e9llo"');
    expect((await svc.invoke(F, { case: 'keys' })).raw).toBe('{"2": "int", "true": "bool", "null": "none", "1.5": "float"}');
  });
});
