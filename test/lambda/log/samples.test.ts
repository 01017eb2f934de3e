// Each sample line of AWS's documentation (aws-samples.ts) read as the page says it reads.

import { describe, expect, it } from 'vitest';
import { readLine } from '../../../src/lambda/log';
import { SAMPLES } from './aws-samples';

describe('AWS documentation samples', () => {
  it.each(SAMPLES.map((s) => [s.line, s] as const))('%s', (_line, s) => {
    expect(s.source).toMatch(/^https:\/\//);
    expect(readLine(s.line)).toEqual(s.record);
  });

  it('covers every text record kind but XRAY and RESTORE_START, and every JSON kind', () => {
    // No page we found shows an XRAY line of its own or a RESTORE_START line; text.test.ts round-trips them.
    const kinds = new Set(SAMPLES.flatMap((s) => (s.record === undefined ? [] : [`${s.line.startsWith('{') ? 'json' : 'text'}:${s.record.kind}`])));
    expect([...kinds].sort()).toEqual([
      'json:end', 'json:initReport', 'json:initRuntimeDone', 'json:initStart', 'json:report', 'json:restoreReport', 'json:restoreRuntimeDone',
      'json:restoreStart', 'json:runtimeDone', 'json:start',
      'text:end', 'text:initReport', 'text:initStart', 'text:report', 'text:restoreReport', 'text:start',
    ]);
  });
});
