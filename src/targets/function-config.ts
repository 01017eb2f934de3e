// Changes to a function's $LATEST configuration, and putting it back. This is
// the project's choice for memory sweeps and forced cold starts: change
// $LATEST (MemorySize; a nonce environment variable, which makes Lambda start
// new execution environments), wait for the update with the SDK's waiter, and
// restore MemorySize, Environment and Description at the end. Every change is
// journalled before it is made.

import { randomUUID } from 'node:crypto';
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { MEMORY_DEFAULT_MB } from '../lambda/limits';
import { withBackoff } from './control-retry';
import { refKey, type ConfigChange, type FunctionRef, type FunctionState, type Journal } from './journal';

export const NONCE_VARIABLE = 'COLDBENCH_NONCE';

/** Longest wait for one configuration update to finish, in seconds. */
const UPDATE_WAIT_SEC = 300;

export class FunctionConfigurator {
  private current: FunctionState | undefined;

  constructor(
    private readonly client: LambdaClient,
    private readonly ref: FunctionRef,
    private readonly journal: Journal,
  ) {}

  /** Reads the configuration of $LATEST as it is now. */
  async read(): Promise<FunctionState> {
    const config = await withBackoff(() => this.client.send(new GetFunctionConfigurationCommand({ FunctionName: this.ref.function })));
    this.current = stateOf(config);
    return this.current;
  }

  get memoryMb(): number | undefined {
    return this.current?.memoryMb;
  }

  async setMemory(memoryMb: number): Promise<void> {
    const state = this.current ?? await this.read();
    if (state.memoryMb === memoryMb) return;
    await this.apply({ memoryMb }, { ...state, memoryMb });
  }

  /** A new nonce in the environment: the next invocation runs on a new execution environment. */
  async forceFreshEnvironment(): Promise<void> {
    const state = this.current ?? await this.read();
    const nonce = randomUUID();
    await this.apply({ nonce }, { ...state, environment: { ...(state.environment ?? {}), [NONCE_VARIABLE]: nonce } });
  }

  /** Puts back the configuration recorded before the first change, if anything is pending. */
  async restore(): Promise<boolean> {
    const pending = this.journal.pending();
    const mine = pending.find((p) => sameRef(p.ref, this.ref));
    if (!mine) return false;
    await restoreFunction(this.client, mine.ref, mine.original, this.journal);
    this.current = mine.original;
    return true;
  }

  private async apply(change: ConfigChange, next: FunctionState): Promise<void> {
    if (!this.journal.originalOf(this.ref)) {
      // Read afresh: the original must be the function as it is now, not as it was when the run opened.
      const original = await this.read();
      this.journal.recordOriginal(this.ref, original);
    }
    this.journal.recordChange(this.ref, change);
    await update(this.client, this.ref.function, next);
    this.current = next;
  }
}

/** Restores one function from a journal's record; used by the run and by `coldbench restore`. */
export async function restoreFunction(client: LambdaClient, ref: FunctionRef, original: FunctionState, journal: Journal): Promise<void> {
  await update(client, ref.function, original);
  journal.recordRestored(ref);
}

async function update(client: LambdaClient, functionName: string, state: FunctionState): Promise<void> {
  // A previous update may still be in progress (ours, or someone else's): wait for it first.
  await waitUpdated(client, functionName);
  await withBackoff(() => client.send(new UpdateFunctionConfigurationCommand({
    FunctionName: functionName,
    MemorySize: state.memoryMb,
    Environment: { Variables: { ...(state.environment ?? {}) } },
    Description: state.description,
  })));
  await waitUpdated(client, functionName);
}

async function waitUpdated(client: LambdaClient, functionName: string): Promise<void> {
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: UPDATE_WAIT_SEC, minDelay: 1, maxDelay: 5 }, { FunctionName: functionName });
}

function stateOf(config: FunctionConfiguration): FunctionState {
  const variables = config.Environment?.Variables;
  return {
    memoryMb: config.MemorySize ?? MEMORY_DEFAULT_MB,
    environment: variables ? { ...variables } : null,
    description: config.Description ?? '',
  };
}

function sameRef(a: FunctionRef, b: FunctionRef): boolean {
  return refKey(a) === refKey(b);
}
