import { describe, expect, it } from 'vitest';
import { LOCAL_REGION, isLoopback, namedRegion, pricingRegion, resolveRegion } from '../../src/scenario/region';

const ARN = 'arn:aws:lambda:af-south-1:123456789012:function:f';

describe('the region of a target', () => {
  it('is the scenario\'s, else the ARN\'s, else the default chain\'s, else us-east-1 on this machine', async () => {
    const chain = (region: string | undefined) => () => (region === undefined ? Promise.reject(new Error('Region is missing')) : Promise.resolve(region));
    expect(await resolveRegion({ region: 'eu-west-1', function: ARN }, chain('eu-north-1'))).toBe('eu-west-1');
    expect(await resolveRegion({ function: ARN, endpoint: 'http://localhost:9001' }, chain('eu-north-1'))).toBe('af-south-1');
    expect(await resolveRegion({ function: 'f', endpoint: 'http://localhost:9001' }, chain('eu-north-1'))).toBe('eu-north-1');
    expect(await resolveRegion({ function: 'f', endpoint: 'http://localhost:9001' }, chain(undefined))).toBe(LOCAL_REGION);
    await expect(resolveRegion({ function: 'f' }, chain(undefined))).rejects.toThrow(/Region is missing/);
    expect(namedRegion({ function: 'f', endpoint: 'http://127.0.0.1:9001' })).toBeUndefined();
  });

  it('prices where the SDK would send calls, reading the environment where the SDK would decide', () => {
    const env = { AWS_REGION: 'eu-south-1', AWS_DEFAULT_REGION: 'eu-north-1' };
    const local = { kind: 'local', function: 'f', codeDir: '/tmp/f' } as const;
    expect(pricingRegion(local, env)).toBe(LOCAL_REGION);
    expect(pricingRegion({ kind: 'aws', function: ARN }, env)).toBe('af-south-1');
    expect(pricingRegion({ kind: 'aws', function: 'f' }, env)).toBe('eu-south-1');
    expect(pricingRegion({ kind: 'aws', function: 'f' }, { AWS_DEFAULT_REGION: 'eu-north-1' })).toBe('eu-north-1');
    expect(pricingRegion({ kind: 'aws', function: 'f' }, {})).toBe(LOCAL_REGION);
    expect(pricingRegion({ kind: 'aws', function: 'f', endpoint: 'http://127.0.0.1:9001' }, env)).toBe('eu-south-1');
    expect(pricingRegion({ kind: 'http', url: 'https://x.lambda-url.eu-west-3.on.aws/', method: 'GET', headers: {} }, env)).toBe('eu-south-1');
  });

  it('knows an endpoint on this machine', () => {
    expect(isLoopback('http://127.0.0.1:9001')).toBe(true);
    expect(isLoopback('http://[::1]:9001')).toBe(true);
    expect(isLoopback('http://localhost')).toBe(true);
    expect(isLoopback('https://lambda.us-east-1.amazonaws.com')).toBe(false);
    expect(isLoopback('not a url')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});
