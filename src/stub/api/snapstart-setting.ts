// UpdateFunctionConfiguration's SnapStart member: the one place that decides
// what the service does with it. Today it applies none: `{ApplyOn: None}`
// (the default) is a no-op and anything else is refused. SnapStart support
// (Python, PublishedVersions) is accepted here and nowhere else.
// https://docs.aws.amazon.com/lambda/latest/api/API_SnapStart.html

import type { FunctionRecord } from '../store/types';
import { invalidParameter } from './errors';

/** Checks the SnapStart member of a configuration change to `fn`; throws when the service does not apply it. */
export function checkSnapStart(value: unknown, fn: FunctionRecord): void {
  const applyOn = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).ApplyOn : value;
  if (applyOn === undefined || applyOn === 'None') return;
  throw invalidParameter(
    `SnapStart ${JSON.stringify(value)} for function '${fn.name}' is not applied by the local Lambda service: it does not run SnapStart. Remove SnapStart, or set ApplyOn to None.`,
  );
}
