// The head of an HTTP/1.1 request at the start of a buffer: where it ends,
// its request line, and a cursor over its header lines. Each server decides
// what a head it reads means (which methods, which headers, what to do with
// a malformed line); this reads the framing alike for both.

/** The end of a head, as a Buffer: searching a Buffer for a string converts the string on every call. */
const HEAD_END = Buffer.from('\r\n\r\n');

const SPACE = 0x20;
const TAB = 0x09;

/**
 * 'whole': the head is read; 'partial': its end has not arrived;
 * 'too-large': longer than the reader allows; 'malformed': its request line
 * is not `method SP target SP version`, each part non-empty.
 */
export type HeadStatus = 'whole' | 'partial' | 'too-large' | 'malformed';

/**
 * One per connection, refilled by each read(): reading a request allocates
 * only the strings its server keeps. Valid until the next read().
 */
export class RequestHead {
  method = '';
  /** The request target as sent (path and query). */
  target = '';
  /** The head as latin1 text, its closing blank line excluded. */
  text = '';
  /** Where the body starts in the buffer read. */
  bodyStart = 0;

  /** The header line nextField() stopped at: its name runs from `nameStart` to `colon`. */
  nameStart = 0;
  /** -1 on a line without a colon; equal to `nameStart` when the name is empty. */
  colon = -1;
  /** Where the current header line ends. */
  lineEnd = 0;
  private versionStart = 0;
  private requestLineEnd = 0;
  private nextLine = 0;

  /** Reads the head at the start of `buf`, which must end within `maxBytes`. */
  read(buf: Buffer, maxBytes: number): HeadStatus {
    const end = buf.indexOf(HEAD_END);
    if (end < 0) return buf.length > maxBytes ? 'too-large' : 'partial';
    if (end > maxBytes) return 'too-large';
    const text = buf.toString('latin1', 0, end);
    this.text = text;
    this.bodyStart = end + 4;
    const crlf = text.indexOf('\r\n');
    const lineEnd = crlf < 0 ? text.length : crlf;
    this.nextLine = crlf < 0 ? text.length : crlf + 2;
    const sp1 = text.indexOf(' ');
    if (sp1 <= 0 || sp1 >= lineEnd) return 'malformed';
    const sp2 = text.indexOf(' ', sp1 + 1);
    if (sp2 <= sp1 + 1 || sp2 >= lineEnd - 1) return 'malformed';
    this.method = text.slice(0, sp1);
    this.target = text.slice(sp1 + 1, sp2);
    this.versionStart = sp2 + 1;
    this.requestLineEnd = lineEnd;
    return 'whole';
  }

  /**
   * The rest of the request line after the target; a server that cares
   * compares it (a space in a target makes it more than a version). Sliced
   * only when asked: the Runtime API never asks.
   */
  version(): string {
    return this.text.slice(this.versionStart, this.requestLineEnd);
  }

  /** Moves to the next header line; false after the last. */
  nextField(): boolean {
    const text = this.text;
    const pos = this.nextLine;
    if (pos >= text.length) return false;
    let end = text.indexOf('\r\n', pos);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', pos);
    this.nameStart = pos;
    this.colon = colon > end ? -1 : colon;
    this.lineEnd = end;
    this.nextLine = end + 2;
    return true;
  }

  /** The current header line's name, as sent. */
  name(): string {
    return this.text.slice(this.nameStart, this.colon);
  }

  /** The current header line's value, without the spaces and tabs around it; only on a line with a colon. */
  value(): string {
    const text = this.text;
    let from = this.colon + 1;
    let to = this.lineEnd;
    while (from < to && isBlank(text.charCodeAt(from))) from++;
    while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
    return text.slice(from, to);
  }
}

/** Optional whitespace around a field value is spaces and tabs (RFC 9110, 5.6.3). */
function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
