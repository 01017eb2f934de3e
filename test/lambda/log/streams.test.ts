import { describe, expect, it } from 'vitest';
import { logGroupName, logStreamName } from '../../../src/lambda/log';

describe('log group and stream names', () => {
  it('names them as Lambda does', () => {
    expect(logGroupName('my-function')).toBe('/aws/lambda/my-function');
    expect(logStreamName('7', new Date(Date.UTC(2025, 0, 2)))).toMatch(/^2025\/01\/02\/\[7\][0-9a-f]{32}$/);
    expect(logStreamName('$LATEST')).not.toBe(logStreamName('$LATEST'));
  });
});
