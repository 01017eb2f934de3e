// Answers to pipelined requests leave in request order, whatever order they
// are ready in (RFC 9112, 9.3.2): each request takes a slot when it is read,
// and a ready reply waits for every slot in front of it.

import type { Writable } from 'node:stream';
import { EMPTY } from './empty';
import { ReplyWriter } from './reply-writer';

/** One reply's place on a connection. */
export class ReplySlot {
  /** The status line and header lines, blank line included; undefined until the reply is ready. */
  head: string | undefined = undefined;
  body: Buffer = EMPTY;

  /**
   * `awaited`: the reply in front of this one waits until this one is ready
   * too, so that both leave in one write (a result's 202 and the next event
   * on the Runtime API).
   */
  constructor(readonly awaited: boolean) {}
}

export class OrderedReplies {
  private readonly slots: ReplySlot[] = [];
  private readonly writer: ReplyWriter;
  /**
   * While set, ready replies wait for flush(): a server sets it over the
   * reading of one chunk, so that the answers to the requests pipelined in it
   * that are ready at once leave in one write.
   */
  holding = false;

  constructor(private readonly socket: Writable) {
    this.writer = new ReplyWriter(socket);
  }

  /** No request read on this connection is waiting for its answer. */
  get empty(): boolean {
    return this.slots.length === 0;
  }

  /** The place of the reply to the request just read. */
  open(awaited: boolean): ReplySlot {
    const slot = new ReplySlot(awaited);
    this.slots.push(slot);
    return slot;
  }

  /** Makes `slot` ready; true when every reply is out. */
  fill(slot: ReplySlot, head: string, body: Buffer): boolean {
    slot.head = head;
    slot.body = body;
    return this.holding ? false : this.flush();
  }

  /**
   * Writes the ready replies at the front, in order, in as few writes as
   * possible (dropping them if the socket is gone); true when every reply is out.
   */
  flush(): boolean {
    const slots = this.slots;
    const first = slots[0];
    if (first === undefined) return true;
    if (first.head === undefined) return false;
    const second = slots[1];
    if (second !== undefined && second.awaited && second.head === undefined) return false;
    const write = !this.socket.destroyed;
    let slot: ReplySlot | undefined = first;
    while (slot !== undefined && slot.head !== undefined) {
      slots.shift();
      if (write) this.writer.add(slot.head, slot.body);
      slot = slots[0];
    }
    if (write) this.writer.send();
    return slots.length === 0;
  }
}
