// What the runtime prints: its stdout and stderr cut into lines (Lambda's log
// events) and the bounded tail of lines an invocation keeps for its log.

/**
 * Only a log's tail leaves the engine (X-Amz-Log-Result carries 4 KB), so an
 * invocation keeps its last 64 KB of lines, not all a chatty function prints.
 */
export const LOG_TAIL_CHARS = 64 * 1024;
/** Lambda's largest log event: longer output without a line break is cut into events of this size. */
export const MAX_LINE_CHARS = 256 * 1024;

/** The last lines of a log, about LOG_TAIL_CHARS of them (trimmed in batches, not per line). */
export class LineTail {
  lines: string[] = [];
  private chars = 0;

  push(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars <= 2 * LOG_TAIL_CHARS) return;
    let drop = 0;
    while (this.chars > LOG_TAIL_CHARS && drop < this.lines.length - 1) this.chars -= this.lines[drop++].length;
    this.lines.splice(0, drop);
  }
}

export type Stream = 'out' | 'err';

/**
 * Cuts the runtime's two output streams into lines, each stream on its own (a
 * line half written to stdout is not ended by a line break on stderr).
 */
export class OutputLines {
  private partial = { out: '', err: '' };

  /** `sink` gets every complete line, without its line break, cut to Lambda's event size. */
  constructor(private readonly sink: (line: string) => void) {}

  /** A line longer than Lambda's largest event becomes several events, whatever size the write was. */
  private line(line: string): void {
    if (line.length <= MAX_LINE_CHARS) {
      this.sink(line);
      return;
    }
    for (let at = 0; at < line.length; at += MAX_LINE_CHARS) this.sink(line.slice(at, at + MAX_LINE_CHARS));
  }

  write(which: Stream, text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.partial[which] += text;
      this.capPartial(which);
      return;
    }
    let pending = this.partial[which];
    if (pending !== '') this.partial[which] = '';
    while (nl >= 0) {
      this.line(pending + text.slice(start, nl));
      pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.partial[which] = text.slice(start);
    this.capPartial(which);
  }

  /** What is left without a line break becomes a line of its own (the streams are closed). */
  flush(): void {
    for (const which of ['out', 'err'] as const) {
      if (this.partial[which] !== '') {
        this.line(this.partial[which]);
        this.partial[which] = '';
      }
    }
  }

  /** Output without a line break is bounded: past Lambda's event size it becomes an event of its own. */
  private capPartial(which: Stream): void {
    const partial = this.partial[which];
    if (partial.length < MAX_LINE_CHARS) return;
    // Whole events leave now; the rest waits for its line break or more output.
    const whole = partial.length - (partial.length % MAX_LINE_CHARS);
    this.line(partial.slice(0, whole));
    this.partial[which] = partial.slice(whole);
  }
}
