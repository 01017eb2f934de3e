// Two runs side by side: per phase × memory × start type, every percentile
// and cost of A and B, with the change in ms (or USD) and in %.

import { formatSignificant } from './format';
import type { SummaryRow } from './summary';

type MetricKey = keyof Pick<
  SummaryRow,
  | 'client_p50_ms' | 'client_p90_ms' | 'client_p99_ms' | 'client_max_ms' | 'client_mean_ms'
  | 'init_p50_ms' | 'init_p99_ms' | 'duration_p50_ms' | 'duration_p99_ms' | 'billed_mean_ms'
  | 'cost_per_invocation_usd' | 'cost_per_million_usd' | 'total_cost_usd'
>;

export const COMPARED_METRICS: readonly { key: MetricKey; label: string; unit: 'ms' | 'usd' }[] = [
  { key: 'client_p50_ms', label: 'client p50 ms', unit: 'ms' },
  { key: 'client_p90_ms', label: 'client p90 ms', unit: 'ms' },
  { key: 'client_p99_ms', label: 'client p99 ms', unit: 'ms' },
  { key: 'client_max_ms', label: 'client max ms', unit: 'ms' },
  { key: 'client_mean_ms', label: 'client mean ms', unit: 'ms' },
  { key: 'init_p50_ms', label: 'init p50 ms', unit: 'ms' },
  { key: 'init_p99_ms', label: 'init p99 ms', unit: 'ms' },
  { key: 'duration_p50_ms', label: 'duration p50 ms', unit: 'ms' },
  { key: 'duration_p99_ms', label: 'duration p99 ms', unit: 'ms' },
  { key: 'billed_mean_ms', label: 'billed mean ms', unit: 'ms' },
  { key: 'cost_per_invocation_usd', label: 'USD per invocation', unit: 'usd' },
  { key: 'cost_per_million_usd', label: 'USD per million', unit: 'usd' },
  { key: 'total_cost_usd', label: 'total USD', unit: 'usd' },
];

export interface MetricChange {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: 'ms' | 'usd';
  readonly a: number | undefined;
  readonly b: number | undefined;
  /** b − a; undefined when either side is unknown. */
  readonly change: number | undefined;
  /** (b − a) / a × 100; undefined when a is 0 or unknown. */
  readonly changePct: number | undefined;
}

export interface ComparedGroup {
  readonly phase: string;
  readonly memoryMb: number | undefined;
  readonly startType: string;
  readonly a: SummaryRow | undefined;
  readonly b: SummaryRow | undefined;
  readonly metrics: readonly MetricChange[];
}

const keyOf = (r: SummaryRow): string => `${r.phase}\u0000${r.memory_mb ?? ''}\u0000${r.start_type}`;

/** Groups in A's order, then those only B has. */
export function compareSummaries(a: readonly SummaryRow[], b: readonly SummaryRow[]): ComparedGroup[] {
  const bByKey = new Map(b.map((r) => [keyOf(r), r]));
  const aKeys = new Set(a.map(keyOf));
  const pairs: [SummaryRow | undefined, SummaryRow | undefined][] = [
    ...a.map((r): [SummaryRow, SummaryRow | undefined] => [r, bByKey.get(keyOf(r))]),
    ...b.filter((r) => !aKeys.has(keyOf(r))).map((r): [undefined, SummaryRow] => [undefined, r]),
  ];
  return pairs.map(([ra, rb]) => {
    const either = (ra ?? rb) as SummaryRow;
    const metrics = COMPARED_METRICS.map(({ key, label, unit }): MetricChange => {
      const va = ra?.[key];
      const vb = rb?.[key];
      const change = va !== undefined && vb !== undefined ? vb - va : undefined;
      const changePct = change !== undefined && va !== undefined && va !== 0 ? (change / va) * 100 : undefined;
      return { key, label, unit, a: va, b: vb, change, changePct };
    }).filter((m) => m.a !== undefined || m.b !== undefined);
    return { phase: either.phase, memoryMb: either.memory_mb, startType: either.start_type, a: ra, b: rb, metrics };
  });
}

function value(v: number | undefined, unit: 'ms' | 'usd'): string {
  if (v === undefined) return '-';
  return unit === 'ms' ? v.toFixed(3) : formatSignificant(v, 6);
}

function signed(v: number | undefined, unit: 'ms' | 'usd'): string {
  if (v === undefined) return '-';
  const s = value(Math.abs(v), unit);
  return v > 0 ? `+${s}` : v < 0 ? `-${s}` : s;
}

function pct(v: number | undefined): string {
  if (v === undefined) return '-';
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** Plain text under 100 columns; one block per group. */
export function formatComparison(groups: readonly ComparedGroup[], labelA: string, labelB: string): string {
  const out: string[] = [`A: ${labelA}`, `B: ${labelB}`];
  for (const g of groups) {
    out.push('');
    const count = (r: SummaryRow | undefined): string => (r ? `${r.count} (${r.errors} errors)` : 'absent');
    out.push(`${g.phase} · ${g.memoryMb ?? 'default'} MB · ${g.startType}    count A ${count(g.a)}, B ${count(g.b)}`);
    // 18 wide: a per-invocation cost with 6 significant digits and a sign still leaves a space.
    out.push(`  ${'metric'.padEnd(20)}${'A'.padStart(18)}${'B'.padStart(18)}${'change'.padStart(18)}${'change %'.padStart(11)}`);
    for (const m of g.metrics) {
      out.push(
        `  ${m.label.padEnd(20)}${value(m.a, m.unit).padStart(18)}${value(m.b, m.unit).padStart(18)}` +
          `${signed(m.change, m.unit).padStart(18)}${pct(m.changePct).padStart(11)}`,
      );
    }
  }
  return out.join('\n');
}
