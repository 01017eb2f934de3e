// The memory an `aws` target's function is configured with, read before the
// run. A scenario without a memory sweep runs the function as it is, and the
// budget check should price that, not anything from 128 to 10,240 MB: with
// the range, a limit that fits a realistic run refuses it, and a user who is
// refused every time switches the limit off.

import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { namedRegion } from '../scenario/region';
import type { AwsTargetSpec } from '../scenario/types';
import { createLambdaClients } from './sdk';

/** How long the read may take before the estimate falls back to its range. */
const READ_TIMEOUT_MS = 10_000;

/**
 * MemorySize of the function on the qualifier the scenario invokes, or
 * undefined when it cannot be read now (no credentials, no such function):
 * the run's own open() reports that, with the error the user needs.
 */
export async function readConfiguredMemoryMb(spec: AwsTargetSpec): Promise<number | undefined> {
  const region = namedRegion(spec);
  const clients = createLambdaClients({
    function: spec.function,
    ...(region !== undefined ? { region } : {}),
    ...(spec.profile !== undefined ? { profile: spec.profile } : {}),
    ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
  });
  try {
    const config = await clients.control.send(
      new GetFunctionConfigurationCommand({ FunctionName: spec.function, ...(spec.qualifier !== undefined ? { Qualifier: spec.qualifier } : {}) }),
      { abortSignal: AbortSignal.timeout(READ_TIMEOUT_MS) },
    );
    return config.MemorySize;
  } catch {
    return undefined;
  } finally {
    clients.destroy();
  }
}
