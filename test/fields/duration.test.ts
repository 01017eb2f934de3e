import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/fields/duration';

describe('parseDuration', () => {
  it('reads units, decimals and compound durations, and plain numbers as ms', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h 15m')).toBe(4_500_000);
    expect(parseDuration(' 20 s ')).toBe(20_000);
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration(0)).toBe(0);
  });

  it('refuses text without a unit, unknown units, negatives and other types', () => {
    for (const bad of ['30', '5 minutes', '1d', '-1s', 's', '', '1s2', -5, Number.NaN, true, null, [1], {}]) {
      expect(typeof parseDuration(bad)).toBe('object');
    }
  });

  it('refuses 2^31 ms or more, which Node would cut to 1 ms', () => {
    expect(parseDuration(2 ** 31 - 1)).toBe(2 ** 31 - 1);
    for (const tooLong of [2 ** 31, '999999999999h', '596h 32m', `${'9'.repeat(400)}h`]) {
      const r = parseDuration(tooLong);
      expect(r, String(tooLong)).toEqual({ error: expect.stringMatching(/^must be at most 24d 20h 31m 23\.647s \(got /) });
    }
    expect(parseDuration('2h', { maxMs: 3_600_000 })).toEqual({ error: 'must be at most 1h (got "2h")' });
  });

  it('asks for the unit where a field requires one (idle gaps)', () => {
    expect(parseDuration(60, { unitRequired: true })).toEqual({ error: 'needs a unit: write 60ms, 60s, 60m or 60h (got the plain number 60)' });
    expect(parseDuration('60s', { unitRequired: true })).toBe(60_000);
  });
});
