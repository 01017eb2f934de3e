import { describe, expect, it } from 'vitest';
import { billedDurationMs } from '../../src/lambda/billing';

describe('Billed Duration', () => {
  it('rounds up to the next millisecond, init included, never under 1 ms', () => {
    expect(billedDurationMs(3, undefined)).toBe(3);
    expect(billedDurationMs(3.01, undefined)).toBe(4);
    expect(billedDurationMs(102.35, 357.12)).toBe(460);
    expect(billedDurationMs(0.2, undefined)).toBe(1);
    expect(billedDurationMs(0, undefined)).toBe(1);
  });
});
