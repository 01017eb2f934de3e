// TagResource, UntagResource, ListTags on functions, addressed by ARN as
// Lambda requires. Tags live in ../store/tags.ts; GetFunction returns them too.
// https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html

import { ApiError } from '../../lambda/errors';
import { parseJsonObject, type Reply } from './http';
import type { ApiContext, ApiRequest } from './context';
import { LambdaError, invalidParameter, validationError } from './errors';
import { addTags, checkTags, removeTags, tagsOf } from '../store/tags';
import type { FunctionRecord } from '../store/types';

const FUNCTION_ARN_PATTERN = 'arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const FUNCTION_ARN_RE = new RegExp(`^${FUNCTION_ARN_PATTERN}$`);

/** The function a Resource ARN names; a name, a partial ARN or a version's or alias's ARN is refused as Lambda does. */
function taggedFunction(api: ApiContext, req: ApiRequest): FunctionRecord {
  const arn = req.params[0] as string;
  if (!FUNCTION_ARN_RE.test(arn)) throw validationError(arn, 'resource', `Member must satisfy regular expression pattern: ${FUNCTION_ARN_PATTERN}`);
  const { fn, qualifier } = api.store.function(arn);
  if (qualifier !== undefined) {
    throw invalidParameter('Tagging operations are permitted on Lambda functions only. Tags on aliases and versions are not supported. Please specify either a function name or a function ARN.');
  }
  return fn;
}

export function tagResource(api: ApiContext, req: ApiRequest): Reply {
  const fn = taggedFunction(api, req);
  const body = parseJsonObject(req.body);
  if (body.Tags === undefined) throw new LambdaError(ApiError.ValidationException, "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  const tags = checkTags(body.Tags);
  if (Object.keys(tags).length === 0) throw invalidParameter('An error occurred and the request cannot be processed.');
  addTags(fn, tags);
  api.store.saveSettings(fn);
  return { status: 204 };
}

export function untagResource(api: ApiContext, req: ApiRequest): Reply {
  const fn = taggedFunction(api, req);
  const keys = req.query.getAll('tagKeys');
  if (keys.length === 0) throw new LambdaError(ApiError.ValidationException, "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  removeTags(fn, keys);
  api.store.saveSettings(fn);
  return { status: 204 };
}

export function listTags(api: ApiContext, req: ApiRequest): Reply {
  return { status: 200, body: { Tags: tagsOf(taggedFunction(api, req)) } };
}
