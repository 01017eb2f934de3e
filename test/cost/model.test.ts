import { describe, expect, it } from 'vitest';
import { estimatedBilledMs, invocationCostUsd } from '../../src/cost/model';
import { isKnownRegion, pricingNotes, pricingProvenance, regionPrices } from '../../src/cost/pricing';
import { parseReportLine } from '../../src/measure/report-line';

// Every expected figure below is worked out by hand from the published prices:
// us-east-1 x86_64 $0.0000166667 per GB-s, arm64 $0.0000133334 per GB-s,
// $0.20 per million requests, ephemeral storage $0.0000000309 per GB-s above 512 MB.

describe('invocationCostUsd', () => {
  it('prices x86_64: 100 ms at 128 MB', () => {
    // 0.1 s × 0.125 GB × 0.0000166667 = 0.00000020833375; + 0.0000002 request
    const usd = invocationCostUsd({ billedMs: 100, memoryMb: 128, architecture: 'x86_64', region: 'us-east-1' });
    expect(usd).toBeCloseTo(0.00000040833375, 15);
  });

  it('prices arm64: 1000 ms at 1024 MB', () => {
    // 1 s × 1 GB × 0.0000133334 = 0.0000133334; + 0.0000002
    const usd = invocationCostUsd({ billedMs: 1000, memoryMb: 1024, architecture: 'arm64', region: 'us-east-1' });
    expect(usd).toBeCloseTo(0.0000135334, 15);
  });

  it('charges the request even for zero billed time', () => {
    expect(invocationCostUsd({ billedMs: 0, memoryMb: 512, architecture: 'x86_64', region: 'us-east-1' })).toBeCloseTo(0.0000002, 15);
    expect(invocationCostUsd({ billedMs: 0, memoryMb: 512, architecture: 'arm64', region: 'us-east-1' })).toBeCloseTo(0.0000002, 15);
  });

  it('adds ephemeral storage above 512 MB only', () => {
    // 2 s × 1 GB × 0.0000166667 = 0.0000333334
    // (10240 − 512) MB = 9.5 GB × 2 s × 0.0000000309 = 0.0000005871
    // + 0.0000002 request = 0.0000341205
    const withStorage = invocationCostUsd({ billedMs: 2000, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1', ephemeralStorageMb: 10240 });
    expect(withStorage).toBeCloseTo(0.0000341205, 15);
    const included = invocationCostUsd({ billedMs: 2000, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1', ephemeralStorageMb: 512 });
    expect(included).toBeCloseTo(0.0000333334 + 0.0000002, 15);
    const unset = invocationCostUsd({ billedMs: 2000, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1' });
    expect(unset).toBe(included);
  });

  it('bills a cold start on Billed Duration alone: init is already in it', () => {
    const report = parseReportLine(
      'REPORT RequestId: 3f6c1a2e-0000-4000-8000-000000000001\tDuration: 102.35 ms\tBilled Duration: 460 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 357.12 ms\t',
    );
    expect(report?.initMs).toBeCloseTo(357.12, 2);
    const usd = invocationCostUsd({ billedMs: report!.billedMs, memoryMb: report!.memorySizeMb, architecture: 'x86_64', region: 'us-east-1' });
    // 0.46 s × 0.5 GB × 0.0000166667 = 0.000003833341; + 0.0000002 = 0.000004033341
    expect(usd).toBeCloseTo(0.000004033341, 15);
    const initAddedOnTop = ((460 + 357.12) / 1000) * 0.5 * 0.0000166667 + 0.0000002;
    expect(Math.abs(usd - initAddedOnTop)).toBeGreaterThan(1e-6);
  });

  it('uses a known region\'s own prices', () => {
    // eu-south-1 x86_64: 0.0000195172 per GB-s, $0.23 per million requests.
    // 1 s × 1 GB × 0.0000195172 + 0.00000023 = 0.0000197472
    const usd = invocationCostUsd({ billedMs: 1000, memoryMb: 1024, architecture: 'x86_64', region: 'eu-south-1' });
    expect(usd).toBeCloseTo(0.0000197472, 15);
    expect(pricingNotes('eu-south-1', 'x86_64')).toEqual([]);
  });

  it('falls back to us-east-1 for an unknown region, with a note', () => {
    expect(isKnownRegion('xx-nowhere-1')).toBe(false);
    const unknown = invocationCostUsd({ billedMs: 250, memoryMb: 256, architecture: 'arm64', region: 'xx-nowhere-1' });
    const virginia = invocationCostUsd({ billedMs: 250, memoryMb: 256, architecture: 'arm64', region: 'us-east-1' });
    expect(unknown).toBe(virginia);
    expect(regionPrices('xx-nowhere-1', 'arm64').pricedAs).toBe('us-east-1');
    const notes = pricingNotes('xx-nowhere-1', 'arm64');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('xx-nowhere-1');
    expect(notes[0]).toContain('us-east-1');
    expect(pricingNotes('us-east-1', 'arm64')).toEqual([]);
  });

  it('notes a borrowed request price, and a borrowed storage price only when storage is paid for', () => {
    expect(pricingNotes('af-south-1', 'x86_64').join(' ')).toContain('request price');
    expect(pricingNotes('eu-west-1', 'x86_64', 512)).toEqual([]);
    expect(pricingNotes('eu-west-1', 'x86_64', 2048).join(' ')).toContain('ephemeral storage');
  });

  it('names its source and date in the provenance', () => {
    const p = pricingProvenance('us-east-1', 'x86_64');
    expect(String(p['source'])).toContain('aws.amazon.com/lambda/pricing');
    expect(p['takenOn']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p['gbSecondUsd']).toBe(0.0000166667);
  });

  it('switches prices when region or architecture changes between calls (per-call cache)', () => {
    const a = invocationCostUsd({ billedMs: 1000, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1' });
    const b = invocationCostUsd({ billedMs: 1000, memoryMb: 1024, architecture: 'arm64', region: 'us-east-1' });
    const c = invocationCostUsd({ billedMs: 1000, memoryMb: 1024, architecture: 'x86_64', region: 'ap-east-1' });
    expect(a).toBeCloseTo(0.0000168667, 15);
    expect(b).toBeCloseTo(0.0000135334, 15);
    // ap-east-1 x86_64 0.00002292 per GB-s; request price borrowed from us-east-1
    expect(c).toBeCloseTo(0.00002312, 15);
  });
});

describe('estimatedBilledMs', () => {
  it('rounds the client-measured time up to the millisecond, at least 1 ms', () => {
    expect(estimatedBilledMs(12)).toBe(12);
    expect(estimatedBilledMs(12.01)).toBe(13);
    expect(estimatedBilledMs(0.2)).toBe(1);
  });
});
