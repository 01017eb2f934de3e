// A streaming RFC 4180 reader for the result files, so that `report` and
// `compare` read a CSV of any size in constant memory. (csv-parse is a test
// dependency only; the files read here are ones coldbench wrote.)

import * as fs from 'node:fs';

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
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') continue;
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          // fall through: c ends or continues the field outside quotes
        } else {
          if (c === '"') this.quotePending = true;
          else {
            if (c === '\n') this.line++;
            this.field += c;
          }
          continue;
        }
      }
      if (c === ',') {
        this.fields.push(this.field);
        this.field = '';
        this.touched = true;
      } else if (c === '\n' || c === '\r') {
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        if (c === '\r') this.pendingCR = true;
      } else if (c === '"' && this.field === '') {
        this.inQuotes = true;
        this.touched = true;
      } else {
        this.field += c;
        this.touched = true;
      }
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
