// A pattern decides *when* each invocation is due and nothing else: it never
// measures and never knows the target. Each pattern is one module exporting a
// Pattern, registered by one line in ./registry.ts.

import type { z } from 'zod';

/** One invocation the pattern wants made. */
export interface Slot {
  /**
   * Monotonic time (ms, performance.now()) at which the invocation was due.
   * Open-model patterns set it, and latency is measured from it rather than
   * from the actual send, so that a slow target cannot hide queueing
   * (coordinated omission). Closed-model patterns leave it undefined.
   */
  readonly intendedAt?: number;
}

/** What the run gives a pattern to act through. */
export interface PatternDriver {
  /** Makes one invocation; resolves once it has been measured and recorded. Never rejects. */
  invoke(slot: Slot): Promise<void>;
  /** Makes the next invocation run on a fresh execution environment (forced cold start). */
  freshEnvironment(): Promise<void>;
  /** Monotonic clock in ms (performance.now()). */
  now(): number;
  /** Resolves after ms, or early when the run is aborted. */
  sleep(ms: number): Promise<void>;
  /** Aborted on interruption or budget: hand out no more slots and return. */
  readonly signal: AbortSignal;
  /**
   * Hands a whole phase to a load generator (the http target's autocannon),
   * which makes and measures every request itself; resolves once all of its
   * rows are recorded. Absent where the target cannot drive load.
   */
  load?(spec: LoadSpec): Promise<void>;
}

/** A closed-loop HTTP load: `connections` clients, each sending its next request when the previous one is answered. */
export interface LoadSpec {
  readonly connections: number;
  /** Stop after this many requests in all… */
  readonly amount?: number;
  /** …or after this long (ms). One of the two is set. */
  readonly durationMs?: number;
  /** Cap on requests per second over all connections. */
  readonly rate?: number;
  /** Requests in flight per connection; 1 so that each latency is one request's. */
  readonly pipelining: 1;
  /** A request unanswered this long is a timeout. */
  readonly timeoutMs: number;
}

/** A pattern bound to its validated options: ready to run, nothing left to parse. */
export interface Schedule {
  /** Invocations this schedule makes when it runs to the end (open models: rate × duration). */
  readonly invocations: number;
  /** Expected wall time, given an assumed latency per invocation. */
  estimateWallMs(assumedLatencyMs: number): number;
  run(driver: PatternDriver): Promise<void>;
}

export type TargetKind = 'local' | 'aws' | 'http';

export interface Pattern<Options> {
  readonly name: string;
  /** One line for `--help` and error messages. */
  readonly summary: string;
  /** Options of a phase using this pattern (the phase's keys other than name and pattern). */
  readonly options: z.ZodType<Options>;
  /** Target kinds this pattern can drive; all slot-based patterns work on every kind but http. */
  readonly targets: readonly TargetKind[];
  /**
   * Asks for every invocation on a fresh execution environment, which the
   * target forces by changing the function (on aws, $LATEST's configuration):
   * callers read this, never the pattern's name.
   */
  readonly forcesFreshEnvironments: boolean;
  create(options: Options): Schedule;
}
