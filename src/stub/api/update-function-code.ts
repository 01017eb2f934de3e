// UpdateFunctionCode with a .zip package: ZipFile, Publish, RevisionId,
// DryRun, Architectures. The new code replaces $LATEST's in the functions
// folder; environments of the old code are retired, so the next invocations
// start new ones on the new code. LastUpdateStatus is InProgress for a moment.
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html

import { refusingBadZips, codeUpload, zipFromMembers } from './code-upload';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { architectureOf } from './create-function';
import { refuseWhileDeploying } from './deploy-status';
import { invalidParameter } from './errors';
import { optionalString, parseJsonObject, type Reply } from './http';
import { functionConfiguration } from './shapes';
import { startSnapshot } from './snapstart';

const MEMBERS = new Set(['ZipFile', 'S3Bucket', 'S3Key', 'S3ObjectVersion', 'ImageUri', 'SourceKMSKeyArn', 'Publish', 'DryRun', 'RevisionId', 'Architectures']);

export async function updateFunctionCode(api: ApiContext, req: ApiRequest): Promise<Reply> {
  const fn = unqualifiedFunction(api, req, 'Only the $LATEST version can be updated; remove the qualifier.');
  const body = parseJsonObject(req.body);
  for (const member of Object.keys(body)) {
    if (!MEMBERS.has(member)) throw invalidParameter(`'${member}' is not a member of UpdateFunctionCode; remove it from the request (function '${fn.name}' is unchanged).`);
  }
  for (const flag of ['Publish', 'DryRun'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw invalidParameter(`'${flag}' must be true or false`);
  }
  const revisionId = optionalString(body, 'RevisionId');
  const zip = zipFromMembers(body, 'UpdateFunctionCode');
  const architecture = body.Architectures === undefined ? undefined : architectureOf(body.Architectures, 'architectures');
  if (body.DryRun !== true) refuseWhileDeploying(api, fn);
  const record = await refusingBadZips(() => api.store.updateCode(fn, codeUpload(zip), {
    ...(revisionId !== undefined ? { revisionId } : {}),
    ...(architecture !== undefined ? { architecture } : {}),
    dryRun: body.DryRun === true,
  }));
  if (body.DryRun === true) return { status: 200, body: functionConfiguration(api.shape, fn, record, undefined) };
  // Environments of the old code must not serve what follows.
  api.engine.retire(fn.name, '$LATEST');
  if (body.Publish === true) {
    const version = await api.store.publish(fn, {});
    startSnapshot(api, version);
    return { status: 200, body: functionConfiguration(api.shape, fn, version, undefined) };
  }
  return { status: 200, body: functionConfiguration(api.shape, fn, record, undefined) };
}
