// A streamed /response post on the Runtime API, from its head to the end of
// its chunked body: the chunks are decoded as the bytes arrive and handed to
// the environment's reader at once (never buffered here), and the trailers
// after the last chunk say whether the stream ended in an error.

import { ChunkStream } from '../wire/chunk-stream';
import type { ResponseStreamReader, StreamRefusal } from './streamed-response';

const STREAMING = 'streaming';

/** `Lambda-Runtime-Function-Response-Mode: streaming` on a chunked post: the only way a runtime streams. */
export function isStreamedPost(responseMode: string | undefined, transferEncoding: string | undefined): boolean {
  return isStreamingMode(responseMode) && transferEncoding !== undefined && transferEncoding.toLowerCase().includes('chunked');
}

function isStreamingMode(responseMode: string | undefined): boolean {
  return responseMode !== undefined && responseMode.trim().toLowerCase() === STREAMING;
}

/**
 * A /response whose Lambda-Runtime-Function-Response-Mode says anything but
 * `streaming` (the only mode a runtime may name there; absent or empty means
 * buffered), which the emulator refuses (rapi/handler/invocationresponse.go).
 */
export function isInvalidResponseMode(responseMode: string | undefined): boolean {
  return responseMode !== undefined && responseMode.trim() !== '' && !isStreamingMode(responseMode);
}

export class StreamedPost {
  private readonly chunks: ChunkStream;

  /** `reader` undefined: the id is not the invocation running here; the body is read and dropped, then refused. */
  constructor(
    private readonly requestId: string,
    private readonly reader: ResponseStreamReader | undefined,
  ) {
    this.chunks = new ChunkStream((data) => this.reader?.data(data));
  }

  /** Reads from `from`: the index just past the body's end, -1 while more is to come, or 'malformed'. */
  feed(buf: Buffer, from: number): number | 'malformed' {
    return this.chunks.feed(buf, from);
  }

  /** After the body's end: what the runtime is answered (undefined: 202 Accepted). */
  finish(): StreamRefusal | undefined {
    if (this.reader === undefined) {
      return { status: 400, doc: { errorMessage: `Invalid request ID: ${this.requestId}`, errorType: 'InvalidRequestID' } };
    }
    return this.reader.end(this.chunks.trailers ?? new Map());
  }
}
