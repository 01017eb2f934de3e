// Changes to a function's $LATEST configuration, and putting it back. This is
// the project's choice for memory sweeps and forced cold starts: change
// $LATEST (MemorySize; a nonce environment variable, which makes Lambda start
// new execution environments), wait for the update with the SDK's waiter, and
// restore MemorySize, Environment and Description at the end. Every change is
// journalled before it is made.
//
// Where $LATEST is not what runs (SnapStart runs only on published versions;
// provisioned concurrency is configured on a version or alias), a fresh
// environment needs a new version after a configuration change, the approach
// AWS Lambda Power Tuning takes for `onlyColdStarts`: publishVersion() and
// createAlias() create them, journalled before the create call, and restore()
// deletes them again (aliases first: Lambda refuses to delete a version an
// alias names).

import { randomUUID } from 'node:crypto';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ApiError } from '../lambda/errors';
import { MEMORY_DEFAULT_MB } from '../lambda/limits';
import { withBackoff } from './control-retry';
import { TargetError } from './errors';
import {
  refKey, resourceKey, type ConfigChange, type FunctionRef, type FunctionState, type Journal, type PendingRemoval,
} from './journal';
import {
  describeLease, LeaseError, NONCE_VARIABLE, parseLease, sameHolder, staleReason, stripLease, stripNonce, withLease, type Lease,
} from './lease';

export { NONCE_VARIABLE } from './lease';

/** Tries at taking a lease when other updates keep slipping in between the read and the conditional write. */
const LEASE_ATTEMPTS = 5;

/** Longest wait for one configuration update to finish, in seconds. */
const UPDATE_WAIT_SEC = 300;

/**
 * Longest wait for a published version to become Active, in seconds. A
 * SnapStart version stays Pending while Lambda runs its init and takes the
 * snapshot, which can take minutes for a heavy init.
 */
const PUBLISH_WAIT_SEC = 900;

/** Descriptions of the versions coldbench publishes start so; the rest is unique to each. */
export const VERSION_MARKER_PREFIX = 'coldbench ';
export const ALIAS_PREFIX = 'coldbench-';

export interface PublishedVersion {
  readonly version: string;
  /** SnapStart.OptimizationStatus of the version once Active (`On` when its snapshot is ready). */
  readonly snapStartOptimization: string | undefined;
}

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

  /**
   * Refuses, before anything is measured, a function whose lease another live
   * run holds: what this run would measure is that run's configuration, and
   * its first change would be refused mid-run anyway. The check at the first
   * change (takeLease) still decides a race between two runs opened at once.
   */
  async refuseIfLeased(): Promise<void> {
    const state = this.current ?? await this.read();
    const lease = parseLease(state.description);
    if (lease === undefined || sameHolder(lease, this.journal.lease.holder) || staleReason(lease) !== undefined) return;
    throw new LeaseError(`${this.ref.function} is being changed by another coldbench ${describeLease(lease)}; nothing was changed or measured. Wait for that run to end (or, if it was killed on another host, run \`coldbench restore\` on its result folder)`);
  }

  async setMemory(memoryMb: number): Promise<void> {
    const state = this.current ?? await this.read();
    if (state.memoryMb === memoryMb) return;
    await this.apply({ memoryMb });
  }

  /** A new nonce in the environment: the next invocation runs on a new execution environment. */
  async forceFreshEnvironment(): Promise<void> {
    if (this.current === undefined) await this.read();
    await this.apply({ nonce: randomUUID() });
  }

  /**
   * Publishes $LATEST as a new version and waits until it is Active (for
   * SnapStart: until its snapshot is made). Call it after a configuration
   * change: Lambda publishes nothing new for an unchanged $LATEST and returns
   * the newest version instead, which is not coldbench's and is refused here.
   */
  async publishVersion(): Promise<PublishedVersion> {
    const fn = this.ref.function;
    // Publishing during an update would freeze the configuration before the change.
    await waitUpdated(this.client, fn);
    const marker = `${VERSION_MARKER_PREFIX}${randomUUID()}`;
    this.journal.recordCreated(this.ref, { kind: 'version', marker });
    const out = await withBackoff(() => this.client.send(new PublishVersionCommand({ FunctionName: fn, Description: marker })));
    if (out.Description !== marker || out.Version === undefined) {
      // An existing version came back: it is the user's, and stays.
      this.journal.recordRemoved(this.ref, resourceKey({ kind: 'version', marker }));
      throw new TargetError(`PublishVersion on "${fn}" returned the existing version ${out.Version ?? '?'} (nothing changed since it was published); coldbench publishes only after a configuration change`);
    }
    const version = out.Version;
    this.journal.recordPublished(this.ref, marker, version);
    await waitUntilPublishedVersionActive({ client: this.client, maxWaitTime: PUBLISH_WAIT_SEC, minDelay: 1, maxDelay: 5 }, { FunctionName: fn, Qualifier: version });
    const active = await withBackoff(() => this.client.send(new GetFunctionConfigurationCommand({ FunctionName: fn, Qualifier: version })));
    return { version, snapStartOptimization: active.SnapStart?.OptimizationStatus };
  }

  /** Creates an alias with a name of coldbench's own for `version`; returns the name. */
  async createAlias(version: string): Promise<string> {
    const name = `${ALIAS_PREFIX}${randomUUID().slice(0, 12)}`;
    this.journal.recordCreated(this.ref, { kind: 'alias', name, version });
    try {
      await withBackoff(() => this.client.send(new CreateAliasCommand({
        FunctionName: this.ref.function,
        Name: name,
        FunctionVersion: version,
        Description: 'created by coldbench for one run; deleted at its end',
      })));
    } catch (err) {
      // An alias of that name already there is someone else's: never delete it.
      if (errorName(err) === ApiError.ResourceConflictException) this.journal.recordRemoved(this.ref, resourceKey({ kind: 'alias', name, version }));
      throw err;
    }
    return name;
  }

  /**
   * Deletes one version this run published, through the journal as restore()
   * and `coldbench restore` do (ForcedRestores drops a version once the next
   * replaces it: a Python or .NET version's snapshot is charged while it
   * exists). A version the journal does not list as coldbench's is left alone.
   */
  async deleteVersion(version: string): Promise<void> {
    const p = this.journal.pendingRemovals().find((r) => sameRef(r.ref, this.ref) && r.resource.kind === 'version' && r.version === version);
    if (p !== undefined) await removeCreated(this.client, p, this.journal);
  }

  /**
   * Deletes every version and alias this function's journal says coldbench
   * created, then puts back the configuration recorded before the first
   * change. False when there was nothing to do.
   */
  async restore(): Promise<boolean> {
    const removals = this.journal.pendingRemovals().filter((p) => sameRef(p.ref, this.ref));
    for (const p of removals) await removeCreated(this.client, p, this.journal);
    const pending = this.journal.pending();
    const mine = pending.find((p) => sameRef(p.ref, this.ref));
    if (!mine) return removals.length > 0;
    const outcome = await restoreFunction(this.client, mine.ref, mine.original, this.journal, mine.holder);
    if (outcome !== 'restored') this.journal.lease.notice(`${this.ref.function} was not put back: ${describeLease(outcome)} has taken it over and will`);
    this.current = mine.original;
    return true;
  }

  private async apply(change: ConfigChange): Promise<void> {
    const original = this.journal.originalOf(this.ref);
    if (original === undefined) {
      await this.takeLease(change);
      return;
    }
    const { holder } = this.journal.lease;
    // Every change renews the lease: no update of its own, which would retire warm environments.
    const next = { ...changed(this.current ?? original, change), description: withLease(original.description, holder, original.memoryMb) };
    this.journal.recordChange(this.ref, change);
    await update(this.client, this.ref.function, next);
    this.current = next;
  }

  /**
   * The first change: read the function afresh (the original is the function
   * as it is now, not as it was when the run opened), refuse if another live
   * run holds its lease, journal the original without coldbench's own traces,
   * then make the change and write the lease in one update conditional on the
   * revision read, so that of two runs at once only one gets through.
   */
  private async takeLease(change: ConfigChange): Promise<void> {
    const fn = this.ref.function;
    const { holder, notice } = this.journal.lease;
    for (let attempt = 1; ; attempt++) {
      const config = await withBackoff(() => this.client.send(new GetFunctionConfigurationCommand({ FunctionName: fn })));
      const found = stateOf(config);
      const lease = parseLease(found.description);
      let memoryMb = found.memoryMb;
      if (lease !== undefined && !sameHolder(lease, holder)) {
        const stale = staleReason(lease);
        if (stale === undefined) {
          throw new LeaseError(`${fn} is being changed by another coldbench ${describeLease(lease)}; nothing was changed. Wait for that run to end (or, if it was killed on another host, run \`coldbench restore\` on its result folder)`);
        }
        notice(`taking over the lease on ${fn} from ${describeLease(lease)}: ${stale}; its original memory (${lease.originalMemoryMb} MB) is kept as the original`);
        // The dead run's sweep may have left its own MemorySize: the marker kept the one it found.
        memoryMb = lease.originalMemoryMb;
      }
      const original: FunctionState = { memoryMb, environment: stripNonce(found.environment), description: stripLease(found.description) };
      const next = { ...changed(original, change), description: withLease(original.description, holder, original.memoryMb) };
      this.journal.recordOriginal(this.ref, original, holder.runId);
      this.journal.recordChange(this.ref, change);
      try {
        await update(this.client, fn, next, config.RevisionId);
      } catch (err) {
        if (errorName(err) !== ApiError.PreconditionFailedException) throw err;
        // Someone updated the function between the read and the write: nothing of ours was applied.
        this.journal.recordRestored(this.ref);
        if (attempt >= LEASE_ATTEMPTS) throw new LeaseError(`${fn} kept changing while coldbench tried to take its lease (${attempt} tries); nothing was changed`);
        continue;
      }
      this.current = next;
      return;
    }
  }
}

/** `state` with `change` applied. */
function changed(state: FunctionState, change: ConfigChange): FunctionState {
  return {
    ...state,
    ...(change.memoryMb !== undefined ? { memoryMb: change.memoryMb } : {}),
    ...(change.nonce !== undefined ? { environment: { ...(state.environment ?? {}), [NONCE_VARIABLE]: change.nonce } } : {}),
  };
}

/**
 * Restores one function from a journal's record; used by the run and by
 * `coldbench restore`. Putting back the original also removes the lease
 * marker, which releases the function. When another live run holds the lease
 * now (it took over after this run was presumed dead), that run has the same
 * original on record and will put it back: this one leaves it alone and
 * returns that lease.
 */
export async function restoreFunction(
  client: LambdaClient, ref: FunctionRef, original: FunctionState, journal: Journal, holder?: string,
): Promise<'restored' | Lease> {
  const config = await withBackoff(() => client.send(new GetFunctionConfigurationCommand({ FunctionName: ref.function })));
  const lease = parseLease(config.Description ?? '');
  if (lease !== undefined && holder !== undefined && lease.runId !== holder && staleReason(lease) === undefined) {
    journal.recordRestored(ref);
    return lease;
  }
  await update(client, ref.function, original);
  journal.recordRestored(ref);
  return 'restored';
}

/**
 * Deletes one version or alias coldbench created; one already gone counts as
 * done. Used by the run and by `coldbench restore`.
 */
export async function removeCreated(client: LambdaClient, p: PendingRemoval, journal: Journal): Promise<'deleted' | 'gone'> {
  const fn = p.ref.function;
  let outcome: 'deleted' | 'gone';
  if (p.resource.kind === 'alias') {
    const name = p.resource.name;
    outcome = await goneIfNotFound(() => client.send(new DeleteAliasCommand({ FunctionName: fn, Name: name })));
  } else {
    // The number is unknown when the run died between the call and its answer: the Description names it.
    const version = p.version ?? await findVersionByMarker(client, fn, p.resource.marker);
    outcome = version === undefined ? 'gone'
      : await goneIfNotFound(() => client.send(new DeleteFunctionCommand({ FunctionName: fn, Qualifier: version })));
  }
  journal.recordRemoved(p.ref, p.key);
  return outcome;
}

async function goneIfNotFound(call: () => Promise<unknown>): Promise<'deleted' | 'gone'> {
  try {
    await withBackoff(call);
    return 'deleted';
  } catch (err) {
    if (errorName(err) === ApiError.ResourceNotFoundException) return 'gone';
    throw err;
  }
}

async function findVersionByMarker(client: LambdaClient, functionName: string, marker: string): Promise<string | undefined> {
  let nextPage: string | undefined;
  try {
    do {
      const page = await withBackoff(() => client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, ...(nextPage ? { Marker: nextPage } : {}) })));
      const found = page.Versions?.find((v) => v.Description === marker && v.Version !== '$LATEST');
      if (found?.Version) return found.Version;
      nextPage = page.NextMarker;
    } while (nextPage);
  } catch (err) {
    // The function itself is gone: so is every version of it.
    if (errorName(err) === ApiError.ResourceNotFoundException) return undefined;
    throw err;
  }
  return undefined;
}

function errorName(err: unknown): string | undefined {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

async function update(client: LambdaClient, functionName: string, state: FunctionState, revisionId?: string): Promise<void> {
  // A previous update may still be in progress (ours, or someone else's): wait for it first.
  await waitUpdated(client, functionName);
  await withBackoff(() => client.send(new UpdateFunctionConfigurationCommand({
    FunctionName: functionName,
    MemorySize: state.memoryMb,
    Environment: { Variables: { ...(state.environment ?? {}) } },
    Description: state.description,
    ...(revisionId !== undefined ? { RevisionId: revisionId } : {}),
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
