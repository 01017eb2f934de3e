// invocations.csv as it is measured: rows are appended with synchronous
// writes at the end of the event-loop turn that measured them (or sooner, in
// bursts), so a process killed with SIGKILL loses at most the rows of the turn
// in flight, and whatever is on disk is whole records, in order: the file
// parses as CSV at every instant.

import * as fs from 'node:fs';
import { csvRecord, guardRecordsInPlace, stringifyGuarded } from './csv-text';

export { csvText } from './csv-text';

export class BatchedCsvFile {
  private fd: number | undefined;
  /** Cell arrays reused batch after batch; only `pending` of them are live. */
  private readonly batch: string[][] = [];
  private pending = 0;
  private flushQueued = false;
  /** A failed background flush (disk full …), raised at the next call instead of crashing a callback. */
  private failure: unknown;
  private readonly flushLater = (): void => {
    this.flushQueued = false;
    try {
      this.flushSync();
    } catch (err) {
      this.failure ??= err;
    }
  };

  /**
   * `file`: a path to create (truncating), or a descriptor already open for
   * writing (the run's exclusive claim on the file).
   */
  constructor(
    file: string | number,
    header: readonly string[],
    private readonly width: number,
    private readonly batchSize = 256,
  ) {
    this.path = typeof file === 'number' ? `fd ${file}` : file;
    this.fd = typeof file === 'number' ? file : fs.openSync(file, 'w');
    writeAllSync(this.fd, csvRecord(header));
  }

  readonly path: string;

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
    // The rows of this turn reach the disk when it ends: one write for all of them.
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flushLater);
    }
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
    const count = this.pending;
    this.pending = 0;
    guardRecordsInPlace(this.batch, count);
    writeAllSync(fd, stringifyGuarded(count === this.batch.length ? this.batch : this.batch.slice(0, count)));
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  closeSync(): void {
    if (this.fd === undefined) return;
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
