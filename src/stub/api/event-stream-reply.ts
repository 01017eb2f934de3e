// The answer of InvokeWithResponseStream: HTTP 200 whose body is an event
// stream (application/vnd.amazon.eventstream), one PayloadChunk event per
// chunk the function streamed, as it arrives, then one InvokeComplete event
// (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html).
//
// - A function that streams: each chunk of its response is one PayloadChunk.
// - A function that answers buffered: its whole payload is one PayloadChunk.
// - A failure (a function error, mid-stream or not; a timeout; a crash; the
//   size limit): no more chunks, and InvokeComplete carries ErrorCode (the
//   error document's errorType) and ErrorDetails (its errorMessage).
// - LogType Tail: InvokeComplete's LogResult is the last 4 KB of the
//   invocation's log, base64, as X-Amz-Log-Result of Invoke.
// The head leaves with the first event, so that a throttle (known only when
// the engine answers) can still be Lambda's 429.

import type { ServerResponse } from 'node:http';
import type { InvokeOutcome, ResponseStreamSink } from '../engine/types';
import { eventOf } from '../wire/event-stream';
import { logResult } from './invoke';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';
const PAYLOAD_CONTENT_TYPE = 'application/octet-stream';

/** ErrorCode and ErrorDetails of a failed invocation, from the error document the engine or the runtime made. */
export function completeError(payload: Buffer): { ErrorCode: string; ErrorDetails: string } {
  try {
    const doc = JSON.parse(payload.toString('utf8')) as { errorType?: unknown; errorMessage?: unknown };
    return {
      ErrorCode: typeof doc.errorType === 'string' && doc.errorType !== '' ? doc.errorType : 'Unhandled',
      ErrorDetails: typeof doc.errorMessage === 'string' ? doc.errorMessage : payload.toString('utf8'),
    };
  } catch {
    return { ErrorCode: 'Unhandled', ErrorDetails: payload.toString('utf8') };
  }
}

export class EventStreamReply implements ResponseStreamSink {
  private opened = false;
  private streamed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly requestId: string,
    private readonly executedVersion: string,
  ) {}

  get started(): boolean {
    return this.opened;
  }

  start(): void {
    this.streamed = true;
    this.open();
  }

  chunk(data: Buffer): void {
    this.open();
    // A caller that went away does not stop the function (Lambda runs it on); its chunks are dropped.
    if (!this.res.destroyed) this.res.write(eventOf('PayloadChunk', PAYLOAD_CONTENT_TYPE, data));
  }

  /** The invocation's end: the buffered payload if it did not stream, then InvokeComplete. */
  complete(outcome: Extract<InvokeOutcome, { kind: 'response' }>, tail: boolean): void {
    this.open();
    const failed = outcome.functionError !== undefined;
    if (!failed && !this.streamed && outcome.payload.length > 0) this.chunk(outcome.payload);
    const complete: Record<string, string> = failed ? completeError(outcome.payload) : {};
    if (tail) complete.LogResult = logResult(outcome.log);
    this.res.end(eventOf('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(complete))));
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, {
      'Content-Type': EVENT_STREAM_CONTENT_TYPE,
      'X-Amz-Executed-Version': this.executedVersion,
      'x-amzn-RequestId': this.requestId,
    });
    // Each event leaves when it is written, not when Nagle lets it.
    this.res.socket?.setNoDelay(true);
  }
}
