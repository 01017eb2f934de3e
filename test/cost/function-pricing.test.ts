// Pricing with the function's own settings: the provisioned duration rate for
// invocations on provisioned environments, the on-demand rate for spill-over,
// SnapStart's restore charge for Python and .NET (not Java), and the standing
// charges (provisioned concurrency, snapshot cache) in the monthly projection.
// Every figure is worked out by hand from pricing.json, which names its
// sources (https://aws.amazon.com/lambda/pricing/, us-east-1):
//   provisioned duration x86_64 $0.0000097222, arm64 $0.0000077778 per GB-s
//   provisioned concurrency x86_64 $0.0000041667, arm64 $0.0000033334 per GB-s
//   SnapStart cache $0.0000015046 per GB-s, restore $0.0001397998 per GB

import { describe, expect, it } from 'vitest';
import { durationPricing, invocationCostUsd, planInvocationCostUsd, withFunctionPricing } from '../../src/cost/model';
import pricing from '../../src/cost/pricing.json';
import { featurePricingNotes, provisionedPrices, snapStartCharged, snapStartPrices } from '../../src/cost/pricing';
import { projectMonthly, SECONDS_PER_MONTH } from '../../src/cost/projection';

const base = { region: 'us-east-1', ephemeralStorageMb: 512 } as const;

describe('durationPricing', () => {
  it('provisioned only on a qualifier with provisioned concurrency, for an invocation without init or restore', () => {
    expect(durationPricing(2, false, false)).toBe('provisioned');
    expect(durationPricing(2, true, false)).toBe('on-demand'); // spill-over: a new on-demand environment ran an init
    expect(durationPricing(2, false, true)).toBe('on-demand');
    expect(durationPricing(0, false, false)).toBe('on-demand');
  });
});

describe('invocationCostUsd with the function\'s settings', () => {
  it('prices an invocation on a provisioned environment at the provisioned duration rate, x86_64 and arm64', () => {
    // 1 s × 1 GB × 0.0000097222 + 0.0000002 = 0.0000099222
    expect(invocationCostUsd({ ...base, billedMs: 1000, memoryMb: 1024, architecture: 'x86_64', pricing: 'provisioned' })).toBeCloseTo(0.0000099222, 15);
    // 0.5 s × 2 GB × 0.0000077778 + 0.0000002 = 0.0000079778
    expect(invocationCostUsd({ ...base, billedMs: 500, memoryMb: 2048, architecture: 'arm64', pricing: 'provisioned' })).toBeCloseTo(0.0000079778, 15);
    // The same arm64 invocation on demand: 1 GB-s × 0.0000133334 + 0.0000002
    expect(invocationCostUsd({ ...base, billedMs: 500, memoryMb: 2048, architecture: 'arm64' })).toBeCloseTo(0.0000135334, 15);
  });

  it('adds the restore charge per GB of memory restored for a charged runtime, never the Billed Restore Duration on top', () => {
    // AWS's sample: Billed Duration 564 ms already holds Billed Restore Duration 519 ms; 1024 MB.
    // 0.564 s × 1 GB × 0.0000166667 = 0.0000094000188; + 0.0000002 request + 1 GB × 0.0001397998 = 0.0001493998188
    const restored = invocationCostUsd({ ...base, billedMs: 564, memoryMb: 1024, architecture: 'x86_64', restoreBilledMs: 519, snapStartCharged: true });
    expect(restored).toBeCloseTo(0.0001493998188, 15);
    // Java: SnapStart restores cost only their billed duration.
    const java = invocationCostUsd({ ...base, billedMs: 564, memoryMb: 1024, architecture: 'x86_64', restoreBilledMs: 519, snapStartCharged: false });
    expect(java).toBeCloseTo(0.0000096000188, 15);
    // A warm invocation of a charged runtime pays no restore.
    expect(invocationCostUsd({ ...base, billedMs: 564, memoryMb: 1024, architecture: 'x86_64', snapStartCharged: true })).toBe(java);
  });

  it('a plan carrying the function\'s pricing prices each report by its own start', () => {
    const plan = withFunctionPricing({ architecture: 'arm64' as const, region: 'us-east-1', ephemeralStorageMb: 512 }, { provisionedConcurrency: 3, snapStartCharged: false });
    // warm on a provisioned environment: 0.2 s × 0.5 GB × 0.0000077778 + 0.0000002 = 0.00000097778
    expect(planInvocationCostUsd(plan, 200, 512, { initRan: false })).toBeCloseTo(0.00000097778, 15);
    // spill-over cold start: 0.2 s × 0.5 GB × 0.0000133334 + 0.0000002 = 0.00000153334
    expect(planInvocationCostUsd(plan, 200, 512, { initRan: true })).toBeCloseTo(0.00000153334, 15);
    // the plan alone (no function read): on demand
    expect(planInvocationCostUsd({ architecture: 'arm64', region: 'us-east-1', ephemeralStorageMb: 512 }, 200, 512, { initRan: false })).toBeCloseTo(0.00000153334, 15);
  });
});

describe('pricing.json for provisioned concurrency and SnapStart', () => {
  it('names a source URL and a date for each, and holds AWS\'s us-east-1 figures', () => {
    for (const section of [pricing.provisionedConcurrency, pricing.snapStart]) {
      expect(section.source).toMatch(/^https:\/\/aws\.amazon\.com\/lambda\/pricing\//);
      expect(section.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(provisionedPrices('us-east-1', 'x86_64')).toMatchObject({ concurrencyGbSecondUsd: 0.0000041667, durationGbSecondUsd: 0.0000097222 });
    expect(provisionedPrices('us-east-1', 'arm64')).toMatchObject({ concurrencyGbSecondUsd: 0.0000033334, durationGbSecondUsd: 0.0000077778 });
    expect(snapStartPrices('us-east-1')).toMatchObject({ cacheGbSecondUsd: 0.0000015046, restoreGbUsd: 0.0001397998, cacheMinimumSeconds: 10800 });
  });

  it('charges SnapStart to Python and .NET, not Java', () => {
    expect(snapStartCharged('python3.12')).toBe(true);
    expect(snapStartCharged('dotnet8')).toBe(true);
    expect(snapStartCharged('java21')).toBe(false);
    expect(snapStartCharged(undefined)).toBe(false);
  });

  it('borrows us-east-1\'s prices elsewhere, with a note only when the function uses them', () => {
    expect(provisionedPrices('eu-west-1', 'x86_64').pricedAs).toBe('us-east-1');
    expect(featurePricingNotes('eu-west-1', { provisioned: true, snapStart: false })).toEqual([expect.stringContaining('provisioned concurrency prices of eu-west-1')]);
    expect(featurePricingNotes('eu-west-1', { provisioned: false, snapStart: false })).toEqual([]);
    expect(featurePricingNotes('us-east-1', { provisioned: true, snapStart: true })).toEqual([]);
  });
});

describe('projectMonthly with the function\'s standing charges', () => {
  it('adds the provisioned concurrency charge for the month and prices the measured share at the provisioned rate', () => {
    // 1e6 invocations × 0.1 s × 1 GB = 100000 GB-s; 80% on provisioned environments.
    // on demand: 20000 GB-s × 0.0000166667 = 0.333334
    // provisioned duration: 80000 × 0.0000097222 = 0.777776
    // standing: 2 × 1 GB × 2628000 s = 5256000 GB-s × 0.0000041667 = 21.9001752
    // requests: 1e6 × 0.0000002 = 0.2; the free tier does not apply
    const p = projectMonthly({
      monthlyInvocations: 1e6, billedMsPerInvocation: 100, memoryMb: 1024, architecture: 'x86_64', region: 'us-east-1', freeTier: true,
      provisioned: { concurrency: 2, invocationShare: 0.8 },
    });
    expect(SECONDS_PER_MONTH).toBe(2628000);
    expect(p.freeTierApplied).toBe(false);
    expect(p.durationUsd).toBeCloseTo(0.333334, 9);
    expect(p.provisioned).toMatchObject({ concurrency: 2, concurrencyGbSeconds: 5256000, durationGbSeconds: 80000 });
    expect(p.provisioned!.durationUsd).toBeCloseTo(0.777776, 9);
    expect(p.provisioned!.concurrencyUsd).toBeCloseTo(21.9001752, 9);
    expect(p.requestUsd).toBeCloseTo(0.2, 12);
    expect(p.totalUsd).toBeCloseTo(0.333334 + 0.777776 + 21.9001752 + 0.2, 9);
    expect(p.notes.join(' ')).toMatch(/free tier does not apply to functions with provisioned concurrency/);
  });

  it('adds the SnapStart cache for the month and a restore charge per restore', () => {
    // 512 MB: cache 0.5 GB × 2628000 s = 1314000 GB-s × 0.0000015046 = 1.9770444
    // restores 1e5 × 1% = 1000 × 0.5 GB × 0.0001397998 = 0.0698999
    const p = projectMonthly({
      monthlyInvocations: 1e5, billedMsPerInvocation: 10, memoryMb: 512, architecture: 'arm64', region: 'us-east-1', freeTier: false,
      snapStart: { restoreShare: 0.01 },
    });
    expect(p.snapStart).toMatchObject({ cacheGbSeconds: 1314000, restores: 1000 });
    expect(p.snapStart!.cacheUsd).toBeCloseTo(1.9770444, 9);
    expect(p.snapStart!.restoreUsd).toBeCloseTo(0.0698999, 9);
    expect(p.totalUsd).toBeCloseTo(p.durationUsd + p.requestUsd + 1.9770444 + 0.0698999, 9);
  });
});
