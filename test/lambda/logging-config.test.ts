// LoggingConfig's vocabulary: the members' constraints, the level each
// platform record has, and how a line of application output is levelled.
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html

import { describe, expect, it } from 'vitest';
import {
  applicationLogLevelOf, isLogGroupName, keepsApplicationLine, keepsSystemRecord, normalizeLogging, systemLogLevelOf,
} from '../../src/lambda/logging-config';
import type { PlatformRecord } from '../../src/lambda/log';

describe('LoggingConfig members', () => {
  it('accepts log group names of the API pattern, 1 to 512 characters', () => {
    for (const ok of ['/aws/lambda/fn', 'my-group_1.x#2', 'a', 'x'.repeat(512)]) expect(isLogGroupName(ok), ok).toBe(true);
    for (const bad of ['', 'has space', 'colon:no', 'x'.repeat(513), 42, undefined]) expect(isLogGroupName(bad), String(bad)).toBe(false);
  });

  it('gives JSON its default levels and takes them from Text', () => {
    expect(normalizeLogging({ logFormat: 'JSON' })).toEqual({ logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' });
    expect(normalizeLogging({ logFormat: 'Text', applicationLogLevel: 'WARN', logGroup: 'g' })).toEqual({ logFormat: 'Text', logGroup: 'g' });
  });
});

describe('system log levels', () => {
  const cases: ReadonlyArray<readonly [PlatformRecord, string]> = [
    [{ kind: 'initStart', runtimeVersion: 'nodejs:20.v13' }, 'INFO'],
    [{ kind: 'initStart' }, 'DEBUG'],
    [{ kind: 'initRuntimeDone', status: 'success' }, 'DEBUG'],
    [{ kind: 'initRuntimeDone', status: 'error', errorType: 'Runtime.ImportModuleError' }, 'WARN'],
    [{ kind: 'initReport', durationMs: 1, initializationType: 'on-demand', status: 'success' }, 'DEBUG'],
    [{ kind: 'initReport', durationMs: 1, initializationType: 'provisioned-concurrency', status: 'success' }, 'INFO'],
    [{ kind: 'initReport', durationMs: 1, initializationType: 'on-demand', status: 'timeout' }, 'WARN'],
    [{ kind: 'start', requestId: 'r' }, 'INFO'],
    [{ kind: 'runtimeDone', requestId: 'r', status: 'success' }, 'DEBUG'],
    [{ kind: 'runtimeDone', requestId: 'r', status: 'timeout' }, 'WARN'],
    [{ kind: 'report', requestId: 'r', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128 }, status: 'success' }, 'INFO'],
    [{ kind: 'report', requestId: 'r', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128 }, status: 'error' }, 'WARN'],
  ];

  it.each(cases)('%o is %s', (record, level) => {
    expect(systemLogLevelOf(record)).toBe(level);
  });

  it('keeps a record at the function level and below it in detail', () => {
    const start: PlatformRecord = { kind: 'start', requestId: 'r' };
    const done: PlatformRecord = { kind: 'runtimeDone', requestId: 'r', status: 'success' };
    expect([keepsSystemRecord('DEBUG', start), keepsSystemRecord('INFO', start), keepsSystemRecord('WARN', start)]).toEqual([true, true, false]);
    expect([keepsSystemRecord('DEBUG', done), keepsSystemRecord('INFO', done)]).toEqual([true, false]);
  });
});

describe('application log levels', () => {
  it('reads a JSON line\'s level in any case, Python\'s names included; anything else is INFO', () => {
    expect(applicationLogLevelOf('{"level":"debug","msg":"x"}')).toBe('DEBUG');
    expect(applicationLogLevelOf('{"timestamp":"t","level":"WARNING","message":"m"}')).toBe('WARN');
    expect(applicationLogLevelOf('{"level":"CRITICAL"}')).toBe('FATAL');
    expect(applicationLogLevelOf('{"timestamp":"t","log_level":"ERROR","errorType":"E"}')).toBe('ERROR');
    expect(applicationLogLevelOf('{"level":"LOUD"}')).toBe('INFO');
    expect(applicationLogLevelOf('{"level":3}')).toBe('INFO');
    expect(applicationLogLevelOf('plain print')).toBe('INFO');
    expect(applicationLogLevelOf('{not json')).toBe('INFO');
  });

  it('keeps a line at or above the function level', () => {
    expect(keepsApplicationLine('WARN', '{"level":"ERROR"}')).toBe(true);
    expect(keepsApplicationLine('WARN', '{"level":"INFO"}')).toBe(false);
    expect(keepsApplicationLine('WARN', 'plain print')).toBe(false);
    expect(keepsApplicationLine('INFO', 'plain print')).toBe(true);
    expect(keepsApplicationLine('TRACE', '{"level":"TRACE"}')).toBe(true);
  });
});
