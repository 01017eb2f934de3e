// One InvocationRow as the cells of invocations.csv, in INVOCATION_COLUMNS
// order. Fills a caller-owned array so the writer can reuse its buffers.

import type { InvocationRow } from '../measure/row';
import { formatBool, formatCost, formatInt, formatMs, formatText, formatTimestamp } from './format';

export function fillInvocationCells(row: InvocationRow, out: string[]): void {
  out[0] = row.run_id;
  out[1] = row.scenario;
  out[2] = row.phase;
  out[3] = row.target;
  out[4] = row.function;
  out[5] = formatText(row.qualifier);
  out[6] = formatInt(row.memory_mb);
  out[7] = row.architecture;
  out[8] = formatInt(row.seq);
  out[9] = formatTimestamp(row.started_at);
  out[10] = formatMs(row.client_ms);
  out[11] = formatBool(row.cold);
  out[12] = formatMs(row.init_ms);
  out[13] = formatMs(row.duration_ms);
  out[14] = formatMs(row.billed_ms);
  out[15] = formatInt(row.max_memory_mb);
  out[16] = row.status;
  out[17] = formatText(row.error_type);
  out[18] = formatText(row.request_id);
  out[19] = formatCost(row.cost_usd);
  out[20] = row.start_type;
  out[21] = formatMs(row.restore_ms);
  out[22] = formatMs(row.host_wait_ms);
  out[23] = formatMs(row.ttfb_ms);
  out[24] = formatText(row.error_message);
  out[25] = formatMs(row.offset_ms);
  out[26] = formatMs(row.cpu_throttled_ms);
}
