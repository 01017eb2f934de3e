// A scenario after validation: typed, paths absolute, payload files read,
// defaults applied. The plan builder (../plan/build.ts) makes it a Plan,
// expanding `memory` × `phases` into settings with their schedules.

import type { Architecture } from '../lambda/architectures';
import type { CheckedPhase } from './validate';

export type { Architecture };

export interface LocalTargetSpec {
  readonly kind: 'local';
  readonly function: string;
  /** Absolute path of the function's code folder. */
  readonly codeDir: string;
  /** undefined: the folder's function.json, else Lambda's default (index.handler / nodejs20.x). */
  readonly handler?: string;
  readonly runtime?: string;
  /** Timeout in seconds and environment of the function, when the scenario sets them. */
  readonly timeoutSec?: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** The memory the function starts with (function.json's, else the local service's 128 MB), known before the run for the estimate. */
  readonly memoryMb?: number;
  /** `invocationTimeout`: the client's deadline per invocation; default the function's timeout plus a margin. */
  readonly invocationTimeoutMs?: number;
  /** Invoke with InvokeWithResponseStream, measuring the time to the first byte (ttfb_ms). */
  readonly responseStreaming?: boolean;
  /** Strict mode: never more invocations running than the machine's cores can serve at their CPU shares; the rest wait (their wait is in client_ms, never in Duration). */
  readonly strict?: boolean;
}

export interface AwsTargetSpec {
  readonly kind: 'aws';
  /** Name or ARN. */
  readonly function: string;
  readonly region?: string;
  readonly profile?: string;
  /** Another Lambda-compatible endpoint (LocalStack, coldbench stub). */
  readonly endpoint?: string;
  /** Qualifier to invoke (version or alias); default $LATEST. */
  readonly qualifier?: string;
  /** `invocationTimeout`: the client's deadline per invocation; default the function's timeout plus a margin. */
  readonly invocationTimeoutMs?: number;
  /** Invoke with InvokeWithResponseStream, measuring the time to the first byte (ttfb_ms). */
  readonly responseStreaming?: boolean;
}

export interface HttpTargetSpec {
  readonly kind: 'http';
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Request body; falls back to the scenario's payload. */
  readonly body?: Buffer;
  /** The Lambda function behind the URL, to join REPORT lines from its logs. */
  readonly function?: string;
  readonly region?: string;
  readonly endpoint?: string;
}

export type TargetSpec = LocalTargetSpec | AwsTargetSpec | HttpTargetSpec;

export interface WeightedPayload {
  readonly weight: number;
  readonly body: Buffer;
}

/** Limits a run must not pass: checked against the estimate first, then against every attempt. */
export interface Budget {
  readonly maxInvocations?: number;
  readonly maxCostUsd?: number;
}

export type ScenarioPhase = CheckedPhase;

export interface Scenario {
  readonly name: string;
  /** Absolute path of the scenario file. */
  readonly file: string;
  /** The scenario as parsed, for run.json: payloads as size and SHA-256 unless storePayloads, environment and header values never (./redact.ts). */
  readonly source: unknown;
  readonly target: TargetSpec;
  readonly architecture: Architecture;
  /** Region used for pricing (the target's, or us-east-1). */
  readonly region: string;
  /** The memory settings to sweep, or null to leave the function's memory as it is. */
  readonly memory: readonly number[] | null;
  /** A memory sweep's order: settings interleaved in rounds (default) or one after another. */
  readonly order: 'interleaved' | 'sequential';
  readonly phases: readonly ScenarioPhase[];
  /** Never empty for local and aws targets (default `{}`); empty for http without body or payload. */
  readonly payloads: readonly WeightedPayload[];
  readonly budget: Budget;
  /** Fraction of failed invocations above which `run` exits 1. */
  readonly maxErrorRate: number;
  /** For throttled invocations; every attempt is a row. */
  readonly retry: { readonly attempts: number; readonly backoffMs: number };
  readonly storePayloads: boolean;
  /** Ephemeral storage in MB (512 is free), for cost. */
  readonly ephemeralStorageMb: number;
  /** Monthly volume to project the price at (volume tiers), and whether to apply the free tier. */
  readonly projection?: { readonly monthlyInvocations: number; readonly freeTier: boolean };
  /** `expectedDuration`: the billed ms per invocation the estimate assumes instead of its 1–1,000 ms range. */
  readonly expectedDurationMs?: number;
  /** Weight of speed against cost in the balanced memory recommendation (0 = cost only, 1 = speed only). */
  readonly balancedWeight: number;
}
