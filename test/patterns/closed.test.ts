import { describe, expect, it } from 'vitest';
import { cold } from '../../src/patterns/cold';
import { concurrent } from '../../src/patterns/concurrent';
import { sequential } from '../../src/patterns/sequential';
import { recordingDriver } from './driver';

describe('sequential', () => {
  it('makes count invocations one at a time, with no due time', async () => {
    const schedule = sequential.create({ count: 6 });
    expect(schedule.invocations).toBe(6);
    const driver = recordingDriver({ latencyMs: () => 5 });
    await schedule.run(driver);
    expect(driver.invocations).toHaveLength(6);
    expect(driver.maxInFlight).toBe(1);
    expect(driver.invocations.every((c) => c.intendedAt === undefined)).toBe(true);
    for (let i = 1; i < 6; i++) expect(driver.invocations[i]!.at).toBeGreaterThanOrEqual(driver.invocations[i - 1]!.end!);
  });

  it('stops handing out slots when aborted', async () => {
    const driver = recordingDriver({ latencyMs: () => 2, onInvoke: (n, d) => { if (n === 2) d.controller.abort(); } });
    await sequential.create({ count: 1000 }).run(driver);
    expect(driver.invocations).toHaveLength(3);
    expect(driver.inFlight).toBe(0);
  });
});

describe('cold', () => {
  it('asks for a fresh environment before every invocation', async () => {
    const driver = recordingDriver({ latencyMs: () => 2 });
    await cold.create({ count: 4 }).run(driver);
    expect(driver.calls.map((c) => c.kind)).toEqual(['fresh', 'invoke', 'fresh', 'invoke', 'fresh', 'invoke', 'fresh', 'invoke']);
    expect(driver.maxInFlight).toBe(1);
  });

  it('does not invoke after an abort that lands during freshEnvironment', async () => {
    const driver = recordingDriver({ latencyMs: () => 1 });
    const fresh = driver.freshEnvironment.bind(driver);
    let freshCalls = 0;
    driver.freshEnvironment = async () => {
      await fresh();
      if (++freshCalls === 2) driver.controller.abort();
    };
    await cold.create({ count: 10 }).run(driver);
    expect(driver.calls.map((c) => c.kind)).toEqual(['fresh', 'invoke', 'fresh']);
  });
});

describe('concurrent', () => {
  it('keeps exactly concurrency invocations in flight and makes count in all', async () => {
    const driver = recordingDriver({ latencyMs: (n) => 5 + (n % 3) * 5 });
    const schedule = concurrent.create({ concurrency: 4, count: 30 });
    expect(schedule.invocations).toBe(30);
    await schedule.run(driver);
    expect(driver.invocations).toHaveLength(30);
    expect(driver.maxInFlight).toBe(4);
    expect(driver.inFlight).toBe(0);
  });

  it('never starts more workers than invocations', async () => {
    const driver = recordingDriver({ latencyMs: () => 5 });
    await concurrent.create({ concurrency: 50, count: 3 }).run(driver);
    expect(driver.invocations).toHaveLength(3);
    expect(driver.maxInFlight).toBe(3);
  });

  it('on abort, hands out no more slots and waits for those in flight', async () => {
    const driver = recordingDriver({ latencyMs: () => 20, onInvoke: (n, d) => { if (n === 5) d.controller.abort(); } });
    await concurrent.create({ concurrency: 3, count: 1000 }).run(driver);
    expect(driver.invocations.length).toBeLessThanOrEqual(6);
    expect(driver.inFlight).toBe(0);
    expect(driver.invocations.every((c) => c.end !== undefined)).toBe(true);
  });

  it('estimates wall time by rounds of concurrency', () => {
    expect(concurrent.create({ concurrency: 4, count: 10 }).estimateWallMs(100)).toBe(300);
    expect(sequential.create({ count: 10 }).estimateWallMs(100)).toBe(1000);
  });
});
