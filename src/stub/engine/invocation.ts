// One invocation as an environment runs it: its request, its timings, the
// lines it keeps, and how it ends.

import { performance } from 'node:perf_hooks';
import type { PlatformError } from './log-format';
import { LineTail } from './output-capture';
import { MAX_RESPONSE_BYTES } from './runtime-api';
import type { InvokeOutcome, InvokeRequest } from './types';

/** Resolved instead of an outcome when the invocation was never handed over and may run elsewhere. */
export const RETRY = Symbol('retry');
export type EnvironmentOutcome = InvokeOutcome | typeof RETRY;

export class Invocation {
  /** Made at the first line: most invocations of a quiet function print none. */
  lines: LineTail | undefined;
  /** When the event was handed over: the start of Duration; 0 until then. */
  deliveredAt = 0;
  /** When the result came in: the end of Duration, as on Lambda; 0 until then. */
  answeredAt = 0;
  /** Bounds a queued invocation whose runtime never asks for it. */
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly req: InvokeRequest,
    readonly resolve: (outcome: EnvironmentOutcome) => void,
    /** Came while its environment was starting: its log shows the init phase and its REPORT the Init Duration. */
    readonly cold: boolean,
  ) {}

  /** Event handed over → result posted; to now when it ends without a result; 0 if never handed over. */
  durationMs(): number {
    return this.deliveredAt === 0 ? 0 : (this.answeredAt !== 0 ? this.answeredAt : performance.now()) - this.deliveredAt;
  }

  /** Keeps one line of the runtime's output in this invocation's log tail. */
  keep(line: string): void {
    (this.lines ??= new LineTail()).push(line);
  }
}

/** How an invocation ends. */
export interface Ending {
  readonly payload: Buffer;
  readonly functionError?: 'Unhandled';
  /** Platform lines printed before END (timeout notice, exit reason). */
  readonly extraLines?: readonly string[];
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

function platformPayload(e: PlatformError): Buffer {
  return Buffer.from(JSON.stringify(e));
}

/** How an invocation ends when its runtime posted a result. */
export function resultEnding(kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): Ending {
  if (tooLarge) {
    const e = {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    };
    return { payload: platformPayload(e), functionError: 'Unhandled', status: 'error', errorType: e.errorType };
  }
  if (kind === 'response') return { payload: body };
  return functionErrorEnding(body, errorType ?? 'Runtime.Unknown');
}

/** An error the runtime reported (a handler error, or an init error): its own document, or Lambda's when it sent none. */
export function functionErrorEnding(body: Buffer, errorType: string): Ending {
  return {
    payload: body.length > 0 ? body : platformPayload({ errorType, errorMessage: '' }),
    functionError: 'Unhandled',
    status: 'error',
    errorType,
  };
}

/** An end the platform makes (timeout, crash, stop, failed start). */
export function failureEnding(e: PlatformError, extraLines?: readonly string[], status: 'timeout' | 'error' = 'error'): Ending {
  return { payload: platformPayload(e), functionError: 'Unhandled', extraLines, status, errorType: status === 'error' ? e.errorType : undefined };
}

function traceId(requestId: string, nowMs: number): string {
  // A request id is a UUID (8-4-4-4-12): its 32 hex digits without a regex on every invocation.
  const hex =
    requestId.length === 36
      ? requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18) + requestId.slice(19, 23) + requestId.slice(24)
      : requestId.replace(/-/g, '').padEnd(32, '0');
  return 'Root=1-' + Math.floor(nowMs / 1000).toString(16) + '-' + hex.slice(0, 24) + ';Parent=' + hex.slice(16, 32) + ';Sampled=0';
}

/** The header lines of the /next answer that hands `req` over at `nowMs` (each ends in \r\n). */
export function eventHeaders(req: InvokeRequest, nowMs: number, timeoutMs: number): string {
  let headers =
    'Content-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: ' +
    req.requestId +
    '\r\nLambda-Runtime-Deadline-Ms: ' +
    (nowMs + timeoutMs) +
    '\r\nLambda-Runtime-Invoked-Function-Arn: ' +
    req.invokedArn +
    '\r\nLambda-Runtime-Trace-Id: ' +
    traceId(req.requestId, nowMs) +
    '\r\nContent-Length: ' +
    req.payload.length +
    '\r\n';
  if (req.clientContext !== undefined && req.clientContext !== '') {
    // Decoded JSON; line breaks (legal JSON whitespace) would end the header.
    const context = Buffer.from(req.clientContext, 'base64').toString('utf8').replace(/[\r\n]+/g, ' ');
    headers += 'Lambda-Runtime-Client-Context: ' + context + '\r\n';
  }
  return headers;
}
