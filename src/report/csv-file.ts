// A CSV file written in batches through csv-stringify with synchronous
// appends: whatever has been flushed is whole records on disk, in order, so
// a signal handler can flush and exit and the file is still valid CSV.

import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180: comma, CRLF, quotes only where a cell needs them. csv-stringify
 * only quotes a cell holding the whole record delimiter, so a bare LF or CR
 * (an error message over several lines) is matched explicitly.
 */
export const CSV_OPTIONS = {
  delimiter: ',',
  record_delimiter: 'windows',
  quote: '"',
  escape: '"',
  quoted_match: /[\r\n]/,
} as const;

export function csvText(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], CSV_OPTIONS);
}

export class BatchedCsvFile {
  private fd: number | undefined;
  /** Cell arrays reused batch after batch; only `pending` of them are live. */
  private readonly batch: string[][] = [];
  private pending = 0;
  private readonly timer: NodeJS.Timeout;
  /** A failed background flush (disk full …), raised at the next call instead of crashing a timer. */
  private failure: unknown;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly width: number,
    private readonly batchSize = 256,
    flushEveryMs = 500,
  ) {
    this.fd = fs.openSync(path, 'w');
    writeAllSync(this.fd, csvText([header]));
    // A slow run still gets its rows on disk within a moment; never keeps the process alive.
    this.timer = setInterval(() => {
      try {
        this.flushSync();
      } catch (err) {
        this.failure ??= err;
      }
    }, flushEveryMs);
    this.timer.unref();
  }

  /** A cell array to fill for the next record; valid until the next call. */
  nextRecord(): string[] {
    if (this.failure !== undefined) throw this.failure;
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    if (this.pending === this.batchSize) this.flushSync();
    let rec = this.batch[this.pending];
    if (!rec) {
      rec = new Array<string>(this.width).fill('');
      this.batch.push(rec);
    }
    this.pending++;
    return rec;
  }

  flushSync(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.pending === 0 || this.fd === undefined) return;
    this.writePending(this.fd);
  }

  private writePending(fd: number): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.pending === 0) return;
    const records = this.pending === this.batch.length ? this.batch : this.batch.slice(0, this.pending);
    const text = csvText(records);
    this.pending = 0;
    writeAllSync(fd, text);
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  closeSync(): void {
    if (this.fd === undefined) return;
    clearInterval(this.timer);
    const fd = this.fd;
    this.fd = undefined;
    try {
      this.writePending(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** writeSync may write less than asked; a record cut in half would break the CSV. */
export function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}
