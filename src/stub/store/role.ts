// The execution role a function names. The local service has no IAM: a role
// is checked for its form, as Lambda's API model does, and reported back.
// Pattern: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Role

export const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const ROLE_RE = new RegExp(`^${ROLE_PATTERN}$`);

export function isRoleArn(value: unknown): value is string {
  return typeof value === 'string' && ROLE_RE.test(value);
}
