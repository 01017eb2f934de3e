// The Python conformance suites' common ground: a LocalLambda over a temp
// folder of small Python functions written by the test itself, invoked through
// the real @aws-sdk/client-lambda with LogType Tail. Each case states a
// behaviour of AWS's Python runtime interface client
// (aws/aws-lambda-python-runtime-interface-client: awslambdaric/, tests/)
// and checks that coldbench's runtime client shows it to a real function.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  InvokeCommand, UpdateFunctionConfigurationCommand, type LambdaClient, type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { LocalLambda } from '../../../../src/stub/service';
import { clientFor } from '../../service-helpers';

/** One function folder: its files and the function.json fields it sets. */
export interface PyFunction {
  /** Relative path → content; `app.py` holds the handler unless `handler` says otherwise. */
  readonly files: Readonly<Record<string, string>>;
  readonly handler?: string;
  /** Default python3.11: the machine's interpreter, so that no version warning is involved. */
  readonly runtime?: string;
  readonly timeout?: number;
  readonly memory?: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** function.json's LoggingConfig, e.g. `{ format: 'JSON', applicationLogLevel: 'DEBUG' }`. */
  readonly logging?: Readonly<Record<string, string>>;
  /** function.json's snapStart, e.g. 'PublishedVersions'. */
  readonly snapStart?: string;
}

export interface PyInvoked {
  readonly status: number | undefined;
  readonly functionError: string | undefined;
  /** The response body as the caller gets it, byte for byte. */
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly raw: string;
  /** The body parsed as JSON; undefined when it is not JSON (NaN, raw bytes). */
  readonly payload: unknown;
  /** The invocation's log tail, decoded. */
  readonly log: string;
  /** The log lines the function (and its runtime client) wrote: platform lines left out. */
  readonly lines: readonly string[];
  readonly requestId: string | undefined;
}

export interface PyService {
  readonly client: LambdaClient;
  readonly service: LocalLambda;
  readonly dir: string;
  /** `options.payload`: the request body as written, instead of JSON.stringify(event). */
  invoke(name: string, event?: unknown, options?: { clientContext?: string; payload?: string; qualifier?: string }): Promise<PyInvoked>;
  /** Every line the function's processes wrote, from the log store (whole, where a 4 KB tail may cut a long line). */
  storedLines(name: string): string[];
  update(name: string, input: Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Python source from a template literal: backslashes kept as written (it is
 * String.raw) and the common indentation removed, so that cases can indent
 * their Python with the surrounding code.
 */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings.raw }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n').replace(/\s*$/, '\n');
}

// START/END/REPORT/INIT_* in Text; {"time","type":"platform.*","record"} in JSON.
const PLATFORM_LINE = /^(START RequestId: |END RequestId: |REPORT RequestId: |INIT_START |INIT_REPORT |RESTORE_|\{"time":"[^"]*","type":"platform\.)/;

/** The lines of a log tail that the function's process wrote. */
export function functionLines(log: string): string[] {
  return log.split('\n').filter((l) => l !== '' && !PLATFORM_LINE.test(l));
}

/** A line that is one JSON object, parsed; throws naming the line when it is not. */
export function jsonLine(line: string | undefined): Record<string, unknown> {
  if (line === undefined) throw new Error('no such line');
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`not a JSON line: ${line}`);
  }
}

/** Lambda's text logging timestamp: `2024-01-02T03:04:05.678Z`. */
export const TEXT_TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
/** The JSON formatter's timestamp: `2024-01-02T03:04:05Z`, to the second (lambda_runtime_log_utils._DATETIME_FORMAT). */
export const JSON_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
export const NBSP = '\u00a0';

export async function startPython(functions: Readonly<Record<string, PyFunction>>): Promise<PyService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-pyconf-'));
  for (const [name, fn] of Object.entries(functions)) {
    const folder = path.join(dir, name);
    for (const [file, content] of Object.entries(fn.files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), content);
    }
    const def: Record<string, unknown> = {
      handler: fn.handler ?? 'app.handler',
      runtime: fn.runtime ?? 'python3.11',
      timeout: fn.timeout ?? 5,
      memory: fn.memory ?? 256,
    };
    if (fn.environment !== undefined) def.environment = fn.environment;
    if (fn.logging !== undefined) def.logging = fn.logging;
    if (fn.snapStart !== undefined) def.snapStart = fn.snapStart;
    fs.writeFileSync(path.join(folder, 'function.json'), JSON.stringify(def));
  }
  // cgroups off: these cases are about the runtime client, not limits.
  const service = new LocalLambda({ functionsDir: dir, cgroups: false, onWarning: () => undefined });
  const client = clientFor(await service.start());
  return {
    client,
    service,
    dir,
    async invoke(name, event = {}, options = {}) {
      const out = await client.send(new InvokeCommand({
        FunctionName: name,
        ...(options.qualifier !== undefined ? { Qualifier: options.qualifier } : {}),
        Payload: Buffer.from(options.payload ?? JSON.stringify(event)),
        LogType: 'Tail',
        ...(options.clientContext !== undefined ? { ClientContext: Buffer.from(options.clientContext).toString('base64') } : {}),
      }));
      const body = Buffer.from(out.Payload ?? new Uint8Array());
      const raw = body.toString('utf8');
      let payload: unknown;
      try {
        payload = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        payload = undefined;
      }
      const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
      return {
        status: out.StatusCode, functionError: out.FunctionError, body, raw, payload, log,
        lines: functionLines(log), requestId: out.$metadata.requestId,
      };
    },
    storedLines(name) {
      const group = `/aws/lambda/${name}`;
      return service.logs.streams(group).flatMap((s) => service.logs.events(group, s.logStreamName))
        .flatMap((e) => functionLines(e.message));
    },
    async update(name, input) {
      await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...input }));
    },
    async stop() {
      client.destroy();
      await service.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
