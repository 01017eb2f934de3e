// journal.jsonl: every change coldbench makes to a real function is written
// here, and fsync'd, BEFORE the change is made, so that whatever happens to
// the process afterwards (Ctrl-C, a crash, a power cut) `coldbench restore`
// can put the function back from this file alone.
//
// One JSON object per line:
//   original  the function's configuration before coldbench touched it
//   change    a change about to be made (memory, a nonce to force a cold start)
//   restored  the original configuration is back
// A function needs restoring when a change follows its last `restored`.

import * as fs from 'node:fs';

/** Where a function lives: enough to build a client for it again from the journal alone. */
export interface FunctionRef {
  readonly function: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

/** The part of a function's configuration coldbench changes, and so puts back. */
export interface FunctionState {
  readonly memoryMb: number;
  /** null: the function had no environment block at all. */
  readonly environment: Readonly<Record<string, string>> | null;
  readonly description: string;
}

export interface ConfigChange {
  readonly memoryMb?: number;
  /** Value of the nonce environment variable that forces new execution environments. */
  readonly nonce?: string;
}

export type JournalEntry =
  | { readonly v: 1; readonly type: 'original'; readonly at: string; readonly ref: FunctionRef; readonly state: FunctionState }
  | { readonly v: 1; readonly type: 'change'; readonly at: string; readonly ref: FunctionRef; readonly change: ConfigChange }
  | { readonly v: 1; readonly type: 'restored'; readonly at: string; readonly ref: FunctionRef };

export interface PendingRestore {
  readonly ref: FunctionRef;
  readonly original: FunctionState;
  readonly changes: number;
}

export const JOURNAL_FILE = 'journal.jsonl';

export function refKey(ref: FunctionRef): string {
  return JSON.stringify([ref.function, ref.region ?? '', ref.profile ?? '', ref.endpoint ?? '']);
}

/** Appends entries to a file (or only to memory, for functions that vanish with the run). */
export class Journal {
  private readonly entries: JournalEntry[] = [];

  private constructor(private readonly file: string | undefined) {}

  /** A journal backed by `file`; existing entries are kept and read. */
  static atFile(file: string): Journal {
    const journal = new Journal(file);
    if (fs.existsSync(file)) journal.entries.push(...readJournal(file));
    return journal;
  }

  /** For the local target, whose functions live only as long as the run. */
  static inMemory(): Journal {
    return new Journal(undefined);
  }

  get path(): string | undefined {
    return this.file;
  }

  recordOriginal(ref: FunctionRef, state: FunctionState): void {
    this.append({ v: 1, type: 'original', at: new Date().toISOString(), ref, state });
  }

  recordChange(ref: FunctionRef, change: ConfigChange): void {
    this.append({ v: 1, type: 'change', at: new Date().toISOString(), ref, change });
  }

  recordRestored(ref: FunctionRef): void {
    this.append({ v: 1, type: 'restored', at: new Date().toISOString(), ref });
  }

  /** Whether an original state is on record for `ref` since its last restore. */
  originalOf(ref: FunctionRef): FunctionState | undefined {
    return findOriginal(this.entries, refKey(ref));
  }

  pending(): PendingRestore[] {
    return pendingRestores(this.entries);
  }

  private append(entry: JournalEntry): void {
    if (this.file !== undefined) {
      // Synchronous and fsync'd: the entry must be on disk before the change it announces.
      const fd = fs.openSync(this.file, 'a');
      try {
        fs.writeSync(fd, JSON.stringify(entry) + '\n');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    this.entries.push(entry);
  }
}

/** Reads a journal file; a torn last line (the process died mid-write) is skipped. */
export function readJournal(file: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (isEntry(parsed)) entries.push(parsed);
  }
  return entries;
}

export function pendingRestores(entries: readonly JournalEntry[]): PendingRestore[] {
  const byKey = new Map<string, { ref: FunctionRef; changes: number }>();
  for (const entry of entries) {
    const key = refKey(entry.ref);
    if (entry.type === 'change') {
      const seen = byKey.get(key);
      byKey.set(key, { ref: entry.ref, changes: (seen?.changes ?? 0) + 1 });
    } else if (entry.type === 'restored') {
      byKey.delete(key);
    }
  }
  const pending: PendingRestore[] = [];
  for (const [key, { ref, changes }] of byKey) {
    const original = findOriginal(entries, key);
    // A change is only ever journalled after its original; without one there is nothing safe to put back.
    if (original) pending.push({ ref, original, changes });
  }
  return pending;
}

/** The original recorded before the first change since the last restore (later ones would include our own changes). */
function findOriginal(entries: readonly JournalEntry[], key: string): FunctionState | undefined {
  let original: FunctionState | undefined;
  for (const entry of entries) {
    if (refKey(entry.ref) !== key) continue;
    if (entry.type === 'restored') original = undefined;
    else if (entry.type === 'original' && original === undefined) original = entry.state;
  }
  return original;
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; ref?: { function?: unknown } };
  return (v.type === 'original' || v.type === 'change' || v.type === 'restored')
    && typeof v.ref === 'object' && v.ref !== null && typeof v.ref.function === 'string';
}
