// Replies onto a socket in as few writes as possible: heads and small bodies
// gathered into one latin1 string (byte for byte the same) make one plain
// write, where separate chunks would take Node's writev path. Only a large
// body makes more than one write, and only then is the socket corked.

import type { Writable } from 'node:stream';

/** Bodies up to this size are joined to their head and leave in the same write. */
export const JOIN_LIMIT = 64 * 1024;

/** One per connection; add() the replies that are ready, then send(). */
export class ReplyWriter {
  private text = '';
  private corked = false;

  constructor(private readonly socket: Writable) {}

  /** `head`: the status line and header lines, blank line included. */
  add(head: string, body: Buffer): void {
    if (body.length <= JOIN_LIMIT) {
      this.text += body.length === 0 ? head : head + body.toString('latin1');
      return;
    }
    const socket = this.socket;
    if (!this.corked) {
      socket.cork();
      this.corked = true;
    }
    socket.write(this.text + head, 'latin1');
    this.text = '';
    socket.write(body);
  }

  /** Writes what add() gathered. */
  send(): void {
    if (this.text !== '') {
      this.socket.write(this.text, 'latin1');
      this.text = '';
    }
    if (this.corked) {
      this.corked = false;
      this.socket.uncork();
    }
  }
}
