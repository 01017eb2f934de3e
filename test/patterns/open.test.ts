import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ramp, rampSchedule } from '../../src/patterns/ramp';
import { rate, rateSchedule } from '../../src/patterns/rate';
import type { PatternDriver, Slot } from '../../src/patterns/types';
import { gaps, recordingDriver } from './driver';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('rate', () => {
  it('makes rate × duration invocations, due at equal intervals', () => {
    const s = rateSchedule({ rate: 50, duration: 2000 });
    expect(s.invocations).toBe(100);
    expect(s.dueOffsetMs(0)).toBe(0);
    expect(s.dueOffsetMs(99)).toBeCloseTo(1980, 6);
    expect(rate.create({ rate: 50, duration: 2000 }).estimateWallMs(10)).toBeCloseTo(1990, 6);
  });

  it('fires on schedule, with intendedAt on schedule, when invocations are fast', async () => {
    const driver = recordingDriver({ latencyMs: () => 1 });
    await rate.create({ rate: 50, duration: 600 }).run(driver);
    const calls = driver.invocations;
    expect(calls).toHaveLength(30);
    const intended = calls.map((c) => c.intendedAt!);
    for (const g of gaps(intended)) expect(g).toBeCloseTo(20, 6);
    // Never early, and typically close to the due time.
    for (const c of calls) expect(c.at).toBeGreaterThanOrEqual(c.intendedAt! - 0.001);
    expect(median(calls.map((c) => c.at - c.intendedAt!))).toBeLessThan(2 * 20);
  });

  it('keeps firing on schedule when each invocation takes 3× the interval', async () => {
    const interval = 25;
    const driver = recordingDriver({ latencyMs: () => 3 * interval });
    const started = performance.now();
    await rate.create({ rate: 1000 / interval, duration: 40 * interval }).run(driver);
    const elapsed = performance.now() - started;
    const calls = driver.invocations;
    expect(calls).toHaveLength(40);
    // Open model: invocations overlap instead of queueing behind each other.
    expect(driver.maxInFlight).toBeGreaterThanOrEqual(2);
    for (const g of gaps(calls.map((c) => c.intendedAt!))) expect(g).toBeCloseTo(interval, 6);
    // Sequentially they would take 40 × 75 ms; on schedule it is ~39 intervals + one latency.
    expect(elapsed).toBeLessThan((40 * 3 * interval) / 2);
    expect(median(gaps(calls.map((c) => c.at)))).toBeLessThan(2 * interval);
    expect(driver.inFlight).toBe(0);
  });

  it('when the process falls behind, fires every overdue slot at once with its own due time', async () => {
    // A virtual clock: invocation 0 stalls the process for 5 intervals.
    let clock = 1000;
    const seen: { at: number; intendedAt: number | undefined }[] = [];
    const controller = new AbortController();
    const driver: PatternDriver = {
      signal: controller.signal,
      now: () => clock,
      sleep: async (ms) => { clock += ms; },
      freshEnvironment: async () => {},
      invoke: async (slot: Slot) => {
        seen.push({ at: clock, intendedAt: slot.intendedAt });
        if (seen.length === 1) clock += 50;
      },
    };
    await rate.create({ rate: 100, duration: 100 }).run(driver);
    expect(seen).toHaveLength(10);
    expect(seen.map((s) => s.intendedAt)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map((o) => 1000 + o));
    // Slots 1–5 were due during the stall: all sent at its end, none dropped.
    expect(seen.slice(1, 6).map((s) => s.at)).toEqual([1050, 1050, 1050, 1050, 1050]);
    expect(seen.slice(6).map((s) => s.at)).toEqual([1060, 1070, 1080, 1090]);
  });

  it('with maxInFlight, never exceeds the cap, makes every invocation and keeps their due times', async () => {
    const driver = recordingDriver({ latencyMs: () => 40 });
    await rate.create({ rate: 100, duration: 200, maxInFlight: 2 }).run(driver);
    expect(driver.invocations).toHaveLength(20);
    expect(driver.maxInFlight).toBe(2);
    for (const g of gaps(driver.invocations.map((c) => c.intendedAt!))) expect(g).toBeCloseTo(10, 6);
    // Held back by the cap, so sent later than due: that wait is part of their latency.
    const last = driver.invocations[19]!;
    expect(last.at - last.intendedAt!).toBeGreaterThan(40);
  });

  it('stops promptly when aborted, and waits for those in flight', async () => {
    const driver = recordingDriver({ latencyMs: () => 30, onInvoke: (n, d) => { if (n === 3) d.controller.abort(); } });
    const started = performance.now();
    await rate.create({ rate: 50, duration: 60_000 }).run(driver);
    expect(performance.now() - started).toBeLessThan(60_000 / 10);
    expect(driver.invocations).toHaveLength(4);
    expect(driver.inFlight).toBe(0);
  });

  it('surfaces a driver that breaks its contract, after draining', async () => {
    const driver = recordingDriver({ latencyMs: () => 5 });
    const invoke = driver.invoke.bind(driver);
    let n = 0;
    driver.invoke = async (slot) => {
      await invoke(slot);
      if (n++ === 1) throw new Error('boom');
    };
    await expect(rate.create({ rate: 200, duration: 50 }).run(driver)).rejects.toThrow('boom');
    expect(driver.inFlight).toBe(0);
  });
});

describe('ramp', () => {
  it('schedules by the integral of a linearly changing rate', () => {
    const up = rampSchedule({ from: 0, to: 100, duration: 2000 });
    expect(up.invocations).toBe(100);
    const seconds = (i: number): number => up.dueOffsetMs(i) / 1000;
    // N(t) = 0·t + 25·t² reaches i at t = sqrt(i / 25).
    for (const i of [1, 4, 25, 64, 99]) expect(seconds(i)).toBeCloseTo(Math.sqrt(i / 25), 9);
    const upGaps = gaps(Array.from({ length: 100 }, (_, i) => up.dueOffsetMs(i)));
    for (let i = 1; i < upGaps.length; i++) expect(upGaps[i]!).toBeLessThan(upGaps[i - 1]!);

    const down = rampSchedule({ from: 100, to: 0, duration: 2000 });
    expect(down.invocations).toBe(100);
    const downGaps = gaps(Array.from({ length: 100 }, (_, i) => down.dueOffsetMs(i)));
    for (let i = 1; i < downGaps.length; i++) expect(downGaps[i]!).toBeGreaterThan(downGaps[i - 1]!);
    expect(down.dueOffsetMs(99)).toBeLessThanOrEqual(2000);

    const flat = rampSchedule({ from: 40, to: 40, duration: 1000 });
    expect(flat.invocations).toBe(40);
    for (let i = 0; i < 40; i++) expect(flat.dueOffsetMs(i)).toBeCloseTo(i * 25, 9);
  });

  it('fires each invocation at its due time, and never more in flight than the cap', async () => {
    const driver = recordingDriver({ latencyMs: () => 20 });
    const schedule = ramp.create({ from: 20, to: 100, duration: 500, maxInFlight: 3 });
    expect(schedule.invocations).toBe(30);
    await schedule.run(driver);
    expect(driver.invocations).toHaveLength(30);
    expect(driver.maxInFlight).toBeLessThanOrEqual(3);
    const intended = driver.invocations.map((c) => c.intendedAt!);
    const ideal = rampSchedule({ from: 20, to: 100, duration: 500 });
    for (let i = 1; i < 30; i++) {
      expect(intended[i]! - intended[0]!).toBeCloseTo(ideal.dueOffsetMs(i), 6);
    }
  });
});
