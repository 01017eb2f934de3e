// Lambda accepts a function as a bare name, name:qualifier, a partial ARN
// (account:function:name) or a full ARN, each optionally qualified. This
// module turns all of them into (name, qualifier) and rejects what Lambda's
// own FunctionName pattern rejects, so no name ever reaches a file path.

export const ACCOUNT_ID = '000000000000';

const NAME_RE = /^[a-zA-Z0-9_.-]{1,64}$/;
const QUALIFIER_RE = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;
const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ACCOUNT_RE = /^\d{12}$/;

export interface FunctionRef {
  readonly name: string;
  readonly qualifier?: string;
}

/** Why a FunctionName was refused; the caller turns it into Lambda's ValidationException. */
export class NameError extends Error {}

export function functionArn(region: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

export function isValidQualifier(q: string): boolean {
  return QUALIFIER_RE.test(q);
}

export function parseFunctionName(raw: string): FunctionRef {
  if (raw.length === 0 || raw.length > 170) throw new NameError(raw);
  const parts = raw.split(':');
  let rest: string[];
  if (parts[0] === 'arn') {
    // arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
    if (parts.length < 7 || !/^aws[a-zA-Z-]*$/.test(parts[1] ?? '') || parts[2] !== 'lambda'
      || !REGION_RE.test(parts[3] ?? '') || !ACCOUNT_RE.test(parts[4] ?? '') || parts[5] !== 'function') {
      throw new NameError(raw);
    }
    rest = parts.slice(6);
  } else if (parts.length >= 3 && ACCOUNT_RE.test(parts[0] ?? '') && parts[1] === 'function') {
    rest = parts.slice(2);
  } else {
    rest = parts;
  }
  if (rest.length < 1 || rest.length > 2) throw new NameError(raw);
  const [name, qualifier] = rest as [string, string | undefined];
  if (!NAME_RE.test(name)) throw new NameError(raw);
  if (qualifier !== undefined && !QUALIFIER_RE.test(qualifier)) throw new NameError(raw);
  return qualifier === undefined ? { name } : { name, qualifier };
}
