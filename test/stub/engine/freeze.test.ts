// Between invocations an environment is frozen, as Lambda freezes it: work a
// function left running (a timer, a thread, a child process) makes no
// progress while the environment waits, and resumes with the next
// invocation. Real runtime processes, their state read from /proc.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import { ensureBuilt } from '../../cli/cli-capture';
import { json, request, snapshot } from './helpers';

const engine = createEngine({});
afterAll(() => engine.stop());

/** The state letter of /proc/<pid>/stat: T when stopped, S or R when not. */
function stateOf(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** The state after the service's stop has had time to land (a signal is delivered at the next schedule). */
async function settledState(pid: number): Promise<string> {
  const until = Date.now() + 2000;
  let s = stateOf(pid);
  while (s !== 'T' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    s = stateOf(pid);
  }
  return s;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const IDLE_MS = 400;

interface Ticks { ticks: number; pid: number; childPid?: number }

describe('environments are frozen between invocations', () => {
  for (const [runtime, fn] of [
    ['Node (a timer)', snapshot('engine-background', { name: 'freeze-node' })],
    ['Python (a thread)', snapshot('py-background', { name: 'freeze-py', runtime: 'python3.12', handler: 'app.handler' })],
  ] as const) {
    it(`${runtime}: the work a function left running stops while it waits and goes on with the next invocation`, async () => {
      const a = json(await engine.invoke(request(fn))) as Ticks;
      expect(await settledState(a.pid)).toBe('T');
      await sleep(IDLE_MS);
      const b = json(await engine.invoke(request(fn))) as Ticks;
      expect(b.pid).toBe(a.pid);
      // A 5 ms counter, free, would move about 80 over the idle 400 ms; frozen, only what runs around the two hand-overs.
      expect(b.ticks - a.ticks, `ticks ${a.ticks} → ${b.ticks} over ${IDLE_MS} ms idle`).toBeLessThan(25);
    }, 30_000);
  }

  it('the whole process group: a child the runtime started is stopped and resumed with it', async () => {
    const fn = snapshot('engine-background', { name: 'freeze-child' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'freeze-'));
    try {
      const file = path.join(dir, 'count');
      const first = json(await engine.invoke(request(fn, { childFile: file }))) as Ticks;
      const child = first.childPid as number;
      expect(child).toBeGreaterThan(0);
      expect(await settledState(child)).toBe('T');
      const size = (): number => (fs.existsSync(file) ? fs.statSync(file).size : 0);
      const before = size();
      await sleep(IDLE_MS);
      expect(size() - before).toBeLessThan(5);
      await engine.invoke(request(fn));
      // Resumed with the runtime: it counts on while the next invocation runs and until the freeze lands.
      expect(['R', 'S', 'T']).toContain(stateOf(child));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('an environment reaped or stopped while frozen goes, with every process of it', async () => {
    const own = createEngine({ idleTimeoutMs: 200 });
    try {
      const fn = snapshot('engine-background', { name: 'freeze-reap' });
      const first = json(await own.invoke(request(fn))) as Ticks;
      expect(await settledState(first.pid)).toBe('T');
      const until = Date.now() + 10_000;
      while (fs.existsSync(`/proc/${first.pid}`) && Date.now() < until) await sleep(50);
      expect(fs.existsSync(`/proc/${first.pid}`), 'a frozen environment past its idle time is reaped').toBe(false);
      const second = json(await own.invoke(request(fn))) as Ticks;
      expect(second.pid).not.toBe(first.pid);
      expect(await settledState(second.pid)).toBe('T');
      await own.stop();
      expect(fs.existsSync(`/proc/${second.pid}`), 'a frozen environment is gone once the engine stops').toBe(false);
    } finally {
      await own.stop();
    }
  }, 30_000);
});

describe('a frozen environment outlives no service', () => {
  it('the service killed with SIGKILL while an environment is frozen: the guard kills the environment', async () => {
    const { spawn } = await import('node:child_process');
    ensureBuilt(path.join('stub', 'engine', 'freeze-guard.js'));
    const service = path.join(__dirname, '..', '..', '..', 'dist', 'stub', 'engine', 'engine.js');
    const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'functions', 'engine-background');
    // An engine in a process of its own (built), which prints the runtime's pid once the invocation is answered.
    // Without cgroups: nothing else would ever end a stopped runtime whose service is gone.
    const script = `
      const { createEngine } = require(${JSON.stringify(service)});
      const engine = createEngine({ cgroups: false });
      const fn = { name: 'freeze-kill', version: '$LATEST', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:freeze-kill',
        codeDir: ${JSON.stringify(fixtures)}, handler: 'index.handler', runtime: 'nodejs20.x', memoryMb: 256, timeoutSec: 3,
        environment: {}, architecture: 'x86_64', ephemeralStorageMb: 512, logging: { logFormat: 'Text' }, generation: 'g1', region: 'us-east-1' };
      engine.invoke({ fn, invokedArn: fn.functionArn, payload: Buffer.from('{}'), requestId: 'r-1', reservedConcurrency: null })
        .then((o) => { console.log(JSON.parse(o.payload.toString()).pid); setInterval(() => {}, 1000); });
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const until = Date.now() + 20_000;
    while (!/^\d+\s*$/m.test(out) && Date.now() < until) await sleep(20);
    const pid = Number(out.trim());
    expect(pid).toBeGreaterThan(0);
    expect(await settledState(pid)).toBe('T');
    child.kill('SIGKILL');
    const gone = Date.now() + 10_000;
    // Gone, or a zombie waiting for init to reap it: either way it no longer runs or holds its memory.
    const alive = (): boolean => fs.existsSync(`/proc/${pid}`) && stateOf(pid) !== 'Z';
    while (alive() && Date.now() < gone) await sleep(50);
    const left = alive();
    // Never leave a stopped process behind, even when the test fails.
    if (left) process.kill(-pid, 'SIGKILL');
    expect(left, `runtime ${pid} still running or stopped after the service was killed`).toBe(false);
  }, 60_000);
});
