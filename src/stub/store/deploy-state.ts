// A function's state while its code is put in place: after CreateFunction its
// State is Pending (StateReasonCode Creating), after UpdateFunctionCode its
// LastUpdateStatus is InProgress, each for DEPLOY_SETTLE_MS, then Active and
// Successful. The code is already unpacked and checked when the call
// answers; the window exists so that clients see the transitions Lambda
// reports and that its waiters (FunctionActiveV2, FunctionUpdatedV2) poll
// for, and so that a script that skips them fails here as it would on Lambda.
// https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html

import type { FunctionRecord } from './types';

/** How long a new function stays Pending and a code update InProgress. */
export const DEPLOY_SETTLE_MS = 150;

export type DeployKind = 'create' | 'update';

const windows = new WeakMap<FunctionRecord, { readonly kind: DeployKind; readonly until: number }>();

export function markDeploying(fn: FunctionRecord, kind: DeployKind, now: number = Date.now()): void {
  windows.set(fn, { kind, until: now + DEPLOY_SETTLE_MS });
}

/** 'create' while a new function is Pending, 'update' while a code update is InProgress, else undefined. */
export function deploying(fn: FunctionRecord, now: number = Date.now()): DeployKind | undefined {
  const w = windows.get(fn);
  if (w === undefined) return undefined;
  if (now >= w.until) {
    windows.delete(fn);
    return undefined;
  }
  return w.kind;
}
