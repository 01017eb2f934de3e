// US dollars on the terminal: the one place money becomes text for people
// (CSV cells are formatCost in report/format.ts). Never in exponent notation:
// Lambda prices are millionths of a dollar.

import { formatSignificant } from './format';

/**
 * - `text`: inside a sentence, with its sign: "$12.50" (cents from $1 up),
 *   "$0.00004606", "$0.002000" (four significant digits below $1), "$0".
 * - `column`: under a header that already says USD: four significant digits,
 *   trailing zeros dropped, no sign ("12.5", "0.0000461").
 * Both print "-" when the amount is unknown.
 */
export type UsdStyle = 'text' | 'column';

export function formatUsd(usd: number | undefined, style: UsdStyle): string {
  if (usd === undefined) return '-';
  return style === 'text' ? dollars(usd) : formatSignificant(usd, 4);
}

function dollars(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  const decimals = Math.min(12, Math.max(2, 3 - Math.floor(Math.log10(Math.abs(usd)))));
  return `$${usd.toFixed(decimals)}`;
}
