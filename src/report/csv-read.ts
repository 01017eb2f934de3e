// A streaming RFC 4180 reader for the result files, so that `report` and
// `compare` read a CSV of any size in constant memory. (csv-parse is a test
// dependency only; the files read here are ones coldbench wrote.)

import * as fs from 'node:fs';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export type RecordHandler = (fields: string[], line: number) => void;

/** Push text in any chunks; records come out whole, with the line they start on. */
export class CsvRecordReader {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Just saw a quote inside quotes: either an escaped quote or the closing one. */
  private quotePending = false;
  /** The current field started quoted, so an empty value still makes a field. */
  private touched = false;
  private line = 1;
  private recordLine = 1;
  private pendingCR = false;
  private first = true;

  constructor(private readonly onRecord: RecordHandler) {}

  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    if (this.first && n > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    while (i < n) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (chunk.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (chunk.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
            continue;
          }
          // The quote closed the field; this character is read outside quotes.
          this.inQuotes = false;
          continue;
        }
        const q = chunk.indexOf('"', i);
        const stop = q < 0 ? n : q;
        for (let j = i; j < stop; j++) if (chunk.charCodeAt(j) === LF) this.line++;
        this.field += chunk.slice(i, stop);
        if (q < 0) return;
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      // Outside quotes: take the whole run up to the next special character in one slice.
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) {
        this.field += chunk.slice(i, j);
        this.touched = true;
      }
      if (j === n) return;
      const c = chunk.charCodeAt(j);
      if (c === COMMA) {
        this.fields.push(this.field);
        this.field = '';
        this.touched = true;
      } else if (c === QUOTE) {
        if (this.field === '') this.inQuotes = true;
        else this.field += '"';
        this.touched = true;
      } else {
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        if (c === CR) this.pendingCR = true;
      }
      i = j + 1;
    }
  }

  end(): void {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvSyntaxError(`unterminated quoted field starting on line ${this.recordLine}`, this.recordLine);
    }
    this.inQuotes = false;
    this.quotePending = false;
    this.endRecord();
  }

  private endRecord(): void {
    if (this.touched || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      const rec = this.fields;
      this.fields = [];
      this.field = '';
      this.touched = false;
      this.onRecord(rec, this.recordLine);
    }
  }
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

/** Streams a file's records to `onRecord`; resolves when the file is read. */
export async function readCsvFile(path: string, onRecord: RecordHandler): Promise<void> {
  const reader = new CsvRecordReader(onRecord);
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  for await (const chunk of stream) reader.push(chunk as string);
  reader.end();
}
