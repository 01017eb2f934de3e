// The Runtime API as a `provided` runtime's bootstrap sees it: a local
// service (real processes, real HTTP, the AWS SDK as the caller) serving
// `provided.al2023` functions whose bootstrap is a scripted probe.
//
// The probe is a Node.js bootstrap that builds its URLs exactly as AWS's
// custom runtime tutorial does,
// `http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next`
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html),
// and then does what each event tells it: a list of HTTP requests to its
// Runtime API (`steps`), each one's answer recorded (status, headers, body).
// `{id}` in a step's path is the invocation's request id, `{prev}` the one
// before. What the steps got is written to the file the event names (`out`),
// so the test reads it without a second invocation (which, queued at once
// behind an answered one, would become the current request id while the
// steps still run); `thenReport: true` answers the invocation with it.
// PROBE_INIT (a function environment variable) holds steps the probe makes
// before its first /next.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvokeCommand, type InvokeCommandInput, type LambdaClient } from '@aws-sdk/client-lambda';
import { findReport, type ReportRecord } from '../../../../src/lambda/log';
import { LocalLambda } from '../../../../src/stub/service';
import { clientFor } from '../../service-helpers';

/** One request the probe makes to its Runtime API. */
export interface Step {
  /** Method; GET by default. */
  readonly m?: string;
  /** Path after /2018-06-01, with {id} and {prev}. */
  readonly p: string;
  readonly h?: Readonly<Record<string, string>>;
  /** The body: a string, or `fill` bytes of 'a'. */
  readonly b?: string | { readonly fill: number };
  /** Sent with Transfer-Encoding: chunked, in pieces of this many bytes. */
  readonly chunked?: number;
}

/** What one step got back. */
export interface Seen {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body as text, or `<N bytes>` when long. */
  readonly body: string;
}

/** What the probe writes to `out`, and a `thenReport` invocation answers. */
export interface Report {
  /** What the invocation's steps got. */
  readonly seen: Seen[];
  /** What the probe's init steps got. */
  readonly init: Seen[];
  /** This invocation's /next: its status, headers and body. */
  readonly next: Seen;
}

const PROBE = String.raw`
const http = require('node:http');
const fs = require('node:fs');
const api = (p) => 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01' + p;

function call(method, url, headers, body, chunked) {
  return new Promise((resolve, reject) => {
    const h = Object.assign({}, headers);
    if (body !== undefined && !chunked) h['Content-Length'] = String(body.length);
    if (chunked) h['Transfer-Encoding'] = 'chunked';
    const req = http.request(url, { method, headers: h, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    if (body !== undefined && chunked) {
      for (let i = 0; i < body.length; i += chunked) req.write(body.subarray(i, i + chunked));
      req.end();
    } else {
      req.end(body);
    }
  });
}

function seen(r) {
  const headers = {};
  for (const k of Object.keys(r.headers)) if (k !== 'date' && k !== 'connection' && k !== 'keep-alive') headers[k] = String(r.headers[k]);
  return { status: r.status, headers, body: r.body.length > 4096 ? '<' + r.body.length + ' bytes>' : r.body.toString('utf8') };
}

async function run(steps, id, prev) {
  const out = [];
  for (const s of steps) {
    const body = s.b === undefined ? undefined : typeof s.b === 'string' ? Buffer.from(s.b) : Buffer.alloc(s.b.fill, 'a');
    const r = await call(s.m || 'GET', api(s.p.replace('{id}', id).replace('{prev}', prev)), s.h || {}, body, s.chunked);
    out.push(seen(r));
  }
  return out;
}

(async () => {
  const init = process.env.PROBE_INIT ? await run(JSON.parse(process.env.PROBE_INIT), '', '') : [];
  let prev = '';
  for (;;) {
    const next = await call('GET', api('/runtime/invocation/next'), {});
    const id = next.headers['lambda-runtime-aws-request-id'];
    const event = JSON.parse(next.body.toString('utf8') || '{}');
    const respond = (doc) => call('POST', api('/runtime/invocation/' + id + '/response'), {}, Buffer.from(JSON.stringify(doc)));
    const steps = await run(event.steps || [], id, prev);
    const report = { seen: steps, init, next: seen(next) };
    if (event.out) {
      fs.writeFileSync(event.out + '.part', JSON.stringify(report));
      fs.renameSync(event.out + '.part', event.out);
    }
    if (event.thenReport) await respond(report);
    prev = id;
  }
})().catch((e) => {
  console.error('probe failed', e);
  process.exit(1);
});
`;

/** A function the suite serves: its name and what its folder holds besides the probe. */
export interface ProbeFunction {
  readonly name: string;
  /** function.json environment variables (PROBE_INIT, …). */
  readonly environment?: Readonly<Record<string, string>>;
  /** A bootstrap of its own (shell, Python) instead of the probe. */
  readonly bootstrap?: string;
  /** Other files of its folder. */
  readonly files?: Readonly<Record<string, string>>;
  readonly timeout?: number;
  readonly memorySize?: number;
}

export interface Invoked {
  readonly payload: Buffer;
  readonly text: string;
  readonly functionError: string | undefined;
  readonly log: string;
  readonly report: ReportRecord | undefined;
  readonly requestId: string | undefined;
}

/** The suite's service: one temp folder of functions, one LocalLambda, one SDK client. */
export class ProbeService {
  private service: LocalLambda | undefined;
  private tmp = '';
  private outs = 0;
  client!: LambdaClient;

  async start(functions: readonly ProbeFunction[]): Promise<void> {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-rapi-'));
    for (const f of functions) {
      const dir = path.join(this.tmp, f.name);
      fs.mkdirSync(dir, { recursive: true });
      // The probe runs on the node that runs the tests, named in its shebang.
      fs.writeFileSync(path.join(dir, 'bootstrap'), f.bootstrap ?? `#!${process.execPath}\n${PROBE}`, { mode: 0o755 });
      for (const [file, text] of Object.entries(f.files ?? {})) fs.writeFileSync(path.join(dir, file), text, { mode: 0o755 });
      fs.writeFileSync(
        path.join(dir, 'function.json'),
        JSON.stringify({
          runtime: 'provided.al2023',
          handler: 'function.handler',
          timeout: f.timeout ?? 10,
          memory: f.memorySize ?? 256,
          ...(f.environment !== undefined ? { environment: f.environment } : {}),
        }),
      );
    }
    // cgroups off: this suite is about the Runtime API, and runs beside others on a small machine.
    this.service = new LocalLambda({ functionsDir: this.tmp, cgroups: false, onWarning: () => undefined });
    this.client = clientFor(await this.service.start());
  }

  async stop(): Promise<void> {
    this.client?.destroy();
    await this.service?.stop();
    if (this.tmp !== '') fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  async invoke(name: string, event: unknown, over: Omit<InvokeCommandInput, 'FunctionName' | 'Payload' | 'LogType'> = {}): Promise<Invoked> {
    const out = await this.client.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail', ...over }),
    );
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    const payload = Buffer.from(out.Payload ?? new Uint8Array());
    return {
      payload,
      text: payload.length > 4096 ? `<${payload.length} bytes>` : payload.toString('utf8'),
      functionError: out.FunctionError,
      log,
      report: findReport(log, out.$metadata.requestId),
      requestId: out.$metadata.requestId,
    };
  }

  /** Runs `steps` in one invocation; resolves once the probe has written what they got. */
  async steps(name: string, steps: readonly Step[]): Promise<{ invoked: Invoked; seen: Seen[]; report: Report }> {
    const out = path.join(this.tmp, `out-${++this.outs}.json`);
    const invoked = await this.invoke(name, { steps, out });
    for (let i = 0; i < 500 && !fs.existsSync(out); i++) await new Promise((r) => setTimeout(r, 20));
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    return { invoked, seen: report.seen, report };
  }

  /** Runs `steps` in one invocation that then answers with what they got. */
  async stepsThenReport(name: string, steps: readonly Step[]): Promise<{ invoked: Invoked; report: Report }> {
    const invoked = await this.invoke(name, { steps, thenReport: true });
    return { invoked, report: JSON.parse(invoked.text) as Report };
  }
}

/** The 403 body the emulator renders for a refused state transition (rendering/render_error.go, RenderForbiddenWithTypeMsg). */
export function invalidTransitionBody(from: string, to: string): string {
  return `{"errorMessage":"State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed","errorType":"InvalidStateTransition"}\n`;
}

export const ACCEPTED_BODY = '{"status":"OK"}\n';
export const INVALID_REQUEST_ID_BODY = '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}\n';
