// A real Writable that keeps each write it receives, to see how replies leave:
// a corked batch arrives in one _writev, as on a socket.

import { Writable } from 'node:stream';

export class RecordingSink extends Writable {
  /** One entry per write reaching the sink; a corked batch is one entry of several pieces. */
  readonly writes: string[][] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.writes.push([chunk.toString('latin1')]);
    done();
  }

  override _writev(chunks: { chunk: Buffer }[], done: (error?: Error | null) => void): void {
    this.writes.push(chunks.map((c) => c.chunk.toString('latin1')));
    done();
  }

  /** Everything written, in order. */
  text(): string {
    return this.writes.map((w) => w.join('')).join('');
  }
}
