// The progress bar names the phase and memory setting being measured; off a terminal it writes nothing.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, stepLabel } from '../../src/run/progress';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  Object.assign(s, { isTTY, columns: 120, rows: 40, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('progress bar', () => {
  it('labels: phase @ memory, the round of an interleaved sweep, long names cut', () => {
    expect(stepLabel({ phase: 'warm', memoryMb: 512, round: 2, rounds: 3 })).toBe('warm @ 512 MB (round 2/3)');
    expect(stepLabel({ phase: 'cold', memoryMb: null, round: 1, rounds: 1 })).toBe('cold @ memory as is');
    expect(stepLabel({ phase: 'x'.repeat(40), memoryMb: 128, round: 1, rounds: 1 })).toBe(`${'x'.repeat(19)}… @ 128 MB`);
  });

  it('on a terminal, shows the step it is at', async () => {
    const { stream, text } = fakeStream(true);
    const p = createProgress(4, true, stream);
    p.step({ phase: 'burst', memoryMb: 1024, round: 1, rounds: 2 });
    p.tick();
    await new Promise((r) => setTimeout(r, 150));
    p.tick();
    p.stop();
    expect(text()).toContain('burst @ 1024 MB (round 1/2)');
    expect(text()).toMatch(/\d\/4 invocations/);
  });

  it('writes nothing into a pipe', () => {
    const { stream, text } = fakeStream(false);
    const p = createProgress(4, true, stream);
    p.step({ phase: 'burst', memoryMb: 1024, round: 1, rounds: 1 });
    p.tick();
    p.stop();
    expect(text()).toBe('');
  });
});
