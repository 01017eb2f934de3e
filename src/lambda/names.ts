// How Lambda names a function: a bare name, name:qualifier, a partial ARN
// (account:function:name) or a full ARN, each optionally qualified. One
// parser for every form, checked against Lambda's own FunctionName pattern,
// and one builder, so that the harness and the local service read and write
// ARNs alike (and no unchecked name ever reaches a file path).

/** The longest FunctionName Lambda accepts (a full, qualified ARN). */
export const FUNCTION_NAME_MAX_CHARS = 170;

/** Lambda's FunctionName pattern as its API reference and its ValidationException give it. */
export const FUNCTION_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

// The parts of that pattern, each matched whole, with the lengths Lambda's
// API reference gives for a name (64) and a qualifier (128).
const NAME_RE = /^[a-zA-Z0-9_.-]{1,64}$/;
const QUALIFIER_RE = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;
const PARTITION_RE = /^aws[a-zA-Z-]*$/;
const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ACCOUNT_RE = /^\d{12}$/;

export const isFunctionName = (s: string): boolean => NAME_RE.test(s);
/** A version ('$LATEST', '3') or an alias name. */
export const isQualifier = (s: string): boolean => QUALIFIER_RE.test(s);
export const isRegion = (s: string): boolean => REGION_RE.test(s);
export const isAccountId = (s: string): boolean => ACCOUNT_RE.test(s);

/** A FunctionName taken apart; region, account and partition only when the caller gave them. */
export interface FunctionName {
  readonly name: string;
  readonly qualifier?: string;
  /** Given by a full ARN. */
  readonly partition?: string;
  readonly region?: string;
  /** Given by a full or partial ARN. */
  readonly account?: string;
}

/** Everything a full function ARN holds. */
export interface FunctionArnParts {
  /** 'aws' unless given. */
  readonly partition?: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  readonly qualifier?: string;
}

/** A FunctionName that is none of Lambda's forms; its message is the name as given. */
export class FunctionNameError extends Error {
  override readonly name = 'FunctionNameError';
}

/** arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>] */
export function functionArn(p: FunctionArnParts): string {
  const base = `arn:${p.partition ?? 'aws'}:lambda:${p.region}:${p.account}:function:${p.name}`;
  return p.qualifier === undefined ? base : `${base}:${p.qualifier}`;
}

/** Throws FunctionNameError for anything Lambda's FunctionName pattern refuses. */
export function parseFunctionName(raw: string): FunctionName {
  const parsed = tryParseFunctionName(raw);
  if (parsed === undefined) throw new FunctionNameError(raw);
  return parsed;
}

/** undefined for anything Lambda's FunctionName pattern refuses. */
export function tryParseFunctionName(raw: string): FunctionName | undefined {
  if (raw.length === 0 || raw.length > FUNCTION_NAME_MAX_CHARS) return undefined;
  const parts = raw.split(':');
  let arn: { partition?: string; region?: string; account?: string } = {};
  let rest: string[];
  if (parts[0] === 'arn') {
    const [, partition = '', service, region = '', account = '', kind] = parts;
    if (parts.length < 7 || !PARTITION_RE.test(partition) || service !== 'lambda'
      || !REGION_RE.test(region) || !ACCOUNT_RE.test(account) || kind !== 'function') {
      return undefined;
    }
    arn = { partition, region, account };
    rest = parts.slice(6);
  } else if (parts.length >= 3 && ACCOUNT_RE.test(parts[0] ?? '') && parts[1] === 'function') {
    arn = { account: parts[0] as string };
    rest = parts.slice(2);
  } else {
    rest = parts;
  }
  if (rest.length < 1 || rest.length > 2) return undefined;
  const [name, qualifier] = rest as [string, string | undefined];
  if (!NAME_RE.test(name)) return undefined;
  if (qualifier !== undefined && !QUALIFIER_RE.test(qualifier)) return undefined;
  return { name, ...(qualifier !== undefined ? { qualifier } : {}), ...arn };
}

/** The region named in a function's full ARN; undefined when it is given any other way (or is no valid name). */
export function regionOfArn(functionName: string): string | undefined {
  return tryParseFunctionName(functionName)?.region;
}
