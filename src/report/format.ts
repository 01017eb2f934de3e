// Cell formats of every CSV coldbench writes (docs/result-files.md, "CSV rules"): plain
// numbers with `.` and no exponent, ISO 8601 UTC with milliseconds,
// `true`/`false`, and an empty cell for anything not known.

import { COST_SIGNIFICANT_DIGITS, quantizeMs } from '../measure/units';

/** Milliseconds to 3 decimals (the microsecond), trailing zeros dropped. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  // An integer divided by 1000 prints as its shortest decimal: at most 3 decimals, never an exponent (≥ 0.001).
  const v = quantizeMs(ms);
  return v === 0 ? '0' : String(v);
}

export function formatInt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return String(Math.round(n));
}

/** A plain decimal number, no exponent, as many significant digits as given. */
export function formatSignificant(x: number | undefined, digits: number): string {
  if (x === undefined || !Number.isFinite(x)) return '';
  if (x === 0) return '0';
  return plainDecimal(x.toPrecision(digits));
}

export function formatCost(usd: number | undefined): string {
  return formatSignificant(usd, COST_SIGNIFICANT_DIGITS);
}

export function formatBool(b: boolean | undefined): string {
  return b === undefined ? '' : b ? 'true' : 'false';
}

/** Last formatted second: rows come in time order, so most timestamps only need their milliseconds printed. */
let cachedSecond = Number.NaN;
let cachedPrefix = '';
/** toISOString switches to a 6-digit year after 9999; such dates skip the cache. */
const YEAR_10000 = 253402300800000;

export function formatTimestamp(d: Date | undefined): string {
  if (d === undefined) return '';
  const t = d.getTime();
  if (Number.isNaN(t)) return '';
  if (t < 0 || t >= YEAR_10000) return d.toISOString();
  const second = Math.floor(t / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20); // "2026-01-02T03:04:05."
  }
  const ms = t - second * 1000;
  return cachedPrefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z';
}

export function formatText(s: string | undefined): string {
  return s ?? '';
}

/** "2.50000e-7" -> "0.00000025"; "1234.50" -> "1234.5". */
function plainDecimal(s: string): string {
  let sign = '';
  if (s.startsWith('-')) {
    sign = '-';
    s = s.slice(1);
  }
  const e = s.indexOf('e');
  if (e >= 0) {
    const exp = Number(s.slice(e + 1));
    const mantissa = s.slice(0, e);
    const digits = mantissa.replace('.', '');
    // Position of the decimal point after the first digit, moved by the exponent.
    const point = 1 + exp;
    if (point <= 0) s = '0.' + '0'.repeat(-point) + digits;
    else if (point >= digits.length) s = digits + '0'.repeat(point - digits.length);
    else s = digits.slice(0, point) + '.' + digits.slice(point);
  }
  if (s.includes('.')) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (s.charCodeAt(end - 1) === 46 /* . */) end--;
    s = s.slice(0, end);
  }
  return sign + s;
}
