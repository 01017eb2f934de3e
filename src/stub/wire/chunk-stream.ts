// A chunked body (RFC 9112, 7.1) read as it arrives: each chunk's data is
// handed on at once, and the trailer fields after the last chunk are kept.
// For a streamed response, whose chunks must reach the caller while the
// runtime is still writing, and whose mid-stream errors come as trailers.
// Grammar: size [;ext] CRLF data CRLF ... 0 CRLF *(field CRLF) CRLF.

const enum State {
  Size,
  Extension,
  Data,
  DataEnd,
  Trailers,
}

const MAX_SIZE_DIGITS = 13;
/** Trailers carry an error document (base64): generous, but bounded. */
const MAX_TRAILER_BYTES = 1024 * 1024;

export class ChunkStream {
  private state = State.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;
  private trailerBytes: number[] | undefined;
  private trailerText = '';
  /** Set once the body's end (the empty line after the trailers) was read. */
  trailers: Map<string, string> | undefined;

  constructor(private readonly onData: (data: Buffer) => void) {}

  /**
   * Reads from `from`; hands on each piece of data as it is read. Returns the
   * index just past the body's end, -1 when more bytes are needed, or
   * 'malformed'.
   */
  feed(buf: Buffer, from: number): number | 'malformed' {
    let i = from;
    while (i < buf.length) {
      switch (this.state) {
        case State.Data: {
          const n = Math.min(this.remaining, buf.length - i);
          this.onData(buf.subarray(i, i + n));
          this.remaining -= n;
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
        case State.Trailers: {
          const c = buf[i++] as number;
          const line = this.trailerBytes as number[];
          if (c === 0x0a) {
            if (line.length === 0) {
              this.trailers = parseTrailers(this.trailerText);
              return i;
            }
            this.trailerText += Buffer.from(line).toString('latin1') + '\n';
            line.length = 0;
          } else if (c !== 0x0d) {
            if (this.trailerText.length + line.length >= MAX_TRAILER_BYTES) return 'malformed';
            line.push(c);
          }
          break;
        }
      }
    }
    return -1;
  }

  private endSizeLine(): void {
    if (this.size === 0) {
      this.state = State.Trailers;
      this.trailerBytes = [];
    } else {
      this.remaining = this.size;
      this.state = State.Data;
    }
    this.size = 0;
    this.digits = 0;
  }
}

/** `name: value` lines, names lower-cased. */
function parseTrailers(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}
