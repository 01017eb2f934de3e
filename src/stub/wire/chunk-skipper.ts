// Reads past a chunked body without keeping it: for a body over the limit,
// which is counted off the socket and dropped, whatever its size, so that a
// runtime posting too large a response is answered and its connection lives.
// The reading is chunk-stream.ts's, with the data dropped.

import { ChunkStream } from './chunk-stream';

function drop(): void {}

export class ChunkSkipper extends ChunkStream {
  constructor() {
    super(drop);
  }
}
