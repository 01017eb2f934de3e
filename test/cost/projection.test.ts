import { describe, expect, it } from 'vitest';
import { projectMonthly } from '../../src/cost/projection';

describe('projectMonthly', () => {
  it('crosses the first x86_64 tier boundary: 7 billion GB-s = 6e9 at full price + 1e9 at −10%', () => {
    // 7e9 invocations × 1 s × 1 GB = 7e9 GB-s
    // 6e9 × 0.0000166667 = 100000.2; 1e9 × 0.000015 = 15000 → 115000.2
    // requests 7e9 × 0.0000002 = 1400
    const p = projectMonthly({ monthlyInvocations: 7e9, billedMsPerInvocation: 1000, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1', freeTier: false });
    expect(p.gbSeconds).toBe(7e9);
    expect(p.bands).toHaveLength(2);
    expect(p.bands[0]).toMatchObject({ fromGbSeconds: 0, toGbSeconds: 6e9, gbSeconds: 6e9, gbSecondUsd: 0.0000166667 });
    expect(p.bands[1]).toMatchObject({ fromGbSeconds: 6e9, toGbSeconds: 15e9, gbSeconds: 1e9, gbSecondUsd: 0.000015 });
    expect(p.durationUsd).toBeCloseTo(115000.2, 6);
    expect(p.requestUsd).toBeCloseTo(1400, 6);
    expect(p.totalUsd).toBeCloseTo(116400.2, 6);
  });

  it('uses arm64\'s own breaks (7.5 and 18.75 billion) and all three bands', () => {
    // 20e9 GB-s: 7.5e9 × 0.0000133334 = 100000.5; 11.25e9 × 0.0000120001 = 135001.125;
    // 1.25e9 × 0.0000106667 = 13333.375 → 248335
    const p = projectMonthly({ monthlyInvocations: 20e9, billedMsPerInvocation: 1000, memoryMb: 1024, architecture: 'arm64', region: 'us-east-1', freeTier: false });
    expect(p.bands.map((b) => b.gbSeconds)).toEqual([7.5e9, 11.25e9, 1.25e9]);
    expect(p.bands[2]!.toGbSeconds).toBeNull();
    expect(p.durationUsd).toBeCloseTo(248335, 5);
  });

  it('applies the tier discounts to another region\'s own first-tier price', () => {
    // eu-south-1 x86_64 0.0000195172: 6e9 × it = 117103.2; 1e9 × it × 0.9 = 17565.48 → 134668.68
    const p = projectMonthly({ monthlyInvocations: 7e9, billedMsPerInvocation: 1000, memoryMb: 1024, architecture: 'x86_64', region: 'eu-south-1', freeTier: false });
    expect(p.durationUsd).toBeCloseTo(134668.68, 5);
  });

  it('takes the free tier off only when asked (AWS\'s own example: 3M × 1 s at 512 MB)', () => {
    // 1.5e6 GB-s − 400000 free = 1.1e6 × 0.0000166667 = 18.33337; (3M − 1M) × 0.0000002 = 0.4
    const input = { monthlyInvocations: 3e6, billedMsPerInvocation: 1000, memoryMb: 512, architecture: 'x86_64' as const, region: 'us-east-1' };
    const free = projectMonthly({ ...input, freeTier: true });
    expect(free.freeGbSeconds).toBe(400000);
    expect(free.freeRequests).toBe(1e6);
    expect(free.durationUsd).toBeCloseTo(18.33337, 8);
    expect(free.requestUsd).toBeCloseTo(0.4, 10);
    expect(free.totalUsd).toBeCloseTo(18.73337, 8);
    const paid = projectMonthly({ ...input, freeTier: false });
    // 1.5e6 × 0.0000166667 = 25.00005; 3e6 × 0.0000002 = 0.6
    expect(paid.totalUsd).toBeCloseTo(25.60005, 8);
  });

  it('charges nothing inside the free tier, but ephemeral storage still', () => {
    // 100000 × 0.1 s × 1 GB = 10000 GB-s (free); storage 1.5 GB × 10000 s × 0.0000000309 = 0.0004635
    const p = projectMonthly({ monthlyInvocations: 100000, billedMsPerInvocation: 100, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1', ephemeralStorageMb: 2048, freeTier: true });
    expect(p.durationUsd).toBe(0);
    expect(p.requestUsd).toBe(0);
    expect(p.ephemeralUsd).toBeCloseTo(0.0004635, 12);
    expect(p.totalUsd).toBeCloseTo(0.0004635, 12);
  });
});
