// Reads past a chunked body without keeping it: for a body over the limit,
// which is counted off the socket and dropped, whatever its size, so that a
// runtime posting too large a response is answered and its connection lives.
// The grammar is RFC 9112 section 7.1: size [;ext] CRLF data CRLF ... 0 CRLF
// [trailers] CRLF.

const enum State {
  Size,
  Extension,
  Data,
  DataEnd,
  Trailer,
}

const MAX_SIZE_DIGITS = 16;

export class ChunkSkipper {
  private state = State.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;
  /** Characters on the current trailer line, not counting CR. */
  private lineLength = 0;
  private lastChunk = false;
  /** The chunks' data bytes skipped so far, framing not counted (what a body limit counts). */
  dataBytes = 0;

  /** Skips from `from`; the index just past the body's end, -1 when more bytes are needed, or 'malformed'. */
  feed(buf: Buffer, from: number): number | 'malformed' {
    let i = from;
    while (i < buf.length) {
      switch (this.state) {
        case State.Data: {
          const n = Math.min(this.remaining, buf.length - i);
          this.remaining -= n;
          this.dataBytes += n;
          i += n;
          if (this.remaining === 0) this.state = State.DataEnd;
          break;
        }
        case State.Size: {
          const c = buf[i++] as number;
          const hex = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
          if (hex >= 0) {
            if (++this.digits > MAX_SIZE_DIGITS) return 'malformed';
            this.size = this.size * 16 + hex;
          } else if (c === 0x3b /* ; */) {
            this.state = State.Extension;
          } else if (c === 0x0a /* \n */) {
            if (this.digits === 0) return 'malformed';
            this.endSizeLine();
          } else if (c !== 0x0d && c !== 0x20 && c !== 0x09) {
            return 'malformed';
          }
          break;
        }
        case State.Extension:
          if (buf[i++] === 0x0a) {
            if (this.digits === 0) return 'malformed';
            this.endSizeLine();
          }
          break;
        case State.DataEnd:
          if (buf[i++] === 0x0a) this.state = State.Size;
          break;
        case State.Trailer: {
          const c = buf[i++];
          if (c === 0x0a) {
            if (this.lineLength === 0) return i;
            this.lineLength = 0;
          } else if (c !== 0x0d) {
            this.lineLength++;
          }
          break;
        }
      }
    }
    return -1;
  }

  private endSizeLine(): void {
    this.lastChunk = this.size === 0;
    if (this.lastChunk) {
      this.state = State.Trailer;
      this.lineLength = 0;
    } else {
      this.remaining = this.size;
      this.state = State.Data;
    }
    this.size = 0;
    this.digits = 0;
  }
}
