// The service's account and region, and the ARNs of its functions in them.
// Both are options of the service (`coldbench stub --region --account`), so
// that ARNs match the user's own. Names and ARNs themselves are read and
// written by src/lambda/names.ts.

import { functionArn as arnOf } from '../../lambda/names';

/** The account of a service started without one. */
export const DEFAULT_ACCOUNT_ID = '000000000000';

/** Where the service's functions live: a region, and an account (DEFAULT_ACCOUNT_ID when absent). */
export interface Place {
  readonly region: string;
  readonly account?: string;
}

export const accountOf = (place: Place): string => place.account ?? DEFAULT_ACCOUNT_ID;

/** The execution role a function reports when none was given (functions from a folder). */
export function localRole(place: Place): string {
  return `arn:aws:iam::${accountOf(place)}:role/local-lambda`;
}

/** The ARN of one of the service's functions, qualified when a qualifier is given. */
export function functionArn(place: Place, name: string, qualifier?: string): string {
  return arnOf({ region: place.region, account: accountOf(place), name, qualifier });
}
