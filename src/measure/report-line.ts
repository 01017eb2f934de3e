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
  // From the end, line by line without splitting the whole log: the REPORT is its last line.
  let end = log.length;
  while (end > 0) {
    const start = log.lastIndexOf('\n', end - 1) + 1;
    if (log.startsWith(REPORT_PREFIX, start)) {
      const parsed = parseReportLine(log.slice(start, end));
      if (parsed && (requestId === undefined || parsed.requestId === requestId)) return parsed;
    }
    end = start - 1;
  }
  return undefined;
}

/** A field's value without its unit ("12.5 ms" → "12.5"). */
function withoutUnit(value: string): string {
  return value.endsWith('ms') || value.endsWith('MB') ? value.slice(0, -2).trimEnd() : value;
}

export function parseReportLine(line: string): ReportLine | undefined {
  if (!line.startsWith(REPORT_PREFIX)) return undefined;
  const fields: Record<string, string> = {};
  let pos = 'REPORT '.length;
  const end = line.trimEnd().length;
  while (pos < end) {
    let tab = line.indexOf('\t', pos);
    if (tab < 0 || tab > end) tab = end;
    const colon = line.indexOf(': ', pos);
    if (colon >= 0 && colon < tab) fields[line.slice(pos, colon).trim()] = withoutUnit(line.slice(colon + 2, tab).trim());
    pos = tab + 1;
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
