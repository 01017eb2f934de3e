// Bytes read off a socket, joined into one Buffer only once a message can be
// whole. Joining on every chunk copies a 6 MB payload arriving in 64 KB reads
// about a hundred times over; this copies it once.

import { EMPTY } from './empty';

export class IncomingBytes {
  private chunks: Buffer[] = [];
  private size = 0;
  private need = 0;

  /** Adds a chunk; returns every unread byte as one Buffer once enough are in, else null. */
  push(chunk: Buffer): Buffer | null {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.need) return null;
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.need = 0;
    return all;
  }

  /**
   * Puts back what a reader could not use yet, and how many bytes must be in
   * (counting those) before it is worth reading again: a message's full size
   * once its head is read, else one more byte.
   */
  keep(rest: Buffer, need: number): void {
    this.chunks = rest.length === 0 ? [] : [rest];
    this.size = rest.length;
    this.need = need;
  }

  /** Takes back every unread byte, for whoever reads the socket next. */
  drain(): Buffer {
    const all = this.chunks.length === 0 ? EMPTY : this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.need = 0;
    return all;
  }
}
