import { describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS, startType } from '../../src/measure/row';

describe('invocation row', () => {
  it('keeps the column order of the contract', () => {
    expect(INVOCATION_COLUMNS.join(',')).toBe(
      'run_id,scenario,phase,target,function,qualifier,memory_mb,architecture,seq,started_at,client_ms,cold,init_ms,duration_ms,billed_ms,max_memory_mb,status,error_type,request_id,cost_usd',
    );
  });
  it('derives the start type from the REPORT line only', () => {
    expect(startType({ cold: true })).toBe('cold');
    expect(startType({ cold: false })).toBe('warm');
    expect(startType({ cold: undefined })).toBe('unknown');
  });
});
