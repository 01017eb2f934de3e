// AuthType AWS_IAM on a Function URL: Lambda answers 403 {"Message":"Forbidden"}
// to a request that is not signed with Signature Version 4. The service has no
// IAM and no secret keys, so it cannot verify a signature; it checks that one
// is there and well formed, for service `lambda` in the service's region, and
// fresh, so that a client that forgot to sign (or signs for the wrong
// service, region or time) fails here as it would on Lambda.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import type { IncomingMessage } from 'node:http';

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far the signing time may be from now: SigV4's 15 minutes. */
const CLOCK_SKEW_MS = 15 * 60_000;
/** X-Amz-Expires of a presigned URL: 1 s to 7 days. */
const PRESIGN_EXPIRES_MAX_SEC = 604_800;

const ACCESS_KEY_RE = /^[A-Za-z0-9]{16,128}$/;
const SIGNATURE_RE = /^[0-9a-f]{64}$/;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNED_HEADERS_RE = /^[a-z0-9-]+(;[a-z0-9-]+)*$/;

function amzDate(s: string | undefined): number | undefined {
  const m = s === undefined ? null : AMZ_DATE_RE.exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  return Number.isNaN(t) ? undefined : t;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `AKID/20240101/us-east-1/lambda/aws4_request` checked against the signing time and this service. */
function credentialProblem(credential: string, signedAt: number, region: string): string | undefined {
  const [key, date, credRegion, service, terminator, ...rest] = credential.split('/');
  if (rest.length > 0 || terminator !== 'aws4_request') return 'the credential scope must end in aws4_request';
  if (!ACCESS_KEY_RE.test(key ?? '')) return 'the access key id is malformed';
  if (date !== new Date(signedAt).toISOString().slice(0, 10).replace(/-/g, '')) return "the credential scope's date is not the signing date";
  if (credRegion !== region) return `the credential scope's region must be ${region}`;
  if (service !== 'lambda') return "the credential scope's service must be lambda";
  return undefined;
}

function signedHeadersProblem(req: IncomingMessage, signedHeaders: string, needed: readonly string[]): string | undefined {
  if (!SIGNED_HEADERS_RE.test(signedHeaders)) return 'SignedHeaders is malformed';
  const names = signedHeaders.split(';');
  for (const n of needed) if (!names.includes(n)) return `SignedHeaders must include ${n}`;
  for (const n of names) if (req.headers[n] === undefined) return `the signed header ${n} is missing`;
  return undefined;
}

function fresh(signedAt: number, now: number): string | undefined {
  return Math.abs(now - signedAt) > CLOCK_SKEW_MS ? 'the signing time is more than 15 minutes from now' : undefined;
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` with X-Amz-Date. */
function headerProblem(req: IncomingMessage, authorization: string, region: string, now: number): string | undefined {
  if (!authorization.startsWith(`${ALGORITHM} `)) return `the Authorization header must use ${ALGORITHM}`;
  const parts = new Map<string, string>();
  for (const item of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq === -1) return 'the Authorization header is malformed';
    parts.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return 'the Authorization header needs Credential, SignedHeaders and Signature';
  }
  if (!SIGNATURE_RE.test(signature)) return 'the signature is not 64 hex digits';
  const xAmzDate = header(req, 'x-amz-date');
  const signedAt = xAmzDate !== undefined ? amzDate(xAmzDate) : Date.parse(header(req, 'date') ?? '');
  if (signedAt === undefined || Number.isNaN(signedAt)) return 'X-Amz-Date (or Date) is missing or malformed';
  return credentialProblem(credential, signedAt, region)
    ?? signedHeadersProblem(req, signedHeaders, xAmzDate !== undefined ? ['host', 'x-amz-date'] : ['host'])
    ?? fresh(signedAt, now);
}

/** A presigned URL: X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Signature in the query. */
function queryProblem(req: IncomingMessage, q: URLSearchParams, region: string, now: number): string | undefined {
  if (q.get('X-Amz-Algorithm') !== ALGORITHM) return `X-Amz-Algorithm must be ${ALGORITHM}`;
  const signedAt = amzDate(q.get('X-Amz-Date') ?? undefined);
  if (signedAt === undefined) return 'X-Amz-Date is missing or malformed';
  const expires = Number(q.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > PRESIGN_EXPIRES_MAX_SEC) return 'X-Amz-Expires must be 1 to 604800 seconds';
  if (!SIGNATURE_RE.test(q.get('X-Amz-Signature') ?? '')) return 'the signature is not 64 hex digits';
  if (now > signedAt + expires * 1000) return 'the presigned URL has expired';
  if (signedAt - now > CLOCK_SKEW_MS) return 'the signing time is more than 15 minutes ahead';
  return credentialProblem(q.get('X-Amz-Credential') ?? '', signedAt, region)
    ?? signedHeadersProblem(req, q.get('X-Amz-SignedHeaders') ?? '', ['host']);
}

/**
 * Why a request to an AWS_IAM Function URL is refused, or undefined when it
 * carries a well-formed SigV4 signature (any access key: nothing is verified).
 */
export function iamAuthProblem(req: IncomingMessage, region: string, now: number = Date.now()): string | undefined {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) return headerProblem(req, authorization, region, now);
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) return queryProblem(req, query, region, now);
  return 'the request is not signed';
}
