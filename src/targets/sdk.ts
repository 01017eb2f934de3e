// Lambda clients for one function's location. Two clients: invocations with
// the SDK's automatic retries OFF (it would retry 429s silently, and every
// attempt must be a row), and control-plane calls whose throttles are retried
// by ./control-retry.ts with visible backoff.

import * as http from 'node:http';
import * as https from 'node:https';
import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import type { FunctionRef } from './journal';
import { readCpuWaitHeaders } from './cpu-wait-headers';

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * The SDK prints a multi-line "NodeVersionSupportWarning" through
 * process.emitWarning at its first call on Node < 22. The SDK's documented
 * switch for it is this environment variable; it is set only when the user
 * has not chosen, and the Node version goes into run.json instead.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export interface LambdaClients {
  readonly data: LambdaClient;
  readonly control: LambdaClient;
  /**
   * From now on every invocation gives up after `ms` without an answer. The
   * HTTP handler's request timeout does it (one timer per request, cleared):
   * an AbortSignal.timeout per invocation left a live timer and a listener
   * each, and coldbench's client CPU over the bare SDK loop rose from about
   * 100 to 160 µs per invocation in the harness bench.
   */
  setInvokeTimeout(ms: number): void;
  destroy(): void;
}

export function createLambdaClients(ref: FunctionRef, credentials?: StaticCredentials): LambdaClients {
  silenceSdkNodeVersionWarning();
  // Keep-alive so warm latency is not a TCP handshake; enough sockets for any concurrency a scenario asks for.
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 2048 });
  const base: LambdaClientConfig = {
    maxAttempts: 1,
    requestHandler: { httpAgent, httpsAgent },
    ...(ref.region ? { region: ref.region } : {}),
    ...(ref.profile ? { profile: ref.profile } : {}),
    ...(ref.endpoint ? { endpoint: ref.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  // An endpoint override may be the local service, which tells each invocation's wait for a CPU.
  // cacheMiddleware: the SDK resolves (copies and sorts) the whole middleware stack on every
  // send unless told to keep it per command class; the invocation client's stack is complete
  // before its first send and never changes, and the saving is client CPU on every
  // invocation (about 40 µs here), which on a shared machine is CPU taken from what is measured.
  const dataClient = (config: LambdaClientConfig): LambdaClient => {
    const client = new LambdaClient({ ...config, cacheMiddleware: true });
    if (ref.endpoint) readCpuWaitHeaders(client);
    return client;
  };
  let data = dataClient(base);
  const control = new LambdaClient(base);
  return {
    get data() {
      return data;
    },
    control,
    setInvokeTimeout(ms: number): void {
      // Set before the first invocation (open()): the replaced client has sent nothing, and destroying
      // it would destroy the agents it shares with the control client, so it is only dropped.
      data = dataClient({ ...base, requestHandler: { httpAgent, httpsAgent, requestTimeout: ms, throwOnRequestTimeout: true } });
    },
    destroy: () => {
      data.destroy();
      control.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
