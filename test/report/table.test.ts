import { describe, expect, it } from 'vitest';
import { SummaryAccumulator } from '../../src/measure/histograms';
import { summaryRows } from '../../src/report/summary';
import { formatErrorLines, formatSummaryTable, outputWidth } from '../../src/report/table';
import { makeRow, rng } from './rows';

describe('terminal summary table', () => {
  it('has one line per phase × memory with counts, cold/warm p50/p99, errors and cost, within 100 columns', () => {
    const acc = new SummaryAccumulator();
    const r = rng(8);
    for (let i = 0; i < 2000; i++) acc.add(makeRow(i, r, { phases: ['cold', 'a phase with a very long name indeed'] }));
    const rows = summaryRows(acc);
    const text = formatSummaryTable({ rows, totalCostUsd: acc.totals().costUsd });
    const lines = text.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(lines[0]).toMatch(/count +cold +cold p50 +cold p99 +warm p50 +warm p99 +errors +cost USD$/);
    expect(lines.length).toBe(1 + 4 + 2); // header, 2 phases × 2 memories, total, unknown note
    const cold128 = rows.find((x) => x.phase === 'cold' && x.memory_mb === 128 && x.start_type === 'cold');
    const all128 = rows.find((x) => x.phase === 'cold' && x.memory_mb === 128 && x.start_type === 'all');
    const cells = lines[1].trim().split(/\s+/);
    expect(cells.slice(0, 4)).toEqual(['cold', '128', String(all128?.count), String(cold128?.count)]);
    expect(Number(cells[4])).toBeCloseTo(cold128?.client_p50_ms ?? 0, 1);
    expect(cells[8]).toBe(String(all128?.errors));
    expect(lines[2]).toMatch(/^a phase with … +128 /);
    expect(lines[5]).toMatch(/^total: 2000 invocations, \d+ cold, \d+ errors, cost 0\.\d+ USD/);
    expect(lines[6]).toMatch(/^start type unknown for \d+ invocations/);
  });

  it('gives SnapStart restores a line of their own under their phase, in the cold columns', () => {
    const acc = new SummaryAccumulator();
    const r = rng(8);
    for (let i = 0; i < 2000; i++) acc.add(makeRow(i, r, { phases: ['cold'], memories: [512], restores: true }));
    const rows = summaryRows(acc);
    const lines = formatSummaryTable({ rows, totalCostUsd: acc.totals().costUsd }).split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    const restore = rows.find((x) => x.start_type === 'restore');
    const cold = rows.find((x) => x.start_type === 'cold');
    expect(restore?.count).toBeGreaterThan(0);
    expect(lines[1].trim().split(/\s+/)[3]).toBe(String(cold?.count));
    const cells = lines[2].trim().split(/\s+/);
    expect(cells.slice(0, 3)).toEqual(['restore', String(restore?.count), String(restore?.count)]);
    expect(Number(cells[3])).toBeCloseTo(restore?.client_p50_ms ?? 0, 1);
    expect(lines[3]).toMatch(new RegExp(`^total: 2000 invocations, ${cold?.count} cold, ${restore?.count} restore, \\d+ errors`));
    expect(lines).toContain('restore: SnapStart restores (Restore Duration), counted apart from cold starts');
  });
});

describe('terminal summary table without REPORT lines', () => {
  it('shows the unknown-start latencies, marked, when a phase has nothing else', () => {
    const acc = new SummaryAccumulator();
    const r = rng(4);
    for (let i = 0; i < 300; i++) acc.add({ ...makeRow(i, r, { phases: ['load'], memories: [undefined] }), cold: undefined, start_type: 'unknown', status: 'ok' });
    const rows = summaryRows(acc);
    const lines = formatSummaryTable({ rows, totalCostUsd: undefined }).split('\n');
    const u = rows.find((x) => x.start_type === 'unknown');
    const cells = lines[1].trim().split(/\s+/);
    expect(cells.slice(0, 4)).toEqual(['load', '-', '300', '0']);
    expect(cells[4]).toBe('-');
    expect(cells[6]).toMatch(/^[\d.]+\*$/);
    expect(Number(cells[6].slice(0, -1))).toBeCloseTo(u?.client_p50_ms ?? 0, 1);
    expect(cells[9]).toMatch(/^0\.\d+$/);
    expect(lines[lines.length - 1]).toMatch(/^\* start type unknown/);
  });
});

describe('end-of-run error lines', () => {
  const tally = (errorType: string, count: number, messages: string[], phase = 'p', memoryMb: number | undefined = 128) =>
    ({ phase, memoryMb, status: 'function_error' as const, errorType, count, messages });

  it('name the top error types over every phase and setting, most frequent first, each with one sample message', () => {
    const lines = formatErrorLines([
      tally('Runtime.ImportModuleError', 3, ["Error: Cannot find module 'index'"]),
      tally('BenchError', 2, ['thrown on purpose', 'other']),
      tally('BenchError', 5, ['second setting'], 'p', 256),
      tally('TypeError', 1, []),
      tally('RangeError', 1, ['x'.repeat(300)]),
    ], 4);
    expect(lines).toEqual([
      'errors by type:',
      '  BenchError ×7: thrown on purpose',
      "  Runtime.ImportModuleError ×3: Error: Cannot find module 'index'",
      `  RangeError ×1: ${'x'.repeat(100 - '  RangeError ×1: '.length - 1)}…`,
      '  and 1 more type (1 errors)',
      'log tails of 4 failed invocations: logs/',
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('are absent when nothing failed, and follow the table when something did', () => {
    expect(formatErrorLines([])).toEqual([]);
    const acc = new SummaryAccumulator();
    const r = rng(3);
    for (let i = 0; i < 50; i++) acc.add(makeRow(i, r, { phases: ['cold'] }));
    const text = formatSummaryTable({ rows: summaryRows(acc), totalCostUsd: 0, errors: [tally('BenchError', 2, ['thrown on purpose'])] });
    expect(text.split('\n').slice(-2)).toEqual(['errors by type:', '  BenchError ×2: thrown on purpose']);
  });
});

describe('the table fits the width it is printed to', () => {
  const acc = new SummaryAccumulator();
  const r = rng(11);
  for (let i = 0; i < 400; i++) acc.add(makeRow(i, r, { phases: ['cold', 'a phase with a very long name indeed'] }));
  const input = { rows: summaryRows(acc), totalCostUsd: acc.totals().costUsd, errors: [{ phase: 'cold', memoryMb: 128, status: 'function_error' as const, errorType: 'BenchError', count: 3, messages: ['m'.repeat(200)] }] };

  it('100 columns into a pipe; the terminal’s width on a terminal', () => {
    expect(outputWidth({ isTTY: false, columns: 60 })).toBe(100);
    expect(outputWidth({})).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 72 })).toBe(72);
    expect(outputWidth({ isTTY: true, columns: 10 })).toBe(46);
  });

  for (const width of [120, 100, 90, 80, 72, 60, 50, 46]) {
    it(`at ${width} columns every line fits, and the cold p50 and warm p50 columns stay`, () => {
      const lines = formatSummaryTable(input, width).split('\n');
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^phase +mem MB .*cold p50 .*warm p50 .*cost USD$/);
      // The phase column shrinks first (98 → 90 columns), then the p99 columns go.
      if (width >= 90) expect(lines[0]).toMatch(/cold p50 +cold p99 +warm p50 +warm p99/);
      else expect(lines[0]).not.toMatch(/cold p99/);
      if (width < 80) expect(lines[0]).not.toMatch(/p99/);
      expect(lines.at(-1)).toMatch(/^  BenchError ×3: m+…$/);
    });
  }
});
