import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVOCATION_COLUMNS } from '../../src/measure/row';
import { ensureBuilt } from '../cli/cli-capture';

const root = path.join(__dirname, '..', '..');

/** A real process writing rows until SIGINT, whose handler finishes the folder synchronously and exits 130. */
const CHILD = `
const { ResultWriter } = require(${JSON.stringify(path.join(root, 'dist', 'report', 'writer.js'))});
const dir = process.argv[1];
const w = ResultWriter.open(dir, {
  runId: 'r', scenario: 's', scenarioFile: 's.yaml', scenarioSource: {}, targetKind: 'local',
  function: 'f', architecture: 'x86_64', region: 'us-east-1', startedAt: new Date(), environment: {},
});
process.on('SIGINT', () => {
  w.finishSync({ endedAt: new Date(), interrupted: true, extra: { interruptedBy: 'SIGINT' } });
  process.exit(130);
});
let seq = 0;
function more() {
  for (let i = 0; i < 50; i++) {
    seq++;
    w.write({
      run_id: 'r', scenario: 's', phase: seq % 3 ? 'warm' : 'cold, "odd"', target: 'local', function: 'f',
      qualifier: undefined, memory_mb: 128, architecture: 'x86_64', seq, started_at: new Date(),
      client_ms: 1 + (seq % 97) / 7, cold: seq % 10 === 0, init_ms: seq % 10 === 0 ? 150 : undefined,
      duration_ms: 1, billed_ms: 1, max_memory_mb: 64, status: 'ok', error_type: undefined,
      request_id: 'id-' + seq, cost_usd: 0.0000002021,
    });
  }
  if (seq === 5000) process.stdout.write('ready\\n');
  setImmediate(more);
}
more();
`;

describe('ResultWriter on SIGINT', () => {
  beforeAll(() => ensureBuilt(path.join('report', 'writer.js')), 180_000);

  it('leaves a valid CSV with every row written and run.json marked interrupted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-sigint-'));
    try {
      const child = spawn(process.execPath, ['-e', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        });
        child.on('exit', () => reject(new Error(`child exited early: ${err}`)));
      });
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(err).toBe('');
      expect(code).toBe(130);
      const records = parse(fs.readFileSync(path.join(dir, 'invocations.csv'), 'utf8')) as string[][];
      expect(records[0]).toEqual([...INVOCATION_COLUMNS]);
      const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as {
        status: string; interrupted: boolean; interruptedBy: string; totals: { invocations: number };
      };
      expect(run.status).toBe('interrupted');
      expect(run.interrupted).toBe(true);
      expect(run.interruptedBy).toBe('SIGINT');
      expect(run.totals.invocations).toBeGreaterThanOrEqual(5000);
      expect(records.length - 1).toBe(run.totals.invocations);
      const seqs = records.slice(1).map((r) => Number(r[INVOCATION_COLUMNS.indexOf('seq')]));
      expect(seqs[seqs.length - 1]).toBe(seqs.length);
      expect(fs.existsSync(path.join(dir, 'summary.csv'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
