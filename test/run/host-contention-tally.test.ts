// The run's judgement of host contention: per phase × memory setting,
// medians of the rows' host_wait_ms against duration_ms, with a bounded
// sample however long the run.

import { describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { HostContentionTally } from '../../src/run/host-contention';

function row(phase: string, memoryMb: number, durationMs: number, hostWaitMs: number | undefined, throttledMs?: number): InvocationRow {
  return {
    run_id: 'r', scenario: 's', phase, target: 'local', function: 'f', qualifier: '$LATEST', memory_mb: memoryMb,
    architecture: 'x86_64', seq: 1, started_at: new Date(0), client_ms: durationMs + 1, cold: false, init_ms: undefined,
    duration_ms: durationMs, billed_ms: Math.ceil(durationMs), max_memory_mb: 40, status: 'ok', error_type: undefined,
    request_id: 'id', cost_usd: 0, start_type: 'warm', restore_ms: undefined, host_wait_ms: hostWaitMs, cpu_throttled_ms: throttledMs,
  };
}

describe('HostContentionTally', () => {
  it('says nothing for rows without host_wait_ms (real Lambda)', () => {
    const tally = new HostContentionTally();
    tally.write(row('warm', 128, 10, undefined));
    expect(tally.report()).toBeUndefined();
  });

  it('names each phase × memory setting whose median host wait is material, and only those', () => {
    const tally = new HostContentionTally();
    for (let i = 0; i < 9; i++) {
      tally.write(row('burst', 1769, 100 + i, 40 + i, 0));
      tally.write(row('burst', 128, 100 + i, 2, 60));
      tally.write(row('alone', 1769, 50, 0.2, 0));
    }
    const report = tally.report()!;
    expect(report.groups.map((g) => [g.phase, g.memoryMb, g.material])).toEqual([['burst', 1769, true], ['burst', 128, false], ['alone', 1769, false]]);
    const burst = report.groups[0]!;
    expect(burst).toMatchObject({ invocations: 9, medianHostWaitMs: 44, medianDurationMs: 104, medianCpuThrottledMs: 0, hostWaitShare: 0.423 });
    // The quota's throttling is Lambda's own: 60 ms of it in 104 is no warning.
    expect(report.groups[1]!.medianCpuThrottledMs).toBe(60);
    expect(report.warnings).toEqual([
      'host contention: phase "burst" at 1769 MB: median host wait 44 ms is 42% of median Duration 104 ms; its durations measure this machine, not the function (use target.strict: true, or less concurrency)',
    ]);
  });

  it('keeps a bounded, evenly thinned sample of a long phase and still finds its median', () => {
    const tally = new HostContentionTally();
    // Host wait climbs from 0 to 99,999 ms over the phase: its median is near the middle.
    for (let i = 0; i < 100_000; i++) tally.write(row('long', 512, 200_000, i));
    const g = tally.report()!.groups[0]!;
    expect(g.invocations).toBe(100_000);
    expect(Math.abs(g.medianHostWaitMs - 50_000)).toBeLessThan(2_000);
  });
});
