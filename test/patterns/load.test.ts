// The `load` pattern's options and how it hands a phase to the driver.

import { describe, expect, it } from 'vitest';
import { findPattern } from '../../src/patterns/registry';
import type { LoadSpec, PatternDriver } from '../../src/patterns/types';

const load = findPattern('load')!;

function issues(options: Record<string, unknown>): string[] {
  const r = load.options.safeParse(options);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('load pattern', () => {
  it('drives http targets only', () => {
    expect(load.targets).toEqual(['http']);
  });

  it('needs exactly one of amount and duration, connections ≤ amount, pipelining 1', () => {
    expect(issues({ connections: 4, amount: 100 })).toEqual([]);
    expect(issues({ connections: 4, duration: '10s', rate: 50 })).toEqual([]);
    expect(issues({ connections: 4 })[0]).toMatch(/exactly one of amount .* and duration/);
    expect(issues({ connections: 4, amount: 10, duration: '1s' })[0]).toMatch(/exactly one of amount/);
    expect(issues({ connections: 8, amount: 4 })[0]).toMatch(/^connections: cannot be more than amount \(8 > 4\)/);
    expect(issues({ connections: 1, amount: 4, pipelining: 2 })[0]).toMatch(/^pipelining: must be 1/);
    expect(issues({ connections: 1, amount: 4, concurrency: 2 }).length).toBe(1);
  });

  it('counts amount, rate × duration, or an assumed 10 per connection-second, and hands the spec to the driver', async () => {
    expect(load.create(load.options.parse({ connections: 4, amount: 100 })).invocations).toBe(100);
    expect(load.create(load.options.parse({ connections: 4, duration: '10s', rate: 50 })).invocations).toBe(500);
    expect(load.create(load.options.parse({ connections: 4, duration: '10s' })).invocations).toBe(400);
    const schedule = load.create(load.options.parse({ connections: 3, duration: '2s', rate: 7, timeout: '5s' }));
    let got: LoadSpec | undefined;
    const driver = { load: async (spec: LoadSpec) => { got = spec; } } as unknown as PatternDriver;
    await schedule.run(driver);
    expect(got).toEqual({ connections: 3, durationMs: 2000, rate: 7, pipelining: 1, timeoutMs: 5000 });
    await expect(schedule.run({} as PatternDriver)).rejects.toThrow(/needs a target that drives HTTP load/);
  });
});
