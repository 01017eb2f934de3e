// AddPermission, RemovePermission, GetPolicy: a function's (or version's or
// alias's) resource-based policy, written as Lambda writes it. The policy is
// kept and returned (../store/policies.ts); the service has no IAM, so it
// grants and denies nothing.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html

import { ApiError } from '../../lambda/errors';
import { parseJsonObject, type Reply } from './http';
import type { ApiContext, ApiRequest } from './context';
import { LambdaError, invalidParameter, validationError } from './errors';
import { UNQUALIFIED, addStatement, policyOf, removeStatement, type PolicyStatement } from '../store/policies';
import { functionArn } from '../store/names';
import type { FunctionRecord } from '../store/types';

const notNull = (member: string): LambdaError => new LambdaError(ApiError.ValidationException,
  `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);

/** Lambda's model constraints on AddPermission's string members. */
const PATTERNS: Readonly<Record<string, { readonly member: string; readonly pattern: string; readonly max: number }>> = {
  StatementId: { member: 'statementId', pattern: '([a-zA-Z0-9-_.]+)', max: 100 },
  Action: { member: 'action', pattern: '(lambda:[*]|lambda:[a-zA-Z]+|[*])', max: 256 },
  Principal: { member: 'principal', pattern: '[^\\s]+', max: 256 },
  SourceArn: { member: 'sourceArn', pattern: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)', max: 1024 },
  SourceAccount: { member: 'sourceAccount', pattern: '\\d{12}', max: 12 },
  EventSourceToken: { member: 'eventSourceToken', pattern: '[a-zA-Z0-9._\\-]+', max: 256 },
  PrincipalOrgID: { member: 'principalOrgID', pattern: '^o-[a-z0-9]{10,32}$', max: 34 },
};

function member(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key];
  const rule = PATTERNS[key] as (typeof PATTERNS)[string];
  if (v === undefined || v === null) {
    if (required) throw notNull(rule.member);
    return undefined;
  }
  if (typeof v !== 'string') throw invalidParameter(`'${key}' must be a string`);
  const re = new RegExp(`^(?:${rule.pattern})$`);
  if (v.length > rule.max) throw validationError(v, rule.member, `Member must have length less than or equal to ${rule.max}`);
  if (!re.test(v)) throw validationError(v, rule.member, `Member must satisfy regular expression pattern: ${rule.pattern}`);
  return v;
}

/** How Lambda writes a Principal: an account as its root ARN, a service under Service, an ARN under AWS, `*` as is. */
function principalOf(p: string): PolicyStatement['Principal'] {
  if (p === '*') return '*';
  if (/^\d{12}$/.test(p)) return { AWS: `arn:aws:iam::${p}:root` };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(p)) return { Service: p };
  if (/^arn:aws[a-zA-Z-]*:iam::\d{12}:\S+$/.test(p)) return { AWS: p };
  throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
}

/** The function and the policy's key: UNQUALIFIED, a version or an alias, which must exist. */
function target(api: ApiContext, req: ApiRequest): { fn: FunctionRecord; key: string } {
  const { fn, qualifier } = api.store.qualified(req.params[0] as string, req.query.get('Qualifier') ?? undefined);
  if (qualifier === undefined || qualifier === '$LATEST') return { fn, key: UNQUALIFIED };
  api.store.resolve(fn.name, qualifier, false);
  return { fn, key: qualifier };
}

export function addPermission(api: ApiContext, req: ApiRequest): Reply {
  const qualifier = req.query.get('Qualifier') ?? undefined;
  const body = parseJsonObject(req.body);
  const sid = member(body, 'StatementId', true) as string;
  const action = member(body, 'Action', true) as string;
  const principal = member(body, 'Principal', true) as string;
  const sourceArn = member(body, 'SourceArn', false);
  const sourceAccount = member(body, 'SourceAccount', false);
  const token = member(body, 'EventSourceToken', false);
  const orgId = member(body, 'PrincipalOrgID', false);
  const authType = body.FunctionUrlAuthType;
  if (authType !== undefined && authType !== 'NONE' && authType !== 'AWS_IAM') {
    throw validationError(String(authType), 'functionUrlAuthType', 'Member must satisfy enum value set: [NONE, AWS_IAM]');
  }
  const viaUrl = body.InvokedViaFunctionUrl;
  if (viaUrl !== undefined && typeof viaUrl !== 'boolean') throw invalidParameter("'InvokedViaFunctionUrl' must be a boolean");
  if (body.RevisionId !== undefined && typeof body.RevisionId !== 'string') throw invalidParameter("'RevisionId' must be a string");
  const { fn, qualifier: named } = api.store.qualified(req.params[0] as string, qualifier);
  if (named === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
  const { key } = target(api, req);

  // Conditions as Lambda names them in the policy document it writes.
  const condition: Record<string, Record<string, string>> = {};
  const put = (op: string, k: string, v: string): void => { condition[op] = { ...condition[op], [k]: v }; };
  if (sourceAccount !== undefined) put('StringEquals', 'AWS:SourceAccount', sourceAccount);
  if (token !== undefined) put('StringEquals', 'lambda:EventSourceToken', token);
  if (orgId !== undefined) put('StringEquals', 'aws:PrincipalOrgID', orgId);
  if (authType !== undefined) put('StringEquals', 'lambda:FunctionUrlAuthType', authType);
  if (viaUrl === true) put('Bool', 'lambda:InvokedViaFunctionUrl', 'true');
  if (sourceArn !== undefined) put('ArnLike', 'AWS:SourceArn', sourceArn);
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(principal),
    Action: action,
    Resource: functionArn(api.shape, fn.name, key === UNQUALIFIED ? undefined : key),
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
  addStatement(fn, key, statement, body.RevisionId as string | undefined);
  api.store.keep(fn);
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

export function removePermission(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  removeStatement(fn, key, req.params[1] as string, req.query.get('RevisionId') ?? undefined);
  api.store.keep(fn);
  return { status: 204 };
}

export function getPolicy(api: ApiContext, req: ApiRequest): Reply {
  const { fn, key } = target(api, req);
  const policy = policyOf(fn, key);
  if (policy === undefined) throw new LambdaError(ApiError.ResourceNotFoundException, 'The resource you requested does not exist.');
  const doc = { Version: '2012-10-17', Id: 'default', Statement: policy.statements };
  return { status: 200, body: { Policy: JSON.stringify(doc), RevisionId: policy.revisionId } };
}
