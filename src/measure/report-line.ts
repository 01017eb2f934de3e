// Parses the platform's REPORT line, the only source of truth for cold vs
// warm. Fields are matched by name, so lines with fields this code does not
// know (Restore Duration, an XRAY segment, a future field) still parse.

export interface ReportLine {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number | undefined;
  /** Present only when the invocation ran an init phase: a cold start. */
  readonly initMs: number | undefined;
  /** Every "Name: value" field of the line, units stripped, for fields not modelled above. */
  readonly fields: Readonly<Record<string, string>>;
}

const REPORT_PREFIX = 'REPORT RequestId: ';

/** The REPORT line of `requestId` in a log text, or the last REPORT line when no id is given. */
export function findReportLine(log: string, requestId?: string): ReportLine | undefined {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line.startsWith(REPORT_PREFIX)) continue;
    const parsed = parseReportLine(line);
    if (parsed && (requestId === undefined || parsed.requestId === requestId)) return parsed;
  }
  return undefined;
}

export function parseReportLine(line: string): ReportLine | undefined {
  if (!line.startsWith(REPORT_PREFIX)) return undefined;
  const fields: Record<string, string> = {};
  for (const part of line.trimEnd().split('\t')) {
    const colon = part.indexOf(': ');
    if (colon < 0) continue;
    const name = part.slice(0, colon).replace(/^REPORT /, '').trim();
    fields[name] = part.slice(colon + 2).trim().replace(/\s*(ms|MB)$/, '');
  }
  const num = (name: string): number | undefined => {
    const raw = fields[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  };
  const requestId = fields['RequestId'];
  const durationMs = num('Duration');
  const billedMs = num('Billed Duration');
  const memorySizeMb = num('Memory Size');
  if (!requestId || durationMs === undefined || billedMs === undefined || memorySizeMb === undefined) return undefined;
  return {
    requestId,
    durationMs,
    billedMs,
    memorySizeMb,
    maxMemoryUsedMb: num('Max Memory Used'),
    initMs: num('Init Duration'),
    fields,
  };
}
