// SnapStart in the function store: which functions the local service can
// snapshot, and the state of each published version's snapshot.
//
// The service can apply SnapStart only where it can make a snapshot: Python
// 3.12 and later (its runtime client forks an initialised interpreter; see
// ../engine/snapshot.ts). Every other runtime is refused as Lambda refuses
// one it does not support, with InvalidParameterValueException; Java and .NET
// do not run here at all.

import { runtimeFamilyOf } from '../../lambda/runtimes';
import { snapStartRuntimeRefusal, snapStartSupports, type SnapStartApplyOn } from '../../lambda/snapstart';
import type { VersionRecord } from './types';

/** Why this runtime cannot have this SnapStart setting here, or undefined when it can. */
export function snapStartProblem(runtime: string, applyOn: SnapStartApplyOn): string | undefined {
  if (applyOn === 'None') return undefined;
  if (runtimeFamilyOf(runtime) === 'python' && snapStartSupports(runtime)) return undefined;
  return snapStartRuntimeRefusal(runtime);
}

/**
 * A published version's state, as GetFunctionConfiguration reports it: Pending
 * while its snapshot is made, then Active, or Failed with the reason. Versions
 * without a snapshot have no entry and are Active.
 */
export interface VersionState {
  readonly state: 'Pending' | 'Active' | 'Failed';
  readonly reason?: string;
  readonly reasonCode?: string;
}

/** Per version record: the record is frozen, its snapshot's state changes once after publish. */
const states = new WeakMap<VersionRecord, VersionState>();

export function versionState(record: VersionRecord): VersionState | undefined {
  return states.get(record);
}

export function setVersionState(record: VersionRecord, state: VersionState): void {
  states.set(record, state);
}

/** A version that runs restored from a snapshot: published, with SnapStart on. */
export function restoresFromSnapshot(record: VersionRecord): boolean {
  return record.version !== '$LATEST' && record.config.snapStart === 'PublishedVersions';
}
