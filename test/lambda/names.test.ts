import { describe, expect, it } from 'vitest';
import {
  FUNCTION_NAME_MAX_CHARS, FunctionNameError, functionArn, isAccountId, isQualifier, isRegion, parseFunctionName, regionOfArn, tryParseFunctionName,
} from '../../src/lambda/names';

describe('function names and ARNs', () => {
  it('reads every form Lambda accepts', () => {
    expect(parseFunctionName('my-fn')).toEqual({ name: 'my-fn' });
    expect(parseFunctionName('my-fn:live')).toEqual({ name: 'my-fn', qualifier: 'live' });
    expect(parseFunctionName('my-fn:$LATEST')).toEqual({ name: 'my-fn', qualifier: '$LATEST' });
    expect(parseFunctionName('123456789012:function:my-fn')).toEqual({ name: 'my-fn', account: '123456789012' });
    expect(parseFunctionName('123456789012:function:my-fn:7')).toEqual({ name: 'my-fn', qualifier: '7', account: '123456789012' });
    expect(parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:my.fn')).toEqual({
      name: 'my.fn', partition: 'aws', region: 'eu-west-1', account: '123456789012',
    });
    expect(parseFunctionName('arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f:prod')).toEqual({
      name: 'f', qualifier: 'prod', partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012',
    });
  });

  it('builds ARNs that read back to the same parts', () => {
    const cases = [
      { region: 'us-east-1', account: '000000000000', name: 'f' },
      { region: 'ap-southeast-2', account: '123456789012', name: 'with_under-score.and.dots', qualifier: '$LATEST' },
      { partition: 'aws-cn', region: 'cn-north-1', account: '210987654321', name: 'f', qualifier: 'blue' },
    ];
    for (const parts of cases) {
      const arn = functionArn(parts);
      expect(arn).toMatch(/^arn:aws[a-z-]*:lambda:/);
      expect(parseFunctionName(arn)).toEqual({ partition: 'aws', ...parts });
    }
    expect(functionArn({ region: 'us-east-1', account: '000000000000', name: 'f', qualifier: '3' })).toBe('arn:aws:lambda:us-east-1:000000000000:function:f:3');
  });

  it('refuses what Lambda refuses, saying which name', () => {
    const bad = [
      '', 'has space', 'a'.repeat(65), 'f:', 'f:a:b', 'f:bad.qualifier', 'f:' + 'q'.repeat(129),
      'arn:aws:lambda:eu-west-1:123456789012:function', // no name
      'arn:aws:s3:eu-west-1:123456789012:function:f', // not lambda
      'arn:gcp:lambda:eu-west-1:123456789012:function:f', // not an AWS partition
      'arn:aws:lambda:europe:123456789012:function:f', // not a region
      'arn:aws:lambda:eu-west-1:1234:function:f', // not an account
      'arn:aws:lambda:eu-west-1:123456789012:layer:f', // not a function
      'x'.repeat(FUNCTION_NAME_MAX_CHARS + 1),
      '../etc/passwd',
    ];
    for (const raw of bad) {
      expect(tryParseFunctionName(raw), raw).toBeUndefined();
      expect(() => parseFunctionName(raw), raw).toThrow(FunctionNameError);
    }
    expect(() => parseFunctionName('has space')).toThrow(/^has space$/);
  });

  it('finds the region only in a full ARN', () => {
    expect(regionOfArn('arn:aws:lambda:af-south-1:123456789012:function:f')).toBe('af-south-1');
    expect(regionOfArn('arn:aws:lambda:af-south-1:123456789012:function:f:live')).toBe('af-south-1');
    expect(regionOfArn('123456789012:function:f')).toBeUndefined();
    expect(regionOfArn('f')).toBeUndefined();
    expect(regionOfArn('')).toBeUndefined();
  });

  it('checks the parts on their own', () => {
    expect(isQualifier('$LATEST')).toBe(true);
    expect(isQualifier('live-1')).toBe(true);
    expect(isQualifier('')).toBe(false);
    expect(isRegion('us-gov-east-1')).toBe(true);
    expect(isRegion('us-east')).toBe(false);
    expect(isAccountId('000000000000')).toBe(true);
    expect(isAccountId('00000000000a')).toBe(false);
  });
});
