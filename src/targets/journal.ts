// journal.jsonl: every change coldbench makes to a real function is written
// here, and fsync'd, BEFORE the change is made, so that whatever happens to
// the process afterwards (Ctrl-C, a crash, a power cut) `coldbench restore`
// can put the function back from this file alone.
//
// One JSON object per line:
//   original  the function's configuration before coldbench touched it, with
//             coldbench's own traces stripped (lease marker, COLDBENCH_NONCE),
//             and the run id of the lease taken with it (lease.ts)
//   change    a change about to be made (memory, a nonce to force a cold start)
//   restored  the original configuration is back (or nothing of this run's
//             remains to undo: its conditional first update was refused, or
//             another live run has since taken the function's lease over)
//   created   a version or alias about to be created (written before the
//             create call; a version, whose number Lambda chooses, is named
//             by the unique Description coldbench publishes it with)
//   published the number Lambda gave that version
//   removed   a created version or alias is gone again (deleted, found gone,
//             or found not to be coldbench's own after all)
// A function needs restoring when a change follows its last `restored`; a
// version or alias needs deleting when it has a `created` and no `removed`.

import * as fs from 'node:fs';
import { anonymousHolder, type LeaseHolder } from './lease';

/**
 * Who this journal's run is, for the lease it takes on each function it
 * changes (see lease.ts), and where to say that it took over a stale one. It
 * travels with the journal because every change goes through both.
 */
export interface LeaseContext {
  readonly holder: LeaseHolder;
  readonly notice: (line: string) => void;
}

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

/**
 * A version or alias coldbench creates. A version is named by `marker`, the
 * Description it is published with (its number is only known after the call);
 * an alias by its name, which coldbench chooses.
 */
export type CreatedResource =
  | { readonly kind: 'version'; readonly marker: string }
  | { readonly kind: 'alias'; readonly name: string; readonly version: string };

export type JournalEntry =
  // holder: the run id of the lease taken with this original (absent in journals written before leases).
  | { readonly v: 1; readonly type: 'original'; readonly at: string; readonly ref: FunctionRef; readonly state: FunctionState; readonly holder?: string }
  | { readonly v: 1; readonly type: 'change'; readonly at: string; readonly ref: FunctionRef; readonly change: ConfigChange }
  | { readonly v: 1; readonly type: 'restored'; readonly at: string; readonly ref: FunctionRef }
  | { readonly v: 1; readonly type: 'created'; readonly at: string; readonly ref: FunctionRef; readonly resource: CreatedResource }
  | { readonly v: 1; readonly type: 'published'; readonly at: string; readonly ref: FunctionRef; readonly marker: string; readonly version: string }
  | { readonly v: 1; readonly type: 'removed'; readonly at: string; readonly ref: FunctionRef; readonly key: string };

/** A created version or alias still to delete. */
export interface PendingRemoval {
  readonly ref: FunctionRef;
  /** resourceKey() of the resource, for recordRemoved. */
  readonly key: string;
  readonly resource: CreatedResource;
  /** A version's number, once the journal has it. */
  readonly version?: string;
}

export interface PendingRestore {
  readonly ref: FunctionRef;
  readonly original: FunctionState;
  readonly changes: number;
  /** Run id of the lease this journal's run took on the function. */
  readonly holder?: string;
}

export const JOURNAL_FILE = 'journal.jsonl';

export function refKey(ref: FunctionRef): string {
  return JSON.stringify([ref.function, ref.region ?? '', ref.profile ?? '', ref.endpoint ?? '']);
}

/** Names one created resource within its function's journal entries. */
export function resourceKey(resource: CreatedResource | { readonly kind: 'version'; readonly marker: string }): string {
  return resource.kind === 'version' ? `version:${resource.marker}` : `alias:${resource.name}`;
}

/** Appends entries to a file (or only to memory, for functions that vanish with the run). */
export class Journal {
  private readonly entries: JournalEntry[] = [];

  private constructor(private readonly file: string | undefined, readonly lease: LeaseContext) {}

  /** A journal backed by `file`; existing entries are kept and read. */
  static atFile(file: string, lease: LeaseContext = defaultLease()): Journal {
    const journal = new Journal(file, lease);
    if (fs.existsSync(file)) journal.entries.push(...readJournal(file));
    return journal;
  }

  /** For the local target, whose functions live only as long as the run. */
  static inMemory(lease: LeaseContext = defaultLease()): Journal {
    return new Journal(undefined, lease);
  }

  get path(): string | undefined {
    return this.file;
  }

  recordOriginal(ref: FunctionRef, state: FunctionState, holder?: string): void {
    this.append({ v: 1, type: 'original', at: new Date().toISOString(), ref, state, ...(holder !== undefined ? { holder } : {}) });
  }

  recordChange(ref: FunctionRef, change: ConfigChange): void {
    this.append({ v: 1, type: 'change', at: new Date().toISOString(), ref, change });
  }

  recordRestored(ref: FunctionRef): void {
    this.append({ v: 1, type: 'restored', at: new Date().toISOString(), ref });
  }

  /** Before the create call: whatever happens next, `coldbench restore` will look for it. */
  recordCreated(ref: FunctionRef, resource: CreatedResource): void {
    this.append({ v: 1, type: 'created', at: new Date().toISOString(), ref, resource });
  }

  recordPublished(ref: FunctionRef, marker: string, version: string): void {
    this.append({ v: 1, type: 'published', at: new Date().toISOString(), ref, marker, version });
  }

  recordRemoved(ref: FunctionRef, key: string): void {
    this.append({ v: 1, type: 'removed', at: new Date().toISOString(), ref, key });
  }

  /** Whether an original state is on record for `ref` since its last restore. */
  originalOf(ref: FunctionRef): FunctionState | undefined {
    return findOriginal(this.entries, refKey(ref))?.state;
  }

  pending(): PendingRestore[] {
    return pendingRestores(this.entries);
  }

  /** Versions and aliases created and not yet removed, newest first (an alias goes before the version it names). */
  pendingRemovals(): PendingRemoval[] {
    return pendingRemovals(this.entries);
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
    const found = findOriginal(entries, key);
    // A change is only ever journalled after its original; without one there is nothing safe to put back.
    if (found) pending.push({ ref, original: found.state, changes, ...(found.holder !== undefined ? { holder: found.holder } : {}) });
  }
  return pending;
}

export function pendingRemovals(entries: readonly JournalEntry[]): PendingRemoval[] {
  const open = new Map<string, { ref: FunctionRef; key: string; resource: CreatedResource; version?: string }>();
  for (const entry of entries) {
    const fn = refKey(entry.ref);
    if (entry.type === 'created') {
      const key = resourceKey(entry.resource);
      open.set(`${fn}\n${key}`, { ref: entry.ref, key, resource: entry.resource });
    } else if (entry.type === 'published') {
      const seen = open.get(`${fn}\nversion:${entry.marker}`);
      if (seen) seen.version = entry.version;
    } else if (entry.type === 'removed') {
      open.delete(`${fn}\n${entry.key}`);
    }
  }
  return [...open.values()].reverse().map((p) => ({
    ref: p.ref, key: p.key, resource: p.resource, ...(p.version !== undefined ? { version: p.version } : {}),
  }));
}

/** The original recorded before the first change since the last restore (later ones would include our own changes). */
function findOriginal(entries: readonly JournalEntry[], key: string): { state: FunctionState; holder?: string } | undefined {
  let original: { state: FunctionState; holder?: string } | undefined;
  for (const entry of entries) {
    if (refKey(entry.ref) !== key) continue;
    if (entry.type === 'restored') original = undefined;
    else if (entry.type === 'original' && original === undefined) {
      original = { state: entry.state, ...(entry.holder !== undefined ? { holder: entry.holder } : {}) };
    }
  }
  return original;
}

function defaultLease(): LeaseContext {
  return { holder: anonymousHolder(), notice: (line) => process.stderr.write(`coldbench: ${line}\n`) };
}

const ENTRY_TYPES: ReadonlySet<string> = new Set(['original', 'change', 'restored', 'created', 'published', 'removed']);

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; ref?: { function?: unknown } };
  return typeof v.type === 'string' && ENTRY_TYPES.has(v.type)
    && typeof v.ref === 'object' && v.ref !== null && typeof v.ref.function === 'string';
}
