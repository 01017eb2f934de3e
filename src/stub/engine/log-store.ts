// CloudWatch Logs, in memory: what every environment wrote, bounded so a long
// benchmark cannot grow the service without limit. Bounded in events and in
// bytes: a function printing megabytes per invocation (a log event is at most
// 256 KB, so 10,000 events alone would allow 2.5 GB per stream) keeps only its
// newest output, and the whole store keeps its newest streams.

import type { LogEvent, LogGroupInfo, LogStoreReader, LogStoreStats, LogStreamInfo } from './types';

export interface LogStoreLimits {
  /** Oldest events beyond this are dropped, per stream. */
  readonly maxEventsPerStream: number;
  /** Oldest streams beyond this are dropped, per group. */
  readonly maxStreamsPerGroup: number;
  /** Oldest events beyond this many bytes (UTF-8, messages only) are dropped, per stream. */
  readonly maxBytesPerStream: number;
  /** Beyond this many bytes in the whole store, the oldest streams are dropped (the one written to is trimmed last). */
  readonly maxTotalBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogStoreLimits = {
  maxEventsPerStream: 10_000,
  maxStreamsPerGroup: 200,
  maxBytesPerStream: 8 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
};


class Stream {
  readonly events: LogEvent[] = [];
  /** UTF-8 bytes of each event's message, in step with `events`. */
  readonly sizes: number[] = [];
  storedBytes = 0;
  constructor(
    readonly group: string,
    readonly name: string,
    readonly creationTime: number,
  ) {}

  info(): LogStreamInfo {
    const first = this.events[0];
    const last = this.events[this.events.length - 1];
    return {
      logGroupName: this.group,
      logStreamName: this.name,
      creationTime: this.creationTime,
      firstEventTimestamp: first?.timestamp,
      lastEventTimestamp: last?.timestamp,
      lastIngestionTime: last?.ingestionTime,
      storedBytes: this.storedBytes,
    };
  }
}

class Group {
  readonly streams = new Map<string, Stream>();
  constructor(readonly creationTime: number) {}
}

/** Trims to this share of a bound when it is passed, so trimming stays amortised O(1) per event. */
const TRIM_TO = 7 / 8;

const NO_EVENTS: readonly LogEvent[] = [];

export class LogStore implements LogStoreReader {
  private readonly byName = new Map<string, Group>();
  private readonly limits: LogStoreLimits;
  /** Every stream, oldest first (Sets iterate in insertion order). */
  private readonly all = new Set<Stream>();
  private totalBytes = 0;
  private totalEvents = 0;

  constructor(limits: Partial<LogStoreLimits> = {}) {
    this.limits = { ...DEFAULT_LOG_LIMITS, ...limits };
  }

  append(groupName: string, streamName: string, timestamp: number, message: string): void {
    let group = this.byName.get(groupName);
    if (group === undefined) {
      group = new Group(timestamp);
      this.byName.set(groupName, group);
    }
    let stream = group.streams.get(streamName);
    if (stream === undefined) {
      stream = new Stream(groupName, streamName, timestamp);
      group.streams.set(streamName, stream);
      this.all.add(stream);
      // Maps iterate in insertion order: the first value is the oldest stream.
      if (group.streams.size > this.limits.maxStreamsPerGroup) {
        const oldest = group.streams.values().next().value;
        if (oldest !== undefined) this.dropStream(oldest);
      }
    }
    const size = Buffer.byteLength(message, 'utf8');
    stream.events.push({ timestamp, ingestionTime: timestamp, message });
    stream.sizes.push(size);
    stream.storedBytes += size;
    this.totalBytes += size;
    this.totalEvents++;
    const max = this.limits.maxEventsPerStream;
    // Trim in batches so dropping old events stays amortised O(1).
    if (stream.events.length > max + (max >> 3) + 1) this.trim(stream, stream.events.length - max);
    if (stream.storedBytes > this.limits.maxBytesPerStream) this.trimBytes(stream, this.limits.maxBytesPerStream * TRIM_TO);
    if (this.totalBytes > this.limits.maxTotalBytes) this.evict(stream);
  }

  stats(): LogStoreStats {
    return { bytes: this.totalBytes, events: this.totalEvents, streams: this.all.size };
  }

  /** Drops the oldest streams other than `current` until the store is within its bound; then trims `current`. */
  private evict(current: Stream): void {
    const target = this.limits.maxTotalBytes * TRIM_TO;
    for (const s of this.all) {
      if (this.totalBytes <= target) return;
      if (s !== current) this.dropStream(s);
    }
    if (this.totalBytes > target) this.trimBytes(current, current.storedBytes - (this.totalBytes - target));
  }

  /** Drops `stream`'s oldest events until it holds at most `bytes` (its newest event always stays). */
  private trimBytes(stream: Stream, bytes: number): void {
    let n = 0;
    let left = stream.storedBytes;
    while (left > bytes && n < stream.events.length - 1) left -= stream.sizes[n++];
    if (n > 0) this.trim(stream, n);
  }

  private trim(stream: Stream, n: number): void {
    stream.events.splice(0, n);
    let bytes = 0;
    for (const size of stream.sizes.splice(0, n)) bytes += size;
    stream.storedBytes -= bytes;
    this.totalBytes -= bytes;
    this.totalEvents -= n;
  }

  private dropStream(stream: Stream): void {
    this.byName.get(stream.group)?.streams.delete(stream.name);
    this.all.delete(stream);
    this.totalBytes -= stream.storedBytes;
    this.totalEvents -= stream.events.length;
  }

  groups(): readonly LogGroupInfo[] {
    const out: LogGroupInfo[] = [];
    for (const [logGroupName, group] of this.byName) {
      let storedBytes = 0;
      for (const s of group.streams.values()) storedBytes += s.storedBytes;
      out.push({ logGroupName, creationTime: group.creationTime, storedBytes });
    }
    return out;
  }

  streams(logGroupName: string): readonly LogStreamInfo[] {
    const group = this.byName.get(logGroupName);
    if (group === undefined) return [];
    return [...group.streams.values()].map((s) => s.info());
  }

  events(logGroupName: string, logStreamName: string): readonly LogEvent[] {
    return this.byName.get(logGroupName)?.streams.get(logStreamName)?.events ?? NO_EVENTS;
  }
}
