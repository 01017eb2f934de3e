// CreateFunction from a .zip package (Code.ZipFile), for the Node.js, Python
// and OS-only (provided) runtimes: Lambda's checks and errors, the package
// unpacked into the functions folder (see ../store/functions-folder.ts), and
// the function Pending for a moment, then Active.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html

import { ARCHITECTURES, DEFAULT_ARCHITECTURE, isArchitecture, type Architecture } from '../../lambda/architectures';
import { DEFAULT_LOGGING } from '../../lambda/logging-config';
import { FUNCTION_NAME_MAX_CHARS } from '../../lambda/names';
import { DEFAULTS } from '../store/limits';
import { ROLE_PATTERN, isRoleArn } from '../store/role';
import { addTags, checkTags } from '../store/tags';
import type { ConfigFields } from '../store/types';
import { codeUpload, refusingBadZips, zipFromMembers } from './code-upload';
import type { ApiContext, ApiRequest } from './context';
import { invalidParameter, validationError } from './errors';
import { settingsPatch } from './function-settings';
import { parseJsonObject, type Reply } from './http';
import { functionConfiguration } from './shapes';
import { startSnapshot } from './snapstart';
import { refuseUnapplied } from './unapplied-settings';

const NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;
/** Members CreateFunction has beyond UpdateFunctionConfiguration's; each is handled here. */
const CREATE_ONLY = new Set(['FunctionName', 'Code', 'Publish', 'PackageType', 'Architectures', 'Tags', 'Role']);
const notNull = (member: string): never => {
  throw validationError('null', member, 'Member must not be null');
};

export function architectureOf(value: unknown, member: string): Architecture {
  if (!Array.isArray(value) || value.length !== 1) {
    throw validationError(JSON.stringify(value), member, 'Member must have length less than or equal to 1 and greater than or equal to 1');
  }
  const [arch] = value as unknown[];
  if (!isArchitecture(arch)) throw validationError(String(arch), `${member}.member`, `Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}]`);
  return arch;
}

export async function createFunction(api: ApiContext, req: ApiRequest): Promise<Reply> {
  const body = parseJsonObject(req.body);
  const name = body.FunctionName;
  if (name === undefined) notNull('functionName');
  // CreateFunction takes a name; the ARN forms the other operations take are read as Lambda reads them.
  const bare = typeof name === 'string' ? name.replace(/^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:/, '') : name;
  if (typeof bare !== 'string' || !NAME_RE.test(bare)) {
    throw validationError(String(name), 'functionName', `Member must have length less than or equal to ${FUNCTION_NAME_MAX_CHARS} and satisfy regular expression pattern: [a-zA-Z0-9-_]+`);
  }
  if (body.Role === undefined) notNull('role');
  if (!isRoleArn(body.Role)) throw validationError(String(body.Role), 'role', `Member must satisfy regular expression pattern: ${ROLE_PATTERN}`);
  if (body.Code === undefined) notNull('code');
  const codeMembers = body.Code;
  if (typeof codeMembers !== 'object' || codeMembers === null || Array.isArray(codeMembers)) throw invalidParameter("'Code' must be an object: { ZipFile }");
  if (body.PackageType !== undefined && body.PackageType !== 'Zip') {
    // The same advice as for an ImageUri.
    zipFromMembers({ ImageUri: body.PackageType }, 'CreateFunction');
  }
  const zip = zipFromMembers(codeMembers as Record<string, unknown>, 'CreateFunction');
  if (body.Runtime === undefined || body.Handler === undefined) {
    throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  // Anything asked for that the service would not apply is refused before the package is unpacked.
  const settings = Object.fromEntries(Object.entries(body).filter(([k]) => !CREATE_ONLY.has(k)));
  refuseUnapplied(settings, { name: bare }, body.Role, `function '${bare}' was not created`);
  const defaults: ConfigFields = {
    handler: DEFAULTS.handler, runtime: DEFAULTS.runtime, memoryMb: DEFAULTS.memoryMb, timeoutSec: DEFAULTS.timeoutSec,
    environment: {}, ephemeralStorageMb: DEFAULTS.ephemeralStorageMb, description: '', logging: DEFAULT_LOGGING, snapStart: 'None',
  };
  const config: ConfigFields = { ...defaults, ...settingsPatch(api, body, defaults) };
  const architecture = body.Architectures === undefined ? DEFAULT_ARCHITECTURE : architectureOf(body.Architectures, 'architectures');
  const tags = body.Tags === undefined ? undefined : checkTags(body.Tags);
  if (body.Publish !== undefined && typeof body.Publish !== 'boolean') throw invalidParameter("'Publish' must be true or false");
  const fn = await refusingBadZips(() => api.store.createFunction({
    name: bare, config, architecture, role: body.Role as string, code: codeUpload(zip),
  }));
  if (tags !== undefined) {
    addTags(fn, tags);
    api.store.saveSettings(fn);
  }
  if (body.Publish === true) {
    const version = await api.store.publish(fn, {});
    startSnapshot(api, version);
    return { status: 201, body: functionConfiguration(api.shape, fn, version, undefined) };
  }
  return { status: 201, body: functionConfiguration(api.shape, fn, fn.latest, undefined) };
}
