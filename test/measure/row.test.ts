import { describe, expect, it } from 'vitest';
import { coldOf, INVOCATION_COLUMNS, isStartType } from '../../src/measure/row';

describe('invocation row', () => {
  it('keeps the column order of the contract, new columns appended', () => {
    expect(INVOCATION_COLUMNS.join(',')).toBe(
      'run_id,scenario,phase,target,function,qualifier,memory_mb,architecture,seq,started_at,client_ms,cold,init_ms,duration_ms,billed_ms,max_memory_mb,status,error_type,request_id,cost_usd,start_type,restore_ms,host_wait_ms,ttfb_ms,error_message,offset_ms,cpu_throttled_ms',
    );
  });
  it('keeps cold true for a cold start and a restore, false for warm, unknown for unknown', () => {
    expect(coldOf('cold')).toBe(true);
    expect(coldOf('restore')).toBe(true);
    expect(coldOf('warm')).toBe(false);
    expect(coldOf('unknown')).toBeUndefined();
  });
  it('knows the four start types and no other', () => {
    expect(['cold', 'restore', 'warm', 'unknown'].every(isStartType)).toBe(true);
    expect(isStartType('all')).toBe(false);
    expect(isStartType('Cold')).toBe(false);
  });
});
