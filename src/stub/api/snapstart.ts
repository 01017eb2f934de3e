// SnapStart in the API: the setting UpdateFunctionConfiguration takes, what
// GetFunctionConfiguration shows of it, the version's state while its snapshot
// is made, and Invoke's refusal of a version whose snapshot is not ready.

import { ApiError } from '../../lambda/errors';
import { isSnapStartApplyOn, SNAPSTART_APPLY_ON, type SnapStartApplyOn } from '../../lambda/snapstart';
import { restoresFromSnapshot, setVersionState, snapStartProblem, versionState } from '../store/snapstart';
import type { ConfigFields, FunctionRecord, VersionRecord } from '../store/types';
import type { ApiContext } from './context';
import { invalidParameter, LambdaError, validationError } from './errors';
import { refusePending } from './deploy-status';

/**
 * The SnapStart member of an UpdateFunctionConfiguration body, checked against
 * the runtime the function will have after the update; undefined when absent.
 * A runtime change alone is checked too: SnapStart stays on across it.
 */
export function snapStartUpdate(body: Record<string, unknown>, current: ConfigFields, newRuntime: string | undefined): SnapStartApplyOn | undefined {
  let applyOn: SnapStartApplyOn | undefined;
  if (body.SnapStart !== undefined) {
    const raw = (body.SnapStart as { ApplyOn?: unknown } | null)?.ApplyOn ?? 'None';
    if (!isSnapStartApplyOn(raw)) {
      throw validationError(String(raw), 'snapStart.applyOn', `Member must satisfy enum value set: [${SNAPSTART_APPLY_ON.join(', ')}]`);
    }
    applyOn = raw;
  }
  const problem = snapStartProblem(newRuntime ?? current.runtime, applyOn ?? current.snapStart);
  if (problem !== undefined) throw invalidParameter(problem);
  return applyOn;
}

/** The configuration document's SnapStart and State members of one version. */
export function snapStartShape(record: VersionRecord): Record<string, unknown> {
  const applyOn = record.config.snapStart;
  const doc: Record<string, unknown> = {
    SnapStart: { ApplyOn: applyOn, OptimizationStatus: restoresFromSnapshot(record) ? 'On' : 'Off' },
  };
  const s = versionState(record);
  if (s === undefined || s.state === 'Active') return doc;
  doc.State = s.state;
  if (s.reason !== undefined) doc.StateReason = s.reason;
  if (s.reasonCode !== undefined) doc.StateReasonCode = s.reasonCode;
  return doc;
}

/**
 * After PublishVersion made a new version of a SnapStart function: Pending
 * until the engine has its snapshot, then Active or Failed. A version
 * published before (an unchanged $LATEST) already has its state.
 */
export function startSnapshot(api: ApiContext, record: VersionRecord): void {
  if (!restoresFromSnapshot(record) || versionState(record) !== undefined) return;
  // Lambda's reason code while a function is being made (StateReasonCode Creating).
  setVersionState(record, { state: 'Pending', reason: 'Lambda is creating a snapshot of the initialized function.', reasonCode: 'Creating' });
  const made = api.engine.snapshot?.(record.snapshot) ?? Promise.reject(new Error('this engine cannot make snapshots'));
  made.then(
    () => setVersionState(record, { state: 'Active' }),
    (err: unknown) => setVersionState(record, {
      state: 'Failed',
      reason: err instanceof Error ? err.message : String(err),
      reasonCode: 'FunctionError',
    }),
  );
}

/**
 * Invoke of a version whose snapshot is not ready: SnapStartNotReadyException
 * (its wording from the Lambda API reference); of one whose snapshot failed:
 * ResourceConflictException, as for any function in state Failed.
 */
export function checkInvocable(fn: FunctionRecord, record: VersionRecord): void {
  refusePending(fn, record);
  const s = versionState(record);
  if (s === undefined || s.state === 'Active') return;
  if (s.state === 'Pending') {
    throw new LambdaError(ApiError.SnapStartNotReadyException,
      'Lambda is initializing your function. You can invoke the function when the function state becomes Active.');
  }
  throw new LambdaError(ApiError.ResourceConflictException,
    `The operation cannot be performed at this time. The function ${fn.name}:${record.version} is in state Failed: ${s.reason ?? ''}`);
}
