// The host's share of an invocation's time, on Invoke's response: headers of
// coldbench's own, which Lambda's API does not define (API_Invoke.html lists
// X-Amz-Function-Error, X-Amz-Log-Result, X-Amz-Executed-Version), so any
// AWS client ignores them and the REPORT line stays exactly Lambda's.
// docs/local-service.md describes them.

import type { CpuWait } from '../engine/types';

/** Runnable but waiting for a CPU this machine did not give (the quota's throttling apart), in ms. */
export const HOST_WAIT_HEADER = 'X-Coldbench-Host-Wait-Ms';
/** The function's CPU quota had run out (its cgroup's throttled_time), in ms. */
export const CPU_THROTTLED_HEADER = 'X-Coldbench-Cpu-Throttled-Ms';

/** Milliseconds to the microsecond, as the result files write them. */
function ms(v: number): string {
  return (Math.round(v * 1000) / 1000).toString();
}

export function addCpuWaitHeaders(headers: Record<string, string>, wait: CpuWait): void {
  headers[HOST_WAIT_HEADER] = ms(wait.hostWaitMs);
  headers[CPU_THROTTLED_HEADER] = ms(wait.throttledMs);
}
