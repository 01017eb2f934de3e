// An invocation with response streaming (InvokeWithResponseStream), read to
// its end and turned into what the aws target reads of an Invoke: the log
// tail, the function error, and the time to the first byte.
// https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html
//
// - ttfbMs: from the origin to the first PayloadChunk received (a function
//   that fails before it streams anything has none).
// - InvokeComplete's LogResult is the log tail (LogType Tail), where the
//   platform's report says cold or warm, as for Invoke.
// - InvokeComplete's ErrorCode and ErrorDetails are the failure, whenever it
//   came (before the first chunk or mid-stream): they are handed on as the
//   error document {errorType, errorMessage} a failed Invoke returns.
// The chunks themselves are not kept: a streamed response may be 200 MB.

import { performance } from 'node:perf_hooks';
import { InvokeWithResponseStreamCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export interface StreamedInvokeInput {
  readonly FunctionName: string;
  readonly Qualifier?: string;
  readonly LogType: 'Tail';
  readonly Payload: Uint8Array;
}

/** The parts of an Invoke's output the aws target reads, and the time to the first byte. */
export interface StreamedInvokeOutput {
  readonly $metadata: { readonly requestId?: string | undefined };
  readonly FunctionError?: string;
  readonly LogResult?: string;
  readonly Payload?: Uint8Array;
  readonly ttfbMs?: number;
}

export async function invokeStreamed(client: LambdaClient, input: StreamedInvokeInput, originMs: number): Promise<StreamedInvokeOutput> {
  const out = await client.send(new InvokeWithResponseStreamCommand({
    FunctionName: input.FunctionName,
    ...(input.Qualifier !== undefined ? { Qualifier: input.Qualifier } : {}),
    InvocationType: 'RequestResponse',
    LogType: input.LogType,
    Payload: input.Payload,
  }));
  let ttfbMs: number | undefined;
  let errorCode: string | undefined;
  let errorDetails: string | undefined;
  let logResult: string | undefined;
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk !== undefined) {
      ttfbMs ??= performance.now() - originMs;
    } else if (event.InvokeComplete !== undefined) {
      errorCode = event.InvokeComplete.ErrorCode;
      errorDetails = event.InvokeComplete.ErrorDetails;
      logResult = event.InvokeComplete.LogResult;
    }
  }
  const failed = errorCode !== undefined && errorCode !== '';
  return {
    $metadata: out.$metadata,
    ...(ttfbMs !== undefined ? { ttfbMs } : {}),
    ...(logResult !== undefined ? { LogResult: logResult } : {}),
    ...(failed ? {
      FunctionError: 'Unhandled',
      Payload: Buffer.from(JSON.stringify({ errorType: errorCode, errorMessage: errorDetails ?? '' })),
    } : {}),
  };
}
