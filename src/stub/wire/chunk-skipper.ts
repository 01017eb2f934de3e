// Reads past a chunked body without keeping it: for a body over the limit,
// which is counted off the socket and dropped, whatever its size, so that a
// runtime posting too large a response is answered and its connection lives.
// The reading is chunk-stream.ts's, with the data counted and dropped.

import { ChunkStream } from './chunk-stream';

export class ChunkSkipper extends ChunkStream {
  /** The chunks' data bytes skipped so far, framing not counted (what a body limit counts). */
  dataBytes = 0;

  constructor() {
    super((data) => {
      this.dataBytes += data.length;
    });
  }
}
