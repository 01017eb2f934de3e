// The local service's measure of each invocation's wait for a CPU reaches
// the harness as two response headers of its own (docs/local-service.md);
// the SDK's Invoke output has no field for unknown headers, so one
// deserialize-step middleware on the invocation client reads them from the
// raw response and files them under the response's request id, where the
// target takes them (the output object the SDK finally returns is not the
// one that step sees). Added only for an endpoint override: real Lambda
// never sends them.

import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CPU_THROTTLED_HEADER, HOST_WAIT_HEADER } from '../stub';

export interface CpuWaitFigures {
  readonly hostWaitMs: number;
  readonly cpuThrottledMs?: number;
}

const HOST = HOST_WAIT_HEADER.toLowerCase();
const THROTTLED = CPU_THROTTLED_HEADER.toLowerCase();

/** Figures per request id until the target takes them; bounded in case a response is never taken (a client that gave up). */
const byRequest = new Map<string, CpuWaitFigures>();
const MAX_PENDING = 10_000;

function msOf(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Makes `client` keep the headers of every response that has them. */
export function readCpuWaitHeaders(client: LambdaClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
      const host = msOf(headers?.[HOST]);
      const id = headers?.['x-amzn-requestid'];
      if (host !== undefined && id !== undefined) {
        const throttled = msOf(headers?.[THROTTLED]);
        if (byRequest.size >= MAX_PENDING) byRequest.clear();
        byRequest.set(id, throttled === undefined ? { hostWaitMs: host } : { hostWaitMs: host, cpuThrottledMs: throttled });
      }
      return result;
    },
    { step: 'deserialize', name: 'coldbenchCpuWaitHeaders' },
  );
}

/** What the service said of the invocation `requestId`, taken once; undefined from real Lambda. */
export function takeCpuWait(requestId: string | undefined): CpuWaitFigures | undefined {
  if (requestId === undefined || byRequest.size === 0) return undefined;
  const figures = byRequest.get(requestId);
  if (figures !== undefined) byRequest.delete(requestId);
  return figures;
}
