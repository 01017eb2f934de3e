// SnapStart's vocabulary against what Lambda documents and prints.

import { describe, expect, it } from 'vitest';
import { readText } from '../../src/lambda/log';
import {
  billedRestoreDurationMs, billedRestoredDurationMs, isSnapStartApplyOn, snapStartRuntimeRefusal, snapStartSupports,
} from '../../src/lambda/snapstart';

describe('SnapStart vocabulary', () => {
  it('knows the runtimes Lambda offers SnapStart for (Java 11+, Python 3.12+, .NET 8+)', () => {
    for (const r of ['python3.12', 'python3.13', 'python3.14', 'java11', 'java17', 'java21', 'dotnet8']) expect(snapStartSupports(r)).toBe(true);
    for (const r of ['python3.11', 'python3.9', 'nodejs22.x', 'nodejs20.x', 'java8.al2', 'dotnet6', 'provided.al2023', 'ruby3.4']) {
      expect(snapStartSupports(r)).toBe(false);
    }
  });

  it('words a refusal as Lambda does', () => {
    expect(snapStartRuntimeRefusal('nodejs22.x')).toBe('nodejs22.x is not supported for SnapStart enabled functions.');
  });

  it('takes only ApplyOn values of the API', () => {
    expect(isSnapStartApplyOn('PublishedVersions')).toBe(true);
    expect(isSnapStartApplyOn('None')).toBe(true);
    expect(isSnapStartApplyOn('publishedversions')).toBe(false);
    expect(isSnapStartApplyOn(undefined)).toBe(false);
  });

  // Real REPORT lines of restores (github.com/docwho2/java-connect-lex-chatgpt
  // README and others found in public repositories): Billed Duration is
  // Duration rounded up plus Billed Restore Duration.
  it.each([
    'REPORT RequestId: 8c360c87-d4b7-4423-b5f3-af02be3c1763\tDuration: 2338.66 ms\tBilled Duration: 2521 ms\tMemory Size: 3009 MB\tMax Memory Used: 173 MB\tRestore Duration: 398.97 ms\tBilled Restore Duration: 182 ms\t',
    'REPORT RequestId: b771fecc-1b53-4faf-922d-1d74357b1676\tDuration: 306.34 ms\tBilled Duration: 610 ms\tMemory Size: 3009 MB\tMax Memory Used: 155 MB\tRestore Duration: 511.25 ms\tBilled Restore Duration: 303 ms\t',
    'REPORT RequestId: 5b321b10-9dfa-4a05-b900-c45b96303238\tDuration: 149.53 ms\tBilled Duration: 313 ms\tMemory Size: 3538 MB\tMax Memory Used: 163 MB\tRestore Duration: 789.64 ms\tBilled Restore Duration: 163 ms\t',
  ])('bills a restore as Lambda did: %s', (line) => {
    const r = readText(line);
    expect(r?.kind).toBe('report');
    if (r?.kind !== 'report') return;
    const m = r.metrics;
    expect(billedRestoredDurationMs(m.durationMs, m.billedRestoreDurationMs!)).toBe(m.billedDurationMs);
  });

  it('rounds a billed restore up and never below 0', () => {
    expect(billedRestoreDurationMs(8.01)).toBe(9);
    expect(billedRestoreDurationMs(-2)).toBe(0);
  });
});
