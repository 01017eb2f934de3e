import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { idleGaps } from '../../src/patterns/idle-gaps';
import { recordingDriver } from './driver';

describe('idle-gaps', () => {
  it('warms up once, then invokes once after each idle gap', async () => {
    const driver = recordingDriver({ latencyMs: () => 2 });
    const schedule = idleGaps.create({ gaps: [10, 150, 30] });
    expect(schedule.invocations).toBe(4);
    expect(schedule.estimateWallMs(5)).toBe(190 + 4 * 5);
    await schedule.run(driver);
    const calls = driver.invocations;
    expect(calls).toHaveLength(4);
    expect(driver.maxInFlight).toBe(1);
    // Idle time between the end of one invocation and the start of the next follows the gaps.
    const idle = [1, 2, 3].map((i) => calls[i]!.at - calls[i - 1]!.end!);
    expect(idle[1]!).toBeGreaterThan(idle[0]!);
    expect(idle[1]!).toBeGreaterThan(idle[2]!);
    expect(idle[1]!).toBeGreaterThanOrEqual(150 * 0.9);
  });

  it('stops promptly when aborted during a gap', async () => {
    const driver = recordingDriver({ latencyMs: () => 1 });
    setTimeout(() => driver.controller.abort(), 50);
    const started = performance.now();
    await idleGaps.create({ gaps: [60_000, 60_000] }).run(driver);
    expect(performance.now() - started).toBeLessThan(60_000 / 10);
    expect(driver.invocations).toHaveLength(1);
  });
});
