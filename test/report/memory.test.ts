import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { InvocationRow } from '../../src/measure/row';
import { ResultWriter } from '../../src/report/writer';
import { makeRow, meta, rng } from './rows';

/** A real collection before each reading, so heapUsed is what is live, not garbage. */
function collector(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('ResultWriter memory', () => {
  it('stays flat: 180,000 more rows cost no more heap than a bounded constant', async () => {
    const gc = collector();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-mem-'));
    try {
      const w = ResultWriter.open(dir, meta());
      const r = rng(42);
      // Fresh row objects, as a run makes them; same phases and memories throughout.
      const next = (i: number): InvocationRow => makeRow(i, r, { phases: ['cold', 'warm', 'burst'], memories: [128, 512, 1024] });
      let i = 0;
      for (; i < 20_000; i++) w.write(next(i));
      const at20k = heapAfterGc(gc);
      for (; i < 200_000; i++) w.write(next(i));
      const at200k = heapAfterGc(gc);
      const growth = at200k - at20k;
      // Measured growth is a few KB; keeping even 8 bytes per row would add 1.4 MB.
      expect(growth).toBeLessThan(1024 * 1024);
      const summary = await w.finish({ endedAt: new Date(), interrupted: false, extra: {} });
      expect(summary.totals.invocations).toBe(200_000);
      const lines = fs.readFileSync(path.join(dir, 'invocations.csv'), 'utf8').split('\r\n');
      expect(lines.length).toBe(200_002);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
