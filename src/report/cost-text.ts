// What cost/ computes, worded for the terminal: the estimate `coldbench
// estimate` prints, the budget refusal `run` exits 3 with, and the cost and
// memory-recommendation lines below the summary table. cost/ never formats
// text for people; this file never computes a price.

import type { BudgetRefusal } from '../cost/budget';
import type { Estimate } from '../cost/estimate';
import type { MemoryPick, MemoryRecommendation } from '../cost/recommend';
import type { RunCostSection } from '../cost/run-section';
import { formatUsd } from './usd';

/** "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`;
  const totalMin = Math.round(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

const usd = (x: number): string => formatUsd(x, 'text');

/** The text `coldbench estimate` prints. */
export function formatEstimate(est: Estimate): string {
  const rows: string[][] = [['memory', 'phase', 'pattern', 'invocations', 'cold starts', 'wall time']];
  for (const s of est.settings) {
    const mem = s.memoryMb === null ? 'as is' : `${s.memoryMb} MB`;
    for (const p of s.phases) {
      rows.push([mem, p.name, p.pattern, String(p.invocations), String(p.forcedColdStarts), `~${formatDuration(p.wallMs)}`]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
  const out = [
    `Estimate for ${est.scenario} (${est.targetKind} target, ${est.architecture}, ${est.region})`,
    '',
    ...table,
    '',
  ];
  if (est.settings.length > 1) {
    for (const s of est.settings) {
      out.push(`${s.memoryMb === null ? 'as is' : `${s.memoryMb} MB`}: ${s.invocations} invocations, ~${formatDuration(s.wallMs)}, ${usd(s.costUsd.low)} – ${usd(s.costUsd.high)}`);
    }
    out.push('');
  }
  out.push(`Total invocations: ${est.totalInvocations} (${est.totalForcedColdStarts} forced cold starts)`);
  out.push(`Expected wall time: ~${formatDuration(est.wallMs)}`);
  out.push(`Estimated cost: ${usd(est.costUsd.low)} – ${usd(est.costUsd.high)}`);
  if (est.projection) {
    const p = est.projection;
    out.push(`Monthly projection at ${p.monthlyInvocations} invocations per month (volume tiers${p.freeTier ? ', free tier' : ''}):`);
    for (const s of p.settings) {
      out.push(`  ${s.memoryMb === null ? 'as is' : `${s.memoryMb} MB`}: ${usd(s.low.totalUsd)} – ${usd(s.high.totalUsd)} per month`);
    }
  }
  out.push('Assumptions:');
  for (const line of est.assumptions) out.push(`  - ${line}`);
  for (const note of est.notes) out.push(`Note: ${note}`);
  return out.join('\n') + '\n';
}

/** The one line `run` exits 3 with when the estimate passes a budget. */
export function formatBudgetRefusal(r: BudgetRefusal): string {
  if (r.kind === 'invocations') {
    return `refused: the scenario makes ${r.invocations} invocations, more than budget.maxInvocations (${r.maxInvocations}); nothing was invoked`;
  }
  const from = r.limitFrom === 'scenario' ? 'budget.maxCostUsd' : '--max-cost';
  return `refused: the estimated cost may reach ${usd(r.costUsd)} (${r.invocations} invocations at up to ${r.billedMs} ms billed each), more than ${from} (${usd(r.limitUsd)}); nothing was invoked`;
}

/** The confirmation's cost line before a run against real Lambda. */
export function formatCostRange(est: Estimate): string {
  return `${usd(est.costUsd.low)} to ${usd(est.costUsd.high)}`;
}

/** Lines for the end of the terminal summary, below its table (which already shows the total). */
export function formatRunCost(section: RunCostSection): string[] {
  const lines: string[] = [];
  if (section.estimated) lines.push('Cost partly estimated from client time (no REPORT line to bill from).');
  if (section.projection) {
    const p = section.projection;
    lines.push(`Monthly projection at ${p.monthlyInvocations} invocations (volume tiers${p.freeTier ? ', free tier' : ''}):`);
    for (const s of p.settings) lines.push(`  ${s.memoryMb} MB at ${s.billedMeanMs.toFixed(1)} ms billed mean: ${usd(s.month.totalUsd)} per month`);
  }
  for (const n of section.notes) lines.push(`Note: ${n}`);
  return lines;
}

/** Lines for the terminal summary: per phase and start type, the memory settings picked for cost, speed and both, and how sure. */
export function formatRecommendation(rec: MemoryRecommendation): string[] {
  const lines = [
    `Memory recommendation per phase (faster only where the ${Math.round(rec.level * 100)}% intervals of the medians do not overlap; balancedWeight ${rec.balancedWeight}: 0 = cost only, 1 = speed only)`,
  ];
  // The median with its interval, and the cost per million to a fixed four decimals so that the picks line up.
  const fmt = (p: MemoryPick): string => {
    const ci = p.p50LowMs !== null && p.p50HighMs !== null ? ` [${p.p50LowMs.toFixed(1)}–${p.p50HighMs.toFixed(1)}]` : ' [too few samples]';
    return `${`${p.memoryMb} MB`.padEnd(8)} p50 ${p.p50Ms.toFixed(1)} ms${ci}, n ${p.count}, $${(p.costPerInvocationUsd * 1e6).toFixed(4)} per million`;
  };
  for (const ph of rec.phases) {
    for (const start of ['warm', 'cold'] as const) {
      const r = ph[start];
      if (!r) continue;
      lines.push(`  ${ph.phase} · ${start} (${r.sureness}):`);
      lines.push(`    cheapest ${fmt(r.cheapest)}`);
      lines.push(`    fastest  ${fmt(r.fastest)}`);
      lines.push(`    balanced ${fmt(r.balanced)}`);
      lines.push(`    ${r.note}`);
    }
  }
  for (const e of rec.excluded) lines.push(`  not judged: ${e.phase} · ${e.memoryMb} MB${e.start === 'all' ? '' : ` ${e.start}`}: ${e.reason}`);
  if (rec.phases.length === 0) lines.push('  no memory setting had a successful invocation to judge');
  return lines;
}
