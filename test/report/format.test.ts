import { describe, expect, it } from 'vitest';
import { formatBool, formatCost, formatInt, formatMs, formatSignificant, formatTimestamp } from '../../src/report/format';
import { quantizeCost, quantizeMs, toMicros } from '../../src/measure/units';
import { rng } from './rows';

describe('cell formats', () => {
  it('prints milliseconds to the microsecond, plain, never an exponent', () => {
    expect(formatMs(12.3456)).toBe('12.346');
    expect(formatMs(0.0004)).toBe('0');
    expect(formatMs(0.0005)).toBe('0.001');
    expect(formatMs(100)).toBe('100');
    expect(formatMs(1e9 + 0.25)).toBe('1000000000.25');
    expect(formatMs(undefined)).toBe('');
    expect(formatMs(Number.NaN)).toBe('');
    expect(formatMs(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('prints costs with 12 significant digits as plain decimals', () => {
    expect(formatCost(2.1e-7)).toBe('0.00000021');
    expect(formatCost(0.0000166667 * 0.125 + 2e-7)).toBe('0.0000022833375');
    expect(formatCost(1 / 3)).toBe('0.333333333333');
    expect(formatCost(123456789012345)).toBe('123456789012000');
    expect(formatCost(0)).toBe('0');
    expect(formatCost(undefined)).toBe('');
    expect(formatSignificant(-0.000012345, 3)).toBe('-0.0000123');
    expect(formatSignificant(9.99999e-7, 3)).toBe('0.000001');
  });

  it('round-trips: a number read back from its cell quantizes to the same value', () => {
    const r = rng(99);
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const cost = r() ** 6 * 0.2;
      const cell = formatCost(cost);
      if (!/^\d+(\.\d+)?$/.test(cell) || Number(cell) !== quantizeCost(cost) || quantizeCost(Number(cell)) !== quantizeCost(cost)) {
        bad.push(`cost ${cost} -> ${cell}`);
      }
      const ms = r() * 10 ** (r() * 7);
      const msCell = formatMs(ms);
      if (Number(msCell) !== quantizeMs(ms) || toMicros(Number(msCell)) !== toMicros(ms)) bad.push(`ms ${ms} -> ${msCell}`);
    }
    expect(bad).toEqual([]);
  });

  it('prints ISO 8601 UTC with milliseconds, booleans as words, integers plain', () => {
    const r = rng(1);
    let t = Date.UTC(2025, 11, 31, 23, 59, 58, 990);
    const bad: string[] = [];
    for (let i = 0; i < 5000; i++) {
      t += Math.floor(r() * 30);
      if (formatTimestamp(new Date(t)) !== new Date(t).toISOString()) bad.push(new Date(t).toISOString());
    }
    expect(bad).toEqual([]);
    expect(formatTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe('2026-01-02T03:04:05.006Z');
    expect(formatTimestamp(new Date(Number.NaN))).toBe('');
    expect(formatTimestamp(new Date(-1))).toBe('1969-12-31T23:59:59.999Z');
    expect(formatBool(true)).toBe('true');
    expect(formatBool(false)).toBe('false');
    expect(formatBool(undefined)).toBe('');
    expect(formatInt(1024)).toBe('1024');
    expect(formatInt(1_000_000)).toBe('1000000');
    expect(formatInt(undefined)).toBe('');
  });
});
