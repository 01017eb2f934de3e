// Members of UpdateFunctionConfiguration that the local service does not
// apply. Each is refused with InvalidParameterValueException naming it,
// never answered 200 and ignored (a tool would then believe it applied); a
// value that asks for nothing more than the default (no layers, PassThrough
// tracing, no VPC, …) is accepted, as it changes nothing here either.
// Members: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html

import type { FunctionRecord } from '../store/types';
import { invalidParameter } from './errors';

/** The members UpdateFunctionConfiguration applies (functions.ts). */
export const APPLIED_MEMBERS: ReadonlySet<string> = new Set([
  'MemorySize', 'Timeout', 'Environment', 'Description', 'Handler', 'Runtime', 'EphemeralStorage', 'LoggingConfig', 'SnapStart', 'RevisionId',
]);

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const emptyList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 0);

/** For each member the service knows but does not apply: whether a value is the default, a no-op. */
const NO_OP: Readonly<Record<string, (v: unknown, role: string) => boolean>> = {
  Role: (v, role) => v === role,
  TracingConfig: (v) => isObj(v) && (v.Mode === undefined || v.Mode === 'PassThrough'),
  Layers: emptyList,
  DeadLetterConfig: (v) => isObj(v) && (v.TargetArn === undefined || v.TargetArn === ''),
  VpcConfig: (v) => isObj(v) && emptyList(v.SubnetIds) && emptyList(v.SecurityGroupIds) && (v.Ipv6AllowedForDualStack === undefined || v.Ipv6AllowedForDualStack === false),
  FileSystemConfigs: emptyList,
  KMSKeyArn: (v) => v === '',
  ImageConfig: (v) => isObj(v) && Object.keys(v).length === 0,
};

/**
 * Throws for the first member of `body` the service would not apply (SnapStart
 * is checked by api/snapstart.ts); `role` is the function's reported role, the
 * only Role that asks for nothing.
 */
export function refuseUnapplied(body: Obj, fn: Pick<FunctionRecord, 'name'>, role: string, outcome = `function '${fn.name}' is unchanged`): void {
  for (const [member, value] of Object.entries(body)) {
    if (APPLIED_MEMBERS.has(member) || value === undefined) continue;
    const noOp = NO_OP[member];
    if (noOp?.(value, role) === true) continue;
    const what = noOp === undefined ? `'${member}' is not a setting the local Lambda service knows` : `${member} ${JSON.stringify(value)} is not applied by the local Lambda service`;
    throw invalidParameter(`${what}; remove it from the request (${outcome}).`);
  }
}
