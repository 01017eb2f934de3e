import { describe, expect, it } from 'vitest';
import { withBackoff } from '../../src/targets/control-retry';

const named = (name: string): Error => Object.assign(new Error(name), { name });

describe('withBackoff (control-plane calls)', () => {
  it('retries throttles and update conflicts until the call goes through', async () => {
    const thrown = ['TooManyRequestsException', 'ResourceConflictException', 'ThrottlingException'];
    let calls = 0;
    const result = await withBackoff(async () => {
      const name = thrown[calls++];
      if (name) throw named(name);
      return 'done';
    }, { baseMs: 1 });
    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  it('fails at once on anything else', async () => {
    let calls = 0;
    await expect(withBackoff(async () => {
      calls++;
      throw named('AccessDeniedException');
    }, { baseMs: 1 })).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });

  it('gives up after its attempts, with the last error', async () => {
    let calls = 0;
    await expect(withBackoff(async () => {
      calls++;
      throw named('TooManyRequestsException');
    }, { baseMs: 1, attempts: 3 })).rejects.toThrow('TooManyRequestsException');
    expect(calls).toBe(3);
  });

  it('waits longer after each throttle', async () => {
    const at: number[] = [];
    await withBackoff(async () => {
      at.push(Date.now());
      if (at.length < 4) throw named('TooManyRequestsException');
    }, { baseMs: 40 });
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // Jitter keeps each wait within [ceiling/2, ceiling]: 20–40, 40–80, 80–160 ms.
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
  });
});
