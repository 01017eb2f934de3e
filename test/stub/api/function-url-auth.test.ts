// Function URLs with AuthType AWS_IAM: Lambda answers 403 {"Message":"Forbidden"}
// to a request without a SigV4 signature (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
// The service verifies no key (it has no IAM) but wants a well-formed
// signature for service lambda in its region, made within 15 minutes: signed
// here with the AWS SDK's own signer, @smithy/signature-v4.

import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionUrlConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { LocalLambda } from '../../../src/stub';
import { iamAuthProblem } from '../../../src/stub/api/function-url-auth';
import { FIXTURES, clientFor } from '../service-helpers';

const bytes = (d: SourceData): string | Uint8Array => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));

/** The SHA-256 the signer takes (a hash, or an HMAC when given a secret), from node:crypto. */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void { this.h.update(bytes(data)); }
  digest(): Promise<Uint8Array> { return Promise.resolve(new Uint8Array(this.h.digest())); }
}

let service: LocalLambda;
let lambda: LambdaClient;
let iamUrl: URL;

beforeAll(async () => {
  service = new LocalLambda({ functions: [{ name: 'url-echo', codeDir: path.join(FIXTURES, 'url-echo') }], onWarning: () => undefined });
  lambda = clientFor(await service.start());
  const iam = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-echo', AuthType: 'AWS_IAM' }));
  iamUrl = new URL(iam.FunctionUrl as string);
});

afterAll(async () => {
  lambda?.destroy();
  await service?.stop();
});

function signer(service = 'lambda', region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({ service, region, sha256: Sha256, credentials: { accessKeyId: 'AKIDEXAMPLE12345', secretAccessKey: 'any-secret' } });
}

function request(p: string, query: Record<string, string> = {}) {
  return { method: 'GET', protocol: 'http:', hostname: iamUrl.hostname, port: Number(iamUrl.port), path: `${iamUrl.pathname}${p}`, query, headers: { host: iamUrl.host } };
}

/** fetch with the signed headers (undici sets Host itself, to the same value). */
async function send(signed: { path: string; headers: Record<string, string>; query?: Record<string, string | string[] | null> }): Promise<Response> {
  const q = new URLSearchParams(Object.entries(signed.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
  return fetch(`http://${iamUrl.host}${signed.path}${q === '' ? '' : `?${q}`}`, { headers });
}

describe('AWS_IAM Function URLs', () => {
  it('an unsigned request is 403 with Lambda\'s body', async () => {
    const res = await fetch(`${iamUrl.href}plain`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: 'Forbidden' });
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a request signed with SigV4 for lambda reaches the function (any key)', async () => {
    const res = await send(await signer().sign(request('plain')));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hello: 'world' });
  });

  it('a presigned URL works until it expires', async () => {
    const ok = await send(await signer().presign(request('plain'), { expiresIn: 300 }));
    expect(ok.status).toBe(200);
    const old = await send(await signer().presign(request('plain'), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }));
    expect(old.status).toBe(403);
  });

  it('signed for another service or region, or 20 minutes ago, or malformed: 403', async () => {
    expect((await send(await signer('execute-api').sign(request('plain')))).status).toBe(403);
    expect((await send(await signer('lambda', 'eu-west-1').sign(request('plain')))).status).toBe(403);
    expect((await send(await signer().sign(request('plain'), { signingDate: new Date(Date.now() - 20 * 60_000) }))).status).toBe(403);
    const forged = await fetch(`${iamUrl.href}plain`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20240101T000000Z' } });
    expect(forged.status).toBe(403);
  });
});

describe('iamAuthProblem says what is wrong', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  const msg = (headers: Record<string, string>, url = '/lambda-url/f/'): string | undefined =>
    iamAuthProblem({ headers, url } as unknown as IncomingMessage, 'us-east-1', now);
  const auth = (over: Partial<Record<'cred' | 'signed' | 'sig', string>> = {}): string =>
    `AWS4-HMAC-SHA256 Credential=${over.cred ?? 'AKIDEXAMPLE12345/20260102/us-east-1/lambda/aws4_request'}, SignedHeaders=${over.signed ?? 'host;x-amz-date'}, Signature=${over.sig ?? 'a'.repeat(64)}`;
  const base = { host: 'h', 'x-amz-date': '20260102T030405Z' };

  it('accepts a well-formed header signature', () => {
    expect(msg({ ...base, authorization: auth() })).toBeUndefined();
  });

  it('names each fault', () => {
    expect(msg({ host: 'h' })).toBe('the request is not signed');
    expect(msg({ ...base, authorization: 'Bearer x' })).toMatch(/AWS4-HMAC-SHA256/);
    expect(msg({ ...base, authorization: auth({ sig: 'xyz' }) })).toMatch(/64 hex/);
    expect(msg({ ...base, authorization: auth({ cred: 'AKIDEXAMPLE12345/20260101/us-east-1/lambda/aws4_request' }) })).toMatch(/date/);
    expect(msg({ ...base, authorization: auth({ cred: 'AKIDEXAMPLE12345/20260102/us-east-1/s3/aws4_request' }) })).toMatch(/service must be lambda/);
    expect(msg({ ...base, authorization: auth({ cred: 'AKIDEXAMPLE12345/20260102/eu-west-1/lambda/aws4_request' }) })).toMatch(/region must be us-east-1/);
    expect(msg({ ...base, authorization: auth({ signed: 'x-amz-date' }) })).toMatch(/must include host/);
    expect(msg({ ...base, authorization: auth({ signed: 'host;x-amz-date;x-custom' }) })).toMatch(/x-custom is missing/);
    expect(msg({ host: 'h', 'x-amz-date': '20260102T024900Z', authorization: auth() })).toMatch(/15 minutes/);
    expect(msg({ host: 'h', authorization: auth() })).toMatch(/X-Amz-Date/);
  });

  it('checks a presigned URL\'s query', () => {
    const q = (over: Record<string, string> = {}): string => `/lambda-url/f/?${new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'AKIDEXAMPLE12345/20260102/us-east-1/lambda/aws4_request',
      'X-Amz-Date': '20260102T030000Z', 'X-Amz-Expires': '600', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': 'b'.repeat(64), ...over,
    }).toString()}`;
    expect(msg({ host: 'h' }, q())).toBeUndefined();
    expect(msg({ host: 'h' }, q({ 'X-Amz-Expires': '60' }))).toMatch(/expired/);
    expect(msg({ host: 'h' }, q({ 'X-Amz-Expires': '999999' }))).toMatch(/X-Amz-Expires/);
    expect(msg({ host: 'h' }, q({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }))).toMatch(/X-Amz-Algorithm/);
  });
});
