import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/report/usd';

describe('formatUsd', () => {
  it('in a sentence: a dollar sign, cents from $1 up, else four significant digits', () => {
    expect(formatUsd(0, 'text')).toBe('$0');
    expect(formatUsd(12.5, 'text')).toBe('$12.50');
    expect(formatUsd(0.0000460625, 'text')).toBe('$0.00004606');
    expect(formatUsd(0.002, 'text')).toBe('$0.002000');
  });

  it('in a column headed USD: four significant digits, no sign, no trailing zeros, never an exponent', () => {
    expect(formatUsd(0, 'column')).toBe('0');
    expect(formatUsd(12.5, 'column')).toBe('12.5');
    expect(formatUsd(0.0000460625, 'column')).toBe('0.00004606');
    expect(formatUsd(2.5e-7, 'column')).toBe('0.00000025');
    expect(formatUsd(123456, 'column')).toBe('123500');
  });

  it('prints "-" for an amount not known', () => {
    expect(formatUsd(undefined, 'text')).toBe('-');
    expect(formatUsd(undefined, 'column')).toBe('-');
  });
});
