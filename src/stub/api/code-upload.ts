// The code of CreateFunction (its Code member) and UpdateFunctionCode (its
// top-level members): a zip given inline as ZipFile, base64 in the JSON
// body. Code in S3 or a container image is refused with what to do instead:
// the service has neither S3 nor an image registry. A package the service
// refuses gets Lambda's own message where Lambda has one.
// https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html

import { CODE_UNZIPPED_MAX_BYTES, CODE_UPLOAD_REQUEST_MAX_BYTES, CODE_ZIPPED_MAX_BYTES } from '../../lambda/limits';
import { ApiError } from '../../lambda/errors';
import { handlerFileProblem } from '../runtimes/handler-file';
import type { CodeUpload } from '../store/store';
import { ZipRefusal } from '../store/unzip';
import { invalidParameter, LambdaError } from './errors';

const NO_S3 = 'The local Lambda service has no S3, so it cannot read S3Bucket/S3Key/S3ObjectVersion. Download the package '
  + '(aws s3 cp s3://BUCKET/KEY function.zip) and pass the zip itself as ZipFile (aws lambda create-function … --zip-file fileb://function.zip).';
const NO_IMAGE = 'The local Lambda service runs .zip packages only, not container images (ImageUri, PackageType Image). '
  + 'Zip the function\'s code and pass it as ZipFile (aws lambda create-function … --zip-file fileb://function.zip) with its Runtime and Handler.';

/** Lambda's refusal of a request body past the upload limit (the SDK's RequestTooLargeException, 413). */
export function uploadTooLarge(operation: string): LambdaError {
  return new LambdaError(ApiError.RequestTooLargeException, `Request must be smaller than ${CODE_UPLOAD_REQUEST_MAX_BYTES} bytes for the ${operation} operation`);
}

/** The zip of `members` (the Code object, or UpdateFunctionCode's body); throws for anything else. */
export function zipFromMembers(members: Record<string, unknown>, operation: string): Buffer {
  if (members.ImageUri !== undefined) throw invalidParameter(NO_IMAGE);
  if (members.S3Bucket !== undefined || members.S3Key !== undefined || members.S3ObjectVersion !== undefined) throw invalidParameter(NO_S3);
  if (members.SourceKMSKeyArn !== undefined) {
    throw invalidParameter('SourceKMSKeyArn is not applied by the local Lambda service (it keeps packages unencrypted); remove it from the request.');
  }
  const raw = members.ZipFile;
  if (raw === undefined) throw invalidParameter('Please provide a source for function code: ZipFile, the .zip package itself (the local Lambda service has no S3 and runs no container images).');
  if (typeof raw !== 'string') throw invalidParameter("'ZipFile' must be the package's bytes, base64-encoded");
  const zip = Buffer.from(raw, 'base64');
  if (zip.length > CODE_ZIPPED_MAX_BYTES) throw uploadTooLarge(operation);
  if (zip.length === 0) throw invalidParameter('Uploaded file must be a non-empty zip');
  return zip;
}

/** The upload as the store takes it: checked for the handler's file before it is put in place. */
export function codeUpload(zip: Buffer): CodeUpload {
  return {
    zip,
    maxUnzippedBytes: CODE_UNZIPPED_MAX_BYTES,
    check: async (codeDir, config) => {
      const problem = await handlerFileProblem(codeDir, config.runtime, config.handler);
      if (problem !== undefined) throw invalidParameter(problem);
    },
  };
}

/** Runs a deploy; a refused package becomes Lambda's InvalidParameterValueException. */
export async function refusingBadZips<T>(deploy: () => Promise<T>): Promise<T> {
  try {
    return await deploy();
  } catch (err) {
    if (!(err instanceof ZipRefusal)) throw err;
    switch (err.kind) {
      case 'too-large': throw invalidParameter(`Unzipped size must be smaller than ${CODE_UNZIPPED_MAX_BYTES} bytes`);
      case 'empty': throw invalidParameter('Uploaded file must be a non-empty zip');
      case 'unsafe-path': throw invalidParameter(`Could not unzip uploaded file. Please check your file, then try to upload again. (The local Lambda service refuses entries outside the package: ${err.detail}.)`);
      default: throw invalidParameter(`Could not unzip uploaded file. Please check your file, then try to upload again. (${err.detail})`);
    }
  }
}
