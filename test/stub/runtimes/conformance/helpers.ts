// The Node.js conformance cases' harness: a LocalLambda over a temp folder
// of small functions written by the test, invoked through the AWS SDK with
// LogType Tail, each result decoded (payload, error document, the function's
// own log lines, REPORT Duration and the client's elapsed time).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { findReport, type ReportRecord } from '../../../../src/lambda/log';
import { LocalLambda } from '../../../../src/stub';
import { clientFor } from '../../service-helpers';

/** Seconds; long against the cases' pending work, so that "at once" and "waited" never meet. */
export const DEFAULT_TIMEOUT_S = 9;

/** One function: its files (relative path → content) and the function.json fields a case needs. */
export interface NodeFunction {
  readonly files: Readonly<Record<string, string>>;
  readonly handler?: string;
  readonly timeout?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logging?: { readonly format: 'JSON' | 'Text'; readonly applicationLogLevel?: string };
}

/** A line the runtime client wrote in the text format: `<timestamp>\t<requestId>\t<LEVEL>\t<message>`. */
export interface TextLine {
  readonly timestamp: string;
  readonly requestId: string;
  readonly level: string;
  readonly message: string;
}

export interface ErrorDocument {
  readonly errorType?: unknown;
  readonly errorMessage?: unknown;
  readonly trace?: unknown;
}

export interface Invocation {
  readonly requestId: string;
  readonly functionError: string | undefined;
  readonly payloadText: string;
  readonly payload: unknown;
  /** The whole log tail, platform lines included. */
  readonly log: string;
  /** The tail's lines between START and END (the function's own output and the runtime's). */
  readonly output: readonly string[];
  readonly report: ReportRecord;
  /** REPORT Duration. */
  readonly durationMs: number;
  /** Send to answer, on this side. */
  readonly elapsedMs: number;
  readonly timeoutMs: number;
}

const TEXT_LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\t([^\t]*)\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t([^]*)$/;

export function textLine(line: string): TextLine | undefined {
  const m = TEXT_LINE.exec(line);
  return m === null ? undefined : { timestamp: m[1] as string, requestId: m[2] as string, level: m[3] as string, message: m[4] as string };
}

/** The function's and runtime's text lines in a log. */
export function textLines(lines: readonly string[]): TextLine[] {
  return lines.map(textLine).filter((l): l is TextLine => l !== undefined);
}

/** The JSON application records in a log (platform records, which have a `type`, left out). */
export function jsonRecords(lines: readonly string[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const doc = JSON.parse(line) as Record<string, unknown>;
    if (!('type' in doc)) out.push(doc);
  }
  return out;
}

export class NodeConformance {
  private constructor(
    private readonly dir: string,
    private readonly service: LocalLambda,
    readonly client: LambdaClient,
    private readonly timeouts: ReadonlyMap<string, number>,
    readonly warnings: string[],
  ) {}

  static async start(functions: Readonly<Record<string, NodeFunction>>): Promise<NodeConformance> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'node-conformance-'));
    const timeouts = new Map<string, number>();
    for (const [name, fn] of Object.entries(functions)) {
      const fnDir = path.join(dir, name);
      for (const [file, text] of Object.entries(fn.files)) {
        await mkdir(path.dirname(path.join(fnDir, file)), { recursive: true });
        await writeFile(path.join(fnDir, file), text);
      }
      const config: Record<string, unknown> = { runtime: 'nodejs20.x', handler: fn.handler ?? 'index.handler', timeout: fn.timeout ?? DEFAULT_TIMEOUT_S };
      if (fn.environment !== undefined) config.environment = fn.environment;
      if (fn.logging !== undefined) config.logging = fn.logging;
      await writeFile(path.join(fnDir, 'function.json'), JSON.stringify(config));
      timeouts.set(name, (fn.timeout ?? DEFAULT_TIMEOUT_S) * 1000);
    }
    const warnings: string[] = [];
    const service = new LocalLambda({ functionsDir: dir, onWarning: (m) => warnings.push(m) });
    const client = clientFor(await service.start());
    return new NodeConformance(dir, service, client, timeouts, warnings);
  }

  async invoke(name: string, event: unknown = {}, over: { readonly clientContext?: string } = {}): Promise<Invocation> {
    const started = performance.now();
    const out = await this.client.send(new InvokeCommand({
      FunctionName: name, LogType: 'Tail', Payload: Buffer.from(JSON.stringify(event)), ClientContext: over.clientContext,
    }));
    const elapsedMs = performance.now() - started;
    const requestId = out.$metadata.requestId ?? '';
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    const payloadText = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
    const report = findReport(log, requestId);
    if (report === undefined) throw new Error(`no REPORT for ${requestId} in:\n${log}`);
    const lines = log.split('\n');
    const start = lines.findIndex((l) => l.startsWith(`START RequestId: ${requestId}`));
    const end = lines.findIndex((l) => l.startsWith(`END RequestId: ${requestId}`));
    return {
      requestId,
      functionError: out.FunctionError,
      payloadText,
      payload: payloadText === '' ? undefined : (JSON.parse(payloadText) as unknown),
      log,
      output: lines.slice(start + 1, end < 0 ? lines.length : end),
      report,
      durationMs: report.metrics.durationMs,
      elapsedMs,
      timeoutMs: this.timeouts.get(name) ?? 0,
    };
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.service.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * An invocation answered "at once": what Lambda bills (Duration) well below
 * the function's timeout, and what the caller waited (a cold start included)
 * below a third of it.
 */
export function answeredAtOnce(r: Invocation): boolean {
  return r.durationMs < r.timeoutMs / 6 && r.elapsedMs < r.timeoutMs / 3;
}

/** A Node.js module exporting `handler` as written, for the many cases that need nothing else. */
export function handlerFile(source: string): Readonly<Record<string, string>> {
  return { 'index.js': source };
}
