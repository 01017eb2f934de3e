import { describe, expect, it } from 'vitest';
import { describe as describeValue } from '../../src/fields/describe';
import { inFlight, invocationCount, memoryList, positiveInt, ratePerSecond, stringMap } from '../../src/fields/schemas';

const messages = (r: { success: boolean; error?: { issues: readonly { message: string }[] } }): string[] =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe('field schemas', () => {
  it('name the value they refuse as the user wrote it', () => {
    expect([null, [1], {}, '30', 4].map(describeValue)).toEqual(['null', 'a list', 'a mapping', '"30"', '4']);
    expect(messages(positiveInt(10).safeParse(0))).toEqual(['must be a whole number ≥ 1 (got 0)']);
    expect(messages(positiveInt(10).safeParse('3'))).toEqual(['must be a whole number ≥ 1 (got "3")']);
    // A long value is cut, so the message stays one readable line.
    expect(describeValue('x'.repeat(1000))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('bound every number by what this machine can serve', () => {
    expect(messages(positiveInt(10, 'attempts').safeParse(11))).toEqual(['must be at most 10 attempts (got 11)']);
    expect(messages(inFlight().safeParse(100_000_000))[0]).toMatch(/^must be at most 1,000 in flight at once/);
    expect(inFlight().parse(1000)).toBe(1000);
    expect(messages(invocationCount().safeParse(10_000_001))[0]).toMatch(/^must be at most 10,000,000 invocations/);
    expect(messages(ratePerSecond().safeParse(1e300))).toEqual(['must be at most 10,000 invocations per second (got 1e+300)']);
    expect(ratePerSecond().parse(10_000)).toBe(10_000);
  });

  it('take rates above zero, or from zero for one end of a ramp', () => {
    expect(ratePerSecond().parse(2.5)).toBe(2.5);
    expect(messages(ratePerSecond().safeParse(0))).toEqual(['must be a number of invocations per second > 0 (got 0)']);
    expect(ratePerSecond({ allowZero: true }).parse(0)).toBe(0);
    expect(messages(ratePerSecond({ allowZero: true }).safeParse(-1))).toEqual(['must be a number of invocations per second ≥ 0 (got -1)']);
  });

  it('read one memory value as a list of one, and place each bad entry of a list', () => {
    expect(memoryList().parse(512)).toEqual([512]);
    const r = memoryList().safeParse([128, 64, 128]);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [[1], 'must be a whole number of MB from 128 to 10240 (got 64)'],
      [[2], '128 is listed twice'],
    ]);
  });

  it('take numbers and booleans in string maps as their text', () => {
    expect(stringMap().parse({ DEBUG: 1, FLAG: true, NAME: 'x' })).toEqual({ DEBUG: '1', FLAG: 'true', NAME: 'x' });
    expect(messages(stringMap().safeParse({ NESTED: { a: 1 } }))).toEqual(['must be a string, number or boolean (got a mapping)']);
  });
});
