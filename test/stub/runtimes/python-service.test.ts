// Python functions on the local Lambda service, driven through the real
// @aws-sdk/client-lambda: real interpreter processes, real Runtime API, real
// logs. Fixtures: test/fixtures/functions/py-* (copied to a temp folder so
// that only they are loaded).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GetFunctionConfigurationCommand, InvalidParameterValueException, InvokeCommand, LambdaClient,
  UpdateFunctionConfigurationCommand, type InvokeCommandInput, type Runtime,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReport, type ReportRecord } from '../../../src/lambda/log';
import { LocalLambda } from '../../../src/stub/service';
import { python } from '../../../src/stub/runtimes/python';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'functions');

interface Invoked {
  readonly payload: Record<string, unknown>;
  readonly functionError: string | undefined;
  readonly log: string;
  readonly report: ReportRecord | undefined;
  readonly requestId: string | undefined;
}

let tmp: string;
let functionsDir: string;
let service: LocalLambda;
let client: LambdaClient;
const warnings: string[] = [];

async function invoke(input: Omit<InvokeCommandInput, 'LogType'>): Promise<Invoked> {
  const out = await client.send(new InvokeCommand({ ...input, LogType: 'Tail' }));
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  return {
    payload: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    functionError: out.FunctionError,
    log,
    report: findReport(log, out.$metadata.requestId),
    requestId: out.$metadata.requestId,
  };
}

const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-py-'));
  functionsDir = path.join(tmp, 'functions');
  for (const name of fs.readdirSync(FIXTURES).filter((n) => n.startsWith('py-'))) {
    fs.cpSync(path.join(FIXTURES, name), path.join(functionsDir, name), { recursive: true });
  }
  // cgroups off: these tests are about the Python runtime, not limits, and
  // run next to other suites on a small machine.
  service = new LocalLambda({ functionsDir, cgroups: false, onWarning: (m) => warnings.push(m) });
  const url = await service.start();
  client = new LambdaClient({
    endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Python functions on the local service', () => {
  it('runs cold then warm in the same environment, Init Duration on the first invocation only', async () => {
    const first = await invoke({ FunctionName: 'py-context', Payload: json({ n: 1 }) });
    const second = await invoke({ FunctionName: 'py-context', Payload: json({ n: 2 }) });
    expect(first.functionError).toBeUndefined();
    expect(first.payload.event).toEqual({ n: 1 });
    expect(second.payload.event).toEqual({ n: 2 });
    expect(second.payload.pid).toBe(first.payload.pid);
    // Module state survives between invocations of one environment.
    expect(second.payload.initPid).toBe(first.payload.pid);
    expect(first.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(second.report).toBeDefined();
    expect(second.report?.metrics.initDurationMs).toBeUndefined();
  });

  it('shows a slow import as a longer Init Duration', async () => {
    const fast = await invoke({ FunctionName: 'py-package', Payload: json({ x: 1 }) });
    const slow = await invoke({ FunctionName: 'py-slow-import', Payload: json({}) });
    expect(slow.payload).toEqual({ ok: true });
    // The module sleeps 400 ms at import: a floor, not a timing guess.
    expect(slow.report?.metrics.initDurationMs).toBeGreaterThanOrEqual(400);
    expect(slow.report?.metrics.initDurationMs).toBeGreaterThan(fast.report?.metrics.initDurationMs ?? Infinity);
  });

  it('gives the handler every context field Lambda gives', async () => {
    const clientContext = { custom: { tenant: 'acme' }, env: { platform: 'test' }, client: { app_title: 'bench' } };
    const r = await invoke({
      FunctionName: 'py-context',
      Payload: json({ n: 3 }),
      ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
    });
    const p = r.payload;
    const codeDir = path.join(functionsDir, 'py-context');
    expect(p.aws_request_id).toBe(r.requestId);
    expect(p.function_name).toBe('py-context');
    expect(p.function_version).toBe('$LATEST');
    expect(p.invoked_function_arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:py-context');
    // A string on Lambda too: it is read from the environment.
    expect(p.memory_limit_in_mb).toBe('256');
    expect(p.log_group_name).toBe('/aws/lambda/py-context');
    const streams = service.logs.streams('/aws/lambda/py-context').map((s) => s.logStreamName);
    expect(streams).toContain(p.log_stream_name);
    expect(p.remaining_ms).toBeGreaterThan(0);
    expect(p.remaining_ms).toBeLessThanOrEqual(5000);
    expect(p.identity).toEqual({ cognito_identity_id: null, cognito_identity_pool_id: null });
    expect(p.client_context).toEqual({ custom: { tenant: 'acme' }, env: { platform: 'test' }, client_app_title: 'bench' });
    const env = p.env as Record<string, string | null>;
    expect(env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_python3.12');
    expect(env.LAMBDA_TASK_ROOT).toBe(codeDir);
    expect(env._HANDLER).toBe('app.handler');
    expect(env.PYTHONPATH?.split(path.delimiter)[0]).toBe(codeDir);
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{24}$/);
    // The function's folder comes first on sys.path and is the working directory, as /var/task is.
    expect(p.sys_path_0).toBe(codeDir);
    expect(p.cwd).toBe(codeDir);
  });

  it('loads a handler from dotted packages, relative imports included', async () => {
    const r = await invoke({ FunctionName: 'py-package', Payload: json({ x: 21 }) });
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toEqual({ from: 'pkg.sub.handlers', double: 42 });
  });

  it('puts print and logging output into the invocation\'s log tail, in Lambda\'s format and order', async () => {
    const r = await invoke({ FunctionName: 'py-context', Payload: json({ n: 7 }) });
    const lines = r.log.split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    const start = at(/^START RequestId: /);
    const printed = at(/^print-marker \{"n": 7\}$/);
    const info = at(new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${r.requestId}\\tlogging-marker 7$`));
    const warning = at(new RegExp(`^\\[WARNING\\]\\t\\S+Z\\t${r.requestId}\\twarning-marker$`));
    const end = at(/^END RequestId: /);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(printed).toBeGreaterThan(start);
    expect(info).toBeGreaterThan(printed);
    expect(warning).toBeGreaterThan(info);
    expect(end).toBeGreaterThan(warning);
    expect(r.report).toBeDefined();
  });

  it('reports an uncaught exception with its class name and stack trace', async () => {
    const r = await invoke({ FunctionName: 'py-raise', Payload: json({ order: 42 }) });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload.errorType).toBe('OrderNotFound');
    expect(r.payload.errorMessage).toBe('no order 42');
    expect(r.payload.requestId).toBe(r.requestId);
    const trace = r.payload.stackTrace as string[];
    expect(trace.length).toBe(2);
    expect(trace[0]).toMatch(/app\.py", line \d+, in handler\n/);
    expect(trace[1]).toMatch(/app\.py", line \d+, in find\n\s+raise OrderNotFound/);
    // None of the runtime client's own frames.
    expect(trace.join('')).not.toContain('runtime_client.py');
    expect(r.log).toContain('[ERROR] OrderNotFound: no order 42\rTraceback (most recent call last):\r');
  });

  it('fails init with Runtime.ImportModuleError when the module cannot be imported', async () => {
    const r = await invoke({ FunctionName: 'py-import-error', Payload: json({}) });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'app': No module named 'not_a_real_dependency'",
      stackTrace: [],
    });
    expect(r.log).toContain('[ERROR] Runtime.ImportModuleError: Unable to import module');
  });

  it('fails init with Runtime.HandlerNotFound when the function is missing', async () => {
    const r = await invoke({ FunctionName: 'py-no-handler', Payload: json({}) });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'missing_handler' missing on module 'app'",
    });
  });

  it('reports a syntax error and an exception raised at import as init errors, as Lambda does', async () => {
    const syntax = await invoke({ FunctionName: 'py-syntax', Payload: json({}) });
    expect(syntax.functionError).toBe('Unhandled');
    expect(syntax.payload.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(String(syntax.payload.errorMessage)).toMatch(/^Syntax error in module 'app': /);
    expect((syntax.payload.stackTrace as string[])[0]).toMatch(/app\.py" Line 1\n/);
    const raised = await invoke({ FunctionName: 'py-init-raise', Payload: json({}) });
    expect(raised.functionError).toBe('Unhandled');
    expect(raised.payload).toMatchObject({ errorType: 'KeyError', errorMessage: "'TABLE_NAME'", requestId: '' });
    expect((raised.payload.stackTrace as string[]).join('')).toMatch(/app\.py", line 5, in <module>/);
  });

  it('reports a result that is not JSON-serialisable as Runtime.MarshalError', async () => {
    const r = await invoke({ FunctionName: 'py-marshal', Payload: json({}) });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload).toMatchObject({
      errorType: 'Runtime.MarshalError',
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
      requestId: r.requestId,
      stackTrace: [],
    });
  });

  it('times out as Lambda does, and the next invocation is cold', async () => {
    const r = await invoke({ FunctionName: 'py-timeout', Payload: json({}) });
    expect(r.functionError).toBe('Unhandled');
    expect(String(r.payload.errorMessage)).toMatch(/Task timed out after 1\.00 seconds/);
    expect(r.log).toContain('about to sleep');
    const next = await invoke({ FunctionName: 'py-timeout', Payload: json({}) });
    expect(next.report?.metrics.initDurationMs).toBeGreaterThan(0);
  });

  it('reports a crash as Runtime.ExitError, and the next invocation is cold', async () => {
    const crashed = await invoke({ FunctionName: 'py-crash', Payload: json({ exit: true }) });
    expect(crashed.functionError).toBe('Unhandled');
    expect(crashed.payload.errorType).toBe('Runtime.ExitError');
    expect(String(crashed.payload.errorMessage)).toContain('exit status 3');
    expect(crashed.log).toContain('going down');
    const next = await invoke({ FunctionName: 'py-crash', Payload: json({}) });
    expect(next.payload as unknown).toBe('alive');
    expect(next.report?.metrics.initDurationMs).toBeGreaterThan(0);
  });

  it('stops a function that goes past its memory size: Runtime.OutOfMemory, then cold', async () => {
    const oom = await invoke({ FunctionName: 'py-memory', Payload: json({ mb: 400 }) });
    expect(oom.functionError).toBe('Unhandled');
    expect(oom.payload.errorType).toBe('Runtime.OutOfMemory');
    const small = await invoke({ FunctionName: 'py-memory', Payload: json({ mb: 1 }) });
    expect(small.functionError).toBeUndefined();
    expect(small.report?.metrics.initDurationMs).toBeGreaterThan(0);
  });

  it('encodes results as the declared runtime does (Decimal, non-ASCII from python3.12 on) and honours AWS_LAMBDA_LOG_LEVEL', async () => {
    const raw = async (): Promise<{ body: string; log: string }> => {
      const out = await client.send(new InvokeCommand({ FunctionName: 'py-values', Payload: json({}), LogType: 'Tail' }));
      return { body: Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'), log: Buffer.from(out.LogResult ?? '', 'base64').toString('utf8') };
    };
    const old = await raw();
    expect(old.body).toBe('{"price": 1.5, "count": 3, "name": "caf\\u00e9"}');
    expect(old.log).not.toContain('debug-marker');
    await client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'py-values', Runtime: 'python3.12', Environment: { Variables: { AWS_LAMBDA_LOG_LEVEL: 'DEBUG' } },
    }));
    const newer = await raw();
    expect(newer.body).toBe('{"price": 1.5, "count": 3, "name": "café"}');
    expect(newer.log).toMatch(/^\[DEBUG\]\t\S+\t[0-9a-f-]{36}\tdebug-marker$/m);
  });

  it('refuses a response over 6 MB as Function.ResponseSizeTooLarge, and keeps serving the function', async () => {
    const big = await invoke({ FunctionName: 'py-big', Payload: json({ mb: 6.5 }) });
    expect(big.functionError).toBe('Unhandled');
    expect(big.payload.errorType).toBe('Function.ResponseSizeTooLarge');
    const ok = await invoke({ FunctionName: 'py-big', Payload: json({ mb: 1 }) });
    expect(ok.functionError).toBeUndefined();
    // The same environment: the runtime carried on after the refusal.
    expect(ok.report?.metrics.initDurationMs).toBeUndefined();
    expect((ok.payload as unknown as string).length).toBe(1024 * 1024);
  });

  it('refuses runtimes no family runs (python2.7, ruby3.3) as InvalidParameterValueException', async () => {
    for (const runtime of ['python2.7', 'ruby3.3'] as Runtime[]) {
      const err = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'py-package', Runtime: runtime }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParameterValueException);
      expect((err as Error).message).toContain(runtime);
      expect((err as Error).message).toContain('python3.12');
    }
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-package' }));
    expect(config.Runtime).toBe('python3.12');
  });

  it('says when the interpreter differs from the declared runtime, and keeps working', async () => {
    const notes = python.notes('python3.12');
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'py-context' }));
    for (const note of notes) {
      expect(warnings).toContain(note);
      expect(config.StateReason ?? '').toContain(note);
    }
    if (notes.length === 0) expect(config.StateReason ?? '').not.toContain('python3.12 runs on');
  });
});

describe('a function folder with an unknown runtime', () => {
  it('stops the service from starting with a message naming the file and the runtime', async () => {
    const dir = path.join(tmp, 'bad-runtime');
    fs.mkdirSync(path.join(dir, 'old'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'old', 'app.py'), 'def handler(e, c):\n    return 1\n');
    fs.writeFileSync(path.join(dir, 'old', 'function.json'), '{ "handler": "app.handler", "runtime": "python2.7" }');
    const bad = new LocalLambda({ functionsDir: dir, cgroups: false });
    try {
      const err = await bad.start().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(path.join(dir, 'old', 'function.json'));
      expect((err as Error).message).toContain('python2.7');
    } finally {
      await bad.stop();
    }
  });
});
