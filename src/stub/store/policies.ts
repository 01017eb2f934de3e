// Resource-based policies (AddPermission, RemovePermission, GetPolicy): one
// per function qualifier, as on Lambda, where the unqualified function, each
// version and each alias has its own. Kept beside the store, keyed by the
// function record, so a function created again under a deleted one's name
// starts without one. The service stores and returns them; it has no IAM and
// enforces none.

import { randomUUID } from 'node:crypto';
import { ApiError } from '../../lambda/errors';
import { LambdaError } from '../api/errors';
import type { FunctionRecord } from './types';

/** One statement as Lambda writes it into the policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: string | Readonly<Record<string, string>>;
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Policy {
  readonly statements: readonly PolicyStatement[];
  /** Changes with every change of the policy. */
  readonly revisionId: string;
}

/** Key of the unqualified function's policy. */
export const UNQUALIFIED = '';

const policiesByFunction = new WeakMap<FunctionRecord, Map<string, Policy>>();

function policiesOf(fn: FunctionRecord): Map<string, Policy> {
  let m = policiesByFunction.get(fn);
  if (m === undefined) {
    m = new Map();
    policiesByFunction.set(fn, m);
  }
  return m;
}

const revisionMismatch = (): LambdaError => new LambdaError(ApiError.PreconditionFailedException,
  'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id');

/** The policy of the function (`UNQUALIFIED`) or one of its versions or aliases; undefined when it has no statement. */
export function policyOf(fn: FunctionRecord, qualifier: string): Policy | undefined {
  return policiesByFunction.get(fn)?.get(qualifier);
}

/** Adds a statement; its Sid must be new in this policy (ResourceConflictException). */
export function addStatement(fn: FunctionRecord, qualifier: string, statement: PolicyStatement, revisionId?: string): Policy {
  const old = policyOf(fn, qualifier);
  if (revisionId !== undefined && revisionId !== old?.revisionId) throw revisionMismatch();
  if (old?.statements.some((s) => s.Sid === statement.Sid) === true) {
    throw new LambdaError(ApiError.ResourceConflictException,
      `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const policy: Policy = { statements: [...(old?.statements ?? []), statement], revisionId: randomUUID() };
  policiesOf(fn).set(qualifier, policy);
  return policy;
}

/** Removes the statement `sid`; the policy goes when its last statement does. */
export function removeStatement(fn: FunctionRecord, qualifier: string, sid: string, revisionId?: string): void {
  const old = policyOf(fn, qualifier);
  if (old === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, 'No policy is associated with the given resource.');
  if (revisionId !== undefined && revisionId !== old.revisionId) throw revisionMismatch();
  const statements = old.statements.filter((s) => s.Sid !== sid);
  if (statements.length === old.statements.length) {
    throw new LambdaError(ApiError.ResourceNotFoundException, `Statement ${sid} is not found in resource policy.`);
  }
  if (statements.length === 0) policiesOf(fn).delete(qualifier);
  else policiesOf(fn).set(qualifier, { statements, revisionId: randomUUID() });
}

/** Every policy of the function, by qualifier (`UNQUALIFIED` for the function's own). */
export function policiesOfFunction(fn: FunctionRecord): ReadonlyMap<string, Policy> {
  return policiesByFunction.get(fn) ?? new Map();
}

/** Puts back a policy kept from a previous run (./versions-folder.ts), with a new revision id. */
export function restorePolicy(fn: FunctionRecord, qualifier: string, statements: readonly PolicyStatement[]): void {
  if (statements.length > 0) policiesOf(fn).set(qualifier, { statements: [...statements], revisionId: randomUUID() });
}

/** Forgets the policy of a deleted version or alias, so an alias made again under its name starts without one. */
export function dropPolicy(fn: FunctionRecord, qualifier: string): void {
  policiesByFunction.get(fn)?.delete(qualifier);
}
