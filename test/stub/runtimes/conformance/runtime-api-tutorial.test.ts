// Bootstraps written as AWS's documentation writes them, in bash with curl
// and in Python with urllib, against the Runtime API: the custom runtime
// tutorial (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html)
// and the Runtime API page's error examples
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Each case
// also names the emulator file (aws/aws-lambda-runtime-interface-emulator,
// internal/lambda/…) whose behaviour it checks.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidTransitionBody, ProbeService } from './runtime-api-probe';

const LIMIT = 6 * 1024 * 1024 + 100;

/** The tutorial's bootstrap, with the Runtime API page's error call when the handler fails. */
const TUTORIAL_SH = `#!/bin/bash
set -euo pipefail

# Initialization - load function handler
source $LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"

# Processing
while true
do
  HEADERS="$(mktemp)"
  # Get an event. The HTTP request will block until one is received
  EVENT_DATA=$(curl -sS -LD "$HEADERS" "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")

  # Extract request ID by scraping response headers received above
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)

  if RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA"); then
    # Send the response (twice when asked: the second one's status and body go to $STATUS_OUT)
    curl -sS -o /dev/null "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "$RESPONSE"
    if echo "$EVENT_DATA" | grep -q '"twice"'; then
      curl -sS -o "$STATUS_OUT.body" -w '%{http_code}' "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "$RESPONSE" > "$STATUS_OUT.part"
      mv "$STATUS_OUT.part" "$STATUS_OUT"
    fi
  else
    ERROR="{\\"errorMessage\\" : \\"Error parsing event data.\\", \\"errorType\\" : \\"InvalidEventDataException\\"}"
    curl -sS -o /dev/null "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/error" -d "$ERROR" --header "Lambda-Runtime-Function-Error-Type: Unhandled"
  fi
done
`;

const FUNCTION_SH = `function handler () {
  EVENT_DATA=$1
  if echo "$EVENT_DATA" | grep -q '"fail"'; then return 1; fi
  echo "$EVENT_DATA" 1>&2;
  RESPONSE="Echoing request: '$EVENT_DATA'"

  echo $RESPONSE
}
`;

/** The Runtime API page's init error call, from an init that cannot go on. */
const INIT_ERROR_SH = `#!/bin/bash
ERROR="{\\"errorMessage\\" : \\"Failed to load function.\\", \\"errorType\\" : \\"InvalidFunctionException\\"}"
curl -sS -o /dev/null "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" -d "$ERROR" --header "Lambda-Runtime-Function-Error-Type: Unhandled"
sleep 30
`;

/** A Python bootstrap with urllib, as a custom runtime in Python would be written; what its responses got goes to $STATUS_OUT. */
const PYTHON_BOOTSTRAP = `
import json, os, urllib.error, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"

def post(url, data):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST")) as r:
            return [r.status, r.read().decode()]
    except urllib.error.HTTPError as e:
        return [e.code, e.read().decode()]

while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    got = [post(api + request_id + "/response", b"a" * event["bytes"])]
    if event.get("again"):
        got.append(post(api + request_id + "/response", b'"again"'))
    out = os.environ["STATUS_OUT"] + "." + str(event["n"])
    with open(out + ".part", "w") as f:
        json.dump(got, f)
    os.rename(out + ".part", out)
`;

function realPython(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sys;print(sys.executable)'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const python = realPython();
const statusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-rapi-status-'));
const svc = new ProbeService();

beforeAll(() =>
  svc.start([
    { name: 'tutorial-sh', bootstrap: TUTORIAL_SH, files: { 'function.sh': FUNCTION_SH }, environment: { STATUS_OUT: path.join(statusDir, 'sh') } },
    { name: 'tutorial-init-error', bootstrap: INIT_ERROR_SH },
    ...(python !== undefined
      ? [{ name: 'tutorial-py', bootstrap: `#!${python}\n${PYTHON_BOOTSTRAP}`, environment: { STATUS_OUT: path.join(statusDir, 'py') }, memorySize: 1024, timeout: 30 }]
      : []),
  ]),
);
afterAll(async () => {
  await svc.stop();
  fs.rmSync(statusDir, { recursive: true, force: true });
});

async function waitFor(file: string): Promise<string> {
  for (let i = 0; i < 500 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
  return fs.readFileSync(file, 'utf8');
}

describe('Runtime API from the documentation\'s bootstraps', () => {
  // The tutorial's bootstrap and handler; rapi/router_test.go, TestInvokeResponseAccepted.
  it('runs the tutorial\'s bash bootstrap: the caller gets the handler\'s echo', async () => {
    const invoked = await svc.invoke('tutorial-sh', { key1: 'value1' });
    expect(invoked.functionError).toBeUndefined();
    expect(invoked.text).toBe('Echoing request: \'{"key1":"value1"}\'');
    expect(invoked.log).toContain('{"key1":"value1"}');
  });

  // runtimes-api.html, invocation error example; rapi/handler/invocationerror.go and fatalerror/fatalerror.go ("Unhandled" is Runtime.Unknown).
  it('passes the documentation\'s invocation error to the caller, named Runtime.Unknown in REPORT', async () => {
    const invoked = await svc.invoke('tutorial-sh', { fail: true });
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual({ errorMessage: 'Error parsing event data.', errorType: 'InvalidEventDataException' });
    expect(invoked.log).toMatch(/\tStatus: error\tError Type: Runtime\.Unknown\n?$/m);
    // The environment lives on.
    expect((await svc.invoke('tutorial-sh', { ok: 1 })).report?.metrics.initDurationMs).toBeUndefined();
  });

  // rapi/router_test.go, TestInvokeResponseTwice, with curl as the client.
  it('answers curl\'s second response 403 InvalidStateTransition', async () => {
    const invoked = await svc.invoke('tutorial-sh', { twice: true });
    expect(invoked.text).toBe('Echoing request: \'{"twice":true}\'');
    expect(await waitFor(path.join(statusDir, 'sh'))).toBe('403');
    expect(fs.readFileSync(path.join(statusDir, 'sh.body'), 'utf8')).toBe(invalidTransitionBody('RuntimeResponseSentState', 'InvocationResponse'));
  });

  // runtimes-api.html, initialization error example; rapi/handler/initerror.go, fatalerror/fatalerror.go.
  it('fails the init with the documentation\'s init error, Runtime.Unknown in INIT_REPORT, the document to the caller', async () => {
    const invoked = await svc.invoke('tutorial-init-error', {});
    expect(invoked.functionError).toBe('Unhandled');
    expect(JSON.parse(invoked.text)).toEqual({ errorMessage: 'Failed to load function.', errorType: 'InvalidFunctionException' });
    expect(invoked.log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime\.Unknown\n/);
  }, 60_000);

  // interop/model.go MaxPayloadSize; rapi/handler/invocationresponse_test.go, TestResponseTooLarge — from Python's urllib.
  it.skipIf(python === undefined)('takes a Python bootstrap\'s response at the limit and answers one byte more 413, then a second response 403', async () => {
    const atLimit = await svc.invoke('tutorial-py', { n: 1, bytes: LIMIT });
    expect(atLimit.functionError).toBeUndefined();
    expect(atLimit.payload.length).toBe(LIMIT);
    expect(JSON.parse(await waitFor(path.join(statusDir, 'py.1')))).toEqual([[202, '{"status":"OK"}\n']]);
    const over = await svc.invoke('tutorial-py', { n: 2, bytes: LIMIT + 1, again: true });
    expect(over.functionError).toBe('Unhandled');
    expect(JSON.parse(over.text)).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
    const got = JSON.parse(await waitFor(path.join(statusDir, 'py.2'))) as [number, string][];
    expect(got.map(([status]) => status)).toEqual([413, 403]);
    expect(JSON.parse(got[0]?.[1] ?? '{}')).toEqual({ errorMessage: `Exceeded maximum allowed payload size (${LIMIT} bytes).`, errorType: 'RequestEntityTooLarge' });
  }, 60_000);
});
