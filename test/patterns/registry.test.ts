import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findPattern, patternNames } from '../../src/patterns/registry';

describe('pattern registry', () => {
  it('holds each pattern once, under its own name', () => {
    const names = patternNames();
    expect(names).toEqual(['cold', 'sequential', 'concurrent', 'rate', 'ramp', 'idle-gaps', 'load']);
    for (const name of names) expect(findPattern(name)?.name).toBe(name);
  });

  it('gives every pattern a strict object options schema (so unknown options are errors)', () => {
    for (const name of patternNames()) {
      const p = findPattern(name)!;
      expect(p.options).toBeInstanceOf(z.ZodObject);
      expect(p.options.safeParse({ surely_not_an_option: 1 }).success).toBe(false);
      // Slot patterns drive Lambda targets; only `load` (autocannon) drives http ones.
      expect(p.targets.includes('http')).toBe(name === 'load');
      expect(p.summary.length).toBeGreaterThan(10);
    }
  });

  it('says which patterns force fresh environments: only cold', () => {
    expect(patternNames().filter((name) => findPattern(name)!.forcesFreshEnvironments)).toEqual(['cold']);
  });

  it('parses durations in options and refuses schedules with no invocation', () => {
    expect(findPattern('rate')!.options.parse({ rate: 2, duration: '1.5s' })).toEqual({ rate: 2, duration: 1500 });
    expect(findPattern('rate')!.options.parse({ rate: 4, duration: 250 })).toEqual({ rate: 4, duration: 250 });
    expect(findPattern('idle-gaps')!.options.parse({ gaps: ['500ms', '2m', '1h'] })).toEqual({ gaps: [500, 120_000, 3_600_000] });
    const none = findPattern('rate')!.options.safeParse({ rate: 1, duration: '100ms' });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toMatch(/gives no invocation/);
    expect(findPattern('ramp')!.options.safeParse({ from: 0, to: 0, duration: '10s' }).success).toBe(false);
  });
});
