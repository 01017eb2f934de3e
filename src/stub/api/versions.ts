// PublishVersion and ListVersionsByFunction.

import { optionalString, parseJsonObject, type Reply } from './http';
import { unqualifiedFunction, type ApiContext, type ApiRequest } from './context';
import { listPage } from './paging';
import { functionConfiguration } from './shapes';
import { startSnapshot } from './snapstart';

export async function publishVersion(api: ApiContext, req: ApiRequest): Promise<Reply> {
  const fn = unqualifiedFunction(api, req, 'PublishVersion takes an unqualified function name.');
  const body = parseJsonObject(req.body);
  const codeSha256 = optionalString(body, 'CodeSha256');
  const description = optionalString(body, 'Description');
  const revisionId = optionalString(body, 'RevisionId');
  const record = await api.store.publish(fn, {
    ...(codeSha256 !== undefined ? { codeSha256 } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(revisionId !== undefined ? { revisionId } : {}),
  });
  // A SnapStart version is Pending until its snapshot is made (Lambda runs its init now).
  startSnapshot(api, record);
  return { status: 201, body: functionConfiguration(api.shape, fn, record, undefined) };
}

export function listVersionsByFunction(api: ApiContext, req: ApiRequest): Reply {
  const { fn } = api.store.function(req.params[0] as string);
  const all = [
    functionConfiguration(api.shape, fn, fn.latest, '$LATEST'),
    ...[...fn.versions.values()]
      .sort((a, b) => Number(a.version) - Number(b.version))
      .map((v) => functionConfiguration(api.shape, fn, v, undefined)),
  ];
  return { status: 200, body: listPage('Versions', all, req.query) };
}
