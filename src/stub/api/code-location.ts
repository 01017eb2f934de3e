// GetFunction's Code member, and the download it points at. Lambda answers
// with a presigned S3 URL valid for ten minutes; the service answers with a
// URL on itself, signed the same way (an HMAC over the function, version
// and expiry with a key the process draws at start), from which the
// deployed zip downloads byte for byte. A function that came as a folder
// downloads as a zip made from the folder (deterministic: the same folder
// gives the same bytes).
// https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCodeLocation.html

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { zipFolder } from '../store/zip-folder';
import type { FunctionRecord, VersionRecord } from '../store/types';
import type { ApiContext, ApiRequest } from './context';
import type { Reply } from './http';

/** How long a Code.Location URL works, as Lambda's presigned URLs. */
export const CODE_LOCATION_TTL_SEC = 600;

const KEY = randomBytes(32);

function signature(name: string, version: string, expires: number): string {
  return createHmac('sha256', KEY).update(`${name}\n${version}\n${expires}`).digest('hex');
}

/** GetFunction's Code: RepositoryType S3, as Lambda says of every .zip function, and the download URL. */
export function codeMember(_api: ApiContext, req: ApiRequest, fn: FunctionRecord, record: VersionRecord): Record<string, string> {
  const expires = Math.floor(Date.now() / 1000) + CODE_LOCATION_TTL_SEC;
  const host = typeof req.headers.host === 'string' && req.headers.host !== '' ? req.headers.host : '127.0.0.1';
  const query = new URLSearchParams({
    Qualifier: record.version, Expires: String(expires), Signature: signature(fn.name, record.version, expires),
  });
  return {
    RepositoryType: 'S3',
    Location: `http://${host}/2015-03-31/functions/${encodeURIComponent(fn.name)}/code?${query.toString()}`,
  };
}

/** S3's way of refusing a presigned URL: 403 and an XML error. */
function denied(message: string): Reply {
  return {
    status: 403,
    headers: { 'Content-Type': 'application/xml' },
    body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`),
  };
}

/** GET /2015-03-31/functions/{name}/code?Qualifier&Expires&Signature: the package as a zip. */
export async function downloadCode(api: ApiContext, req: ApiRequest): Promise<Reply> {
  const name = req.params[0] as string;
  const version = req.query.get('Qualifier') ?? '';
  const expires = Number(req.query.get('Expires'));
  const given = Buffer.from(req.query.get('Signature') ?? '', 'utf8');
  const expected = Buffer.from(signature(name, version, expires), 'utf8');
  if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return denied('The request signature we calculated does not match the signature you provided.');
  }
  if (Date.now() / 1000 > expires) return denied('Request has expired');
  // The function or version may be gone since the URL was made: Lambda's own 404.
  const r = api.store.resolve(name, version, false);
  const zip = r.record.codeZip !== undefined
    ? await readFile(r.record.codeZip)
    : await zipFolder(r.record.codeDir);
  return { status: 200, headers: { 'Content-Type': 'application/zip' }, body: zip };
}
