// The service's one account, and the ARNs of its functions in it. Names and
// ARNs themselves are read and written by src/lambda/names.ts.

import { functionArn as arnOf } from '../../lambda/names';

export const ACCOUNT_ID = '000000000000';

/** The execution role every function of the service reports. */
export const LOCAL_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/local-lambda`;

/** The ARN of one of the service's functions, qualified when a qualifier is given. */
export function functionArn(region: string, name: string, qualifier?: string): string {
  return arnOf({ region, account: ACCOUNT_ID, name, qualifier });
}
