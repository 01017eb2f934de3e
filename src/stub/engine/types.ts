// The seam between the control plane (src/stub/api, the Lambda REST API) and
// the engine (execution environments, Runtime API, logs). The control plane
// resolves names, versions and aliases into an immutable snapshot; the engine
// only ever sees snapshots and knows nothing of HTTP routes.

import type { Architecture } from '../../lambda/architectures';
import type { ThrottleReason } from '../../lambda/errors';
import type { LoggingSettings } from '../../lambda/logging-config';
import type { HostContention } from './contention-watch';
import type { CpuWait } from './cpu-wait';
import type { ProvisionedStatus } from './provisioned';

export type { ProvisionedStatus } from './provisioned';
export type { CpuWait } from './cpu-wait';
export type { HostContention } from './contention-watch';

/** One version of one function, frozen at the moment it is invoked. */
export interface FunctionSnapshot {
  readonly name: string;
  /** '$LATEST' or a published version number ('1', '2', …). */
  readonly version: string;
  /** Unqualified function ARN, arn:aws:lambda:<region>:<account>:function:<name>. */
  readonly functionArn: string;
  readonly codeDir: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSec: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly architecture: Architecture;
  readonly ephemeralStorageMb: number;
  /** LoggingConfig: the log format and levels, and the log group when not /aws/lambda/<name>. */
  readonly logging: LoggingSettings;
  /**
   * Changes whenever anything that defines an environment changes (code,
   * configuration, version). Environments are only reused for the same
   * generation, so a configuration change makes the next invocation cold.
   */
  readonly generation: string;
  readonly region: string;
}

export interface InvokeRequest {
  readonly fn: FunctionSnapshot;
  /** The ARN the caller used, qualified if it gave a qualifier. */
  readonly invokedArn: string;
  readonly payload: Buffer;
  readonly requestId: string;
  /** Base64 client context from X-Amz-Client-Context, passed through to the runtime. */
  readonly clientContext?: string;
  /** Reserved concurrency of the function (all versions together); null = unreserved. */
  readonly reservedConcurrency: number | null;
  /**
   * Called the moment the runtime posts its result, before the invocation's
   * log is complete (its REPORT waits for output still in the pipe and for
   * the memory peak). For callers that do not read the log, so that they can
   * answer without waiting for it. Results the platform makes (timeouts,
   * crashes, init failures) come only as the outcome.
   */
  readonly onResult?: (payload: Buffer, functionError: 'Unhandled' | undefined, cpuWait: CpuWait | undefined) => void;
  /**
   * A caller that takes a streamed response as it arrives
   * (InvokeWithResponseStream, a RESPONSE_STREAM Function URL). Without it, a
   * function that streams is answered buffered, within the 6 MB of a
   * buffered response.
   */
  readonly stream?: ResponseStreamSink;
}

/** Where the chunks of a streamed response go, in order, as the runtime posts them (streamed-response.ts). */
export interface ResponseStreamSink {
  /** The runtime began a streamed response, of this Content-Type; called once, before any chunk. */
  start(contentType: string): void;
  chunk(data: Buffer): void;
}

export type InvokeOutcome =
  | {
      readonly kind: 'response';
      /** What the runtime posted (or Lambda's error document built by the engine). */
      readonly payload: Buffer;
      /** Set when the handler failed, timed out, or its environment died. */
      readonly functionError?: 'Unhandled' | 'Handled';
      /** The invocation's own log text (START … REPORT), for X-Amz-Log-Result. */
      readonly log: string;
      /** How long the runtime waited for a CPU from the hand-over to the result (cpu-wait.ts), when measured. */
      readonly cpuWait?: CpuWait;
    }
  | {
      readonly kind: 'throttled';
      readonly reason: typeof ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded | typeof ThrottleReason.ConcurrentInvocationLimitExceeded;
    };

export interface EngineOptions {
  /** Interface the per-environment Runtime API servers bind; 127.0.0.1 by default. */
  readonly host?: string;
  /** Idle environments are stopped after this long without an invocation. */
  readonly idleTimeoutMs?: number;
  /** Use cgroups for memory and CPU limits when the machine allows it (default true). */
  readonly cgroups?: boolean;
  /** Upper bound of environments across all functions (the account's concurrency). */
  readonly maxEnvironments?: number;
  /** Called once per distinct warning (for example: cgroups unavailable). */
  readonly onWarning?: (message: string) => void;
  /**
   * Strict mode: never more invocations running than the machine's cores
   * can serve at their CPU shares; the rest wait, in order (cpu-admission.ts).
   */
  readonly strict?: boolean;
  /** Called when, over a window of invocations of one function and memory size, waiting for a CPU was a material share of Duration (contention-watch.ts). */
  readonly onHostContention?: (report: HostContention) => void;
  /**
   * For tests only: the Init phase's limit in ms instead of Lambda's 10 s, so
   * that an init timing out (and its re-run) can be tested quickly.
   */
  readonly initLimitMs?: number;
  /**
   * For tests only: the limit of a streamed response in bytes instead of
   * Lambda's (STREAMED_RESPONSE_MAX_BYTES), so that it can be passed quickly.
   */
  readonly streamedResponseMaxBytes?: number;
}

/** What the control plane needs from the engine. */
export interface Engine {
  invoke(request: InvokeRequest): Promise<InvokeOutcome>;
  /**
   * Forget every environment of this function (all versions): idle ones stop
   * now, busy ones after their invocation. Called on a configuration change,
   * a new version and deletion.
   */
  retire(functionName: string, version?: string): void;
  /**
   * SnapStart: runs this published version's init once and keeps it as the
   * snapshot its new environments are restored from (snapshot.ts). Resolves
   * when it is ready; rejects with the reason its init failed. Retiring the
   * version (or its function) drops the snapshot. Optional: an engine
   * without it (a test double) makes every SnapStart version Failed.
   */
  snapshot?(fn: FunctionSnapshot): Promise<void>;
  /**
   * Provisioned concurrency (provisioned.ts); an engine without it makes the
   * API refuse PutProvisionedConcurrencyConfig instead of ignoring it.
   */
  readonly provisioning?: Provisioning;
  /** Limits the engine could not apply on this machine, for GetFunctionConfiguration. */
  readonly limitations: readonly string[];
  /** Every log line the environments wrote, as CloudWatch Logs groups and streams. */
  readonly logs: LogStoreReader;
  /** Stops every environment and removes every cgroup it made. */
  stop(): Promise<void>;
}

/** Environments started ahead for a version or alias, under a key of the control plane's (function:qualifier). */
export interface Provisioning {
  /**
   * `count` environments of `fn` started ahead under `key`, replacing what
   * `key` had. A reason when it cannot be applied here (too many
   * environments for this machine).
   */
  provision(key: string, fn: FunctionSnapshot, count: number): string | undefined;
  /** Stops the environments provisioned under `key`. */
  unprovision(key: string): void;
  /** Where the environments of `key` are; undefined when nothing is provisioned under it. */
  status(key: string): ProvisionedStatus | undefined;
}

/** One CloudWatch Logs event. */
export interface LogEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
}

export interface LogStreamInfo {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly creationTime: number;
  readonly firstEventTimestamp: number | undefined;
  readonly lastEventTimestamp: number | undefined;
  readonly lastIngestionTime: number | undefined;
  readonly storedBytes: number;
}

export interface LogGroupInfo {
  readonly logGroupName: string;
  readonly creationTime: number;
  readonly storedBytes: number;
}

/**
 * The engine's logs, read side: group /aws/lambda/<name>, one stream per
 * execution environment named as Lambda names them. Bounded in memory: the
 * oldest events of a stream and the oldest streams of a group are dropped.
 */
export interface LogStoreReader {
  groups(): readonly LogGroupInfo[];
  streams(logGroupName: string): readonly LogStreamInfo[];
  /** Events of one stream in time order (a live array: copy before keeping it). */
  events(logGroupName: string, logStreamName: string): readonly LogEvent[];
  /** What the store holds now (bytes are the messages' UTF-8 bytes), for tests and the load bench. */
  stats(): LogStoreStats;
}

export interface LogStoreStats {
  readonly bytes: number;
  readonly events: number;
  readonly streams: number;
}
