// What the API says of a function while its code is put in place (see
// ../store/deploy-state.ts): the configuration's State and LastUpdateStatus
// members, and Lambda's refusals meanwhile: an invocation of a Pending
// function, and another update while one is in progress.
// https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html

import { ApiError } from '../../lambda/errors';
import { deploying } from '../store/deploy-state';
import { functionArn } from '../store/names';
import type { FunctionRecord, VersionRecord } from '../store/types';
import type { ApiContext } from './context';
import { LambdaError } from './errors';

/** The State / LastUpdateStatus members of $LATEST's configuration during a deploy; none otherwise. */
export function deployStatusShape(fn: FunctionRecord, record: VersionRecord): Record<string, unknown> | undefined {
  if (record !== fn.latest) return undefined;
  const kind = deploying(fn);
  if (kind === 'create') {
    return { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating', LastUpdateStatus: undefined };
  }
  if (kind === 'update') {
    return {
      LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating',
    };
  }
  return undefined;
}

/** UpdateFunctionCode and UpdateFunctionConfiguration while the function is Pending or an update is in progress. */
export function refuseWhileDeploying(api: ApiContext, fn: FunctionRecord): void {
  if (deploying(fn) === undefined) return;
  throw new LambdaError(ApiError.ResourceConflictException,
    `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(api.shape, fn.name)}`);
}

/** Invoke of a function still Pending after CreateFunction. */
export function refusePending(fn: FunctionRecord, record: VersionRecord): void {
  if (record !== fn.latest || deploying(fn) !== 'create') return;
  throw new LambdaError(ApiError.ResourceConflictException,
    'The operation cannot be performed at this time. The function is currently in the following state: Pending');
}
