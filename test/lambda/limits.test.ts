import { describe, expect, it } from 'vitest';
import {
  EPHEMERAL_STORAGE_DEFAULT_MB, EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_MIN_MB, INVOKE_PAYLOAD_MAX_BYTES, MEMORY_DEFAULT_MB,
  MEMORY_MAX_MB, MEMORY_MIN_MB, RUNTIME_RESPONSE_MAX_BYTES, TIMEOUT_DEFAULT_SEC, TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC,
  isEphemeralStorageSize, isMemorySize, isTimeout, isWholeIn,
} from '../../src/lambda/limits';

describe('Lambda limits', () => {
  it('are the values Lambda documents', () => {
    expect([MEMORY_MIN_MB, MEMORY_MAX_MB, MEMORY_DEFAULT_MB]).toEqual([128, 10240, 128]);
    expect([TIMEOUT_MIN_SEC, TIMEOUT_MAX_SEC, TIMEOUT_DEFAULT_SEC]).toEqual([1, 900, 3]);
    expect([EPHEMERAL_STORAGE_MIN_MB, EPHEMERAL_STORAGE_MAX_MB, EPHEMERAL_STORAGE_DEFAULT_MB]).toEqual([512, 10240, 512]);
    expect(INVOKE_PAYLOAD_MAX_BYTES).toBe(6_291_456);
    // 6 MiB + 100 bytes: interop/model.go MaxPayloadSize in aws-lambda-runtime-interface-emulator.
    expect(RUNTIME_RESPONSE_MAX_BYTES).toBe(6_291_556);
  });

  it('accept whole numbers from the least to the most, both included', () => {
    expect(isWholeIn(5, 5, 5)).toBe(true);
    for (const [check, min, max] of [[isMemorySize, MEMORY_MIN_MB, MEMORY_MAX_MB], [isTimeout, TIMEOUT_MIN_SEC, TIMEOUT_MAX_SEC], [isEphemeralStorageSize, EPHEMERAL_STORAGE_MIN_MB, EPHEMERAL_STORAGE_MAX_MB]] as const) {
      expect(check(min)).toBe(true);
      expect(check(max)).toBe(true);
      expect(check(min - 1)).toBe(false);
      expect(check(max + 1)).toBe(false);
      expect(check(min + 0.5)).toBe(false);
      expect(check(String(min))).toBe(false);
      expect(check(Number.NaN)).toBe(false);
      expect(check(undefined)).toBe(false);
    }
    expect(isMemorySize(1769)).toBe(true);
  });
});
