// CloudWatch Logs, in memory: what every environment wrote, bounded so a long
// benchmark cannot grow the service without limit.

import type { LogEvent, LogGroupInfo, LogStoreReader, LogStreamInfo } from './types';

export interface LogStoreLimits {
  /** Oldest events beyond this are dropped, per stream. */
  readonly maxEventsPerStream: number;
  /** Oldest streams beyond this are dropped, per group. */
  readonly maxStreamsPerGroup: number;
}

const DEFAULT_LIMITS: LogStoreLimits = { maxEventsPerStream: 10_000, maxStreamsPerGroup: 200 };

class Stream {
  readonly events: LogEvent[] = [];
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

const NO_EVENTS: readonly LogEvent[] = [];

export class LogStore implements LogStoreReader {
  private readonly byName = new Map<string, Group>();
  private readonly limits: LogStoreLimits;

  constructor(limits: Partial<LogStoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
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
      // Maps iterate in insertion order: the first key is the oldest stream.
      if (group.streams.size > this.limits.maxStreamsPerGroup) {
        const oldest = group.streams.keys().next().value;
        if (oldest !== undefined) group.streams.delete(oldest);
      }
    }
    stream.events.push({ timestamp, ingestionTime: timestamp, message });
    stream.storedBytes += message.length;
    const max = this.limits.maxEventsPerStream;
    // Trim in batches so dropping old events stays amortised O(1).
    if (stream.events.length > max + (max >> 3) + 1) {
      const dropped = stream.events.splice(0, stream.events.length - max);
      for (const e of dropped) stream.storedBytes -= e.message.length;
    }
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
