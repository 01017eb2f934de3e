// One streamed response as the environment receives it: the runtime posted
// /response with `Lambda-Runtime-Function-Response-Mode: streaming` and a
// chunked body (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming),
// and each chunk goes on to a streaming caller as it arrives, or is gathered
// for a buffered one. The stream ends in one of three ways, each one ending
// of the invocation:
// - the body ends without error trailers: a response;
// - the body ends with `Lambda-Runtime-Function-Error-Type` (and the error
//   document, base64, in `Lambda-Runtime-Function-Error-Body`): a function
//   error, however much was streamed before it;
// - the bytes pass the limit (200 MB streamed, 6 MB for a buffered caller):
//   Function.ResponseSizeTooLarge at that moment; the rest of the body is
//   read and dropped, and the runtime is answered 413 at its end, as AWS's
//   emulator answers an oversized response
//   (aws-lambda-runtime-interface-emulator, internal/lambda/rapi/handler/invocationresponse.go).

import { PlatformErrorType } from '../../lambda/errors';
import { RUNTIME_RESPONSE_MAX_BYTES } from '../../lambda/limits';
import { EMPTY } from '../wire/empty';
import { type Ending, functionErrorEnding, resultEnding } from './endings';
import type { InvokeRequest } from './types';

/** What AWS's Node client sends when the handler sets none (src/ResponseStream.js). */
export const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';
const ERROR_TYPE_TRAILER = 'lambda-runtime-function-error-type';
const ERROR_BODY_TRAILER = 'lambda-runtime-function-error-body';

/** Why the Runtime API refuses a streamed post at its end: the runtime gets this status and document. */
export interface StreamRefusal {
  readonly status: number;
  readonly doc: { readonly errorMessage: string; readonly errorType: string };
}

/** The environment's side of one streamed post (the Runtime API feeds it). */
export interface ResponseStreamReader {
  data(chunk: Buffer): void;
  /** The body ended with these trailers (names lower-cased); a refusal for the runtime, or undefined for 202. */
  end(trailers: ReadonlyMap<string, string>): StreamRefusal | undefined;
}

function tooLarge(limit: number): StreamRefusal {
  return {
    status: 413,
    doc: {
      errorMessage: `Response payload size exceeded maximum allowed payload size (${limit} bytes).`,
      errorType: PlatformErrorType.FunctionResponseSizeTooLarge,
    },
  };
}

export class StreamedResponse implements ResponseStreamReader {
  private bytes = 0;
  /** Gathered for a buffered caller only. */
  private readonly parts: Buffer[] = [];
  private over = false;
  private readonly limit: number;

  /**
   * `answer` ends the invocation (once; the environment ignores it once the
   * invocation has ended another way, a timeout); `live` says whether it is
   * still running, so nothing reaches a caller after its outcome.
   */
  constructor(
    private readonly req: InvokeRequest,
    contentType: string | undefined,
    streamedLimit: number,
    private readonly answer: (ending: Ending) => void,
    private readonly live: () => boolean,
  ) {
    this.limit = req.stream !== undefined ? streamedLimit : RUNTIME_RESPONSE_MAX_BYTES;
    req.stream?.start(contentType ?? DEFAULT_STREAM_CONTENT_TYPE);
  }

  data(chunk: Buffer): void {
    if (this.over || chunk.length === 0) return;
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.over = true;
      this.parts.length = 0;
      const refusal = tooLarge(this.limit);
      if (this.live()) this.answer(functionErrorEnding(Buffer.from(JSON.stringify(refusal.doc)), refusal.doc.errorType));
      return;
    }
    const sink = this.req.stream;
    if (sink === undefined) this.parts.push(chunk);
    else if (this.live()) sink.chunk(chunk);
  }

  end(trailers: ReadonlyMap<string, string>): StreamRefusal | undefined {
    if (this.over) return tooLarge(this.limit);
    if (!this.live()) return undefined;
    const errorType = trailers.get(ERROR_TYPE_TRAILER);
    if (errorType !== undefined && errorType !== '') {
      const encoded = trailers.get(ERROR_BODY_TRAILER);
      this.answer(functionErrorEnding(encoded === undefined ? EMPTY : Buffer.from(encoded, 'base64'), errorType));
      return undefined;
    }
    const body = this.parts.length === 0 ? EMPTY : this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.bytes);
    this.answer(resultEnding('response', body, undefined, false));
    return undefined;
  }
}
