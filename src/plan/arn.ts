// Function names may be given as ARNs; the region in one decides both where
// the SDK sends calls and which prices apply.

/** Region named in a Lambda function ARN (arn:aws:lambda:REGION:…), if the function is given as one. */
export function regionOfArn(fn: string): string | undefined {
  const parts = fn.split(':');
  return parts[0] === 'arn' && parts[2] === 'lambda' && parts[3] ? parts[3] : undefined;
}
