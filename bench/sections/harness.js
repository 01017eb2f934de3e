'use strict';
// harness_ratio: invocations per second of coldbench's `concurrent` pattern
// (the real executor, target and sinks) ÷ a bare SDK Invoke loop, both at
// concurrency 10 against the same warm local service. Each side is a process
// of its own; after both have warmed up, timed chunks alternate between them
// (A B B A A B …) and each side's rate is its invocations over its summed time.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('../lib/procs');
const { serverEnv } = require('../lib/servers');

async function startSide(ctx, mode, url, tmp) {
  // BENCH_PROFILE_HARNESS=1 leaves a CPU profile of each side in bench/out/profiles.
  const prof = process.env.BENCH_PROFILE_HARNESS === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ctx.outDir, 'profiles')}`, `--cpu-prof-name=harness-${mode}-${Date.now()}.cpuprofile`] : [];
  const entry = procs.start(process.execPath, [...prof, path.join(__dirname, '..', 'workers', 'harness-worker.js'),
    mode, url, String(ctx.p.harnessWarmup), String(ctx.p.harnessChunk), '10', ctx.distDir, tmp], { env: serverEnv() });
  await procs.waitFor(entry, /^\{"ready":true\}$/m, 300_000, `harness worker (${mode})`);
  return { mode, entry, seconds: 0, cpuUs: 0, invocations: 0, chunks: [] };
}

function runChunk(side) {
  const before = side.entry.out.length;
  side.entry.child.stdin.write('run\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { done(); reject(new Error(`harness worker (${side.mode}): no answer in 300 s`)); }, 300_000);
    const check = () => {
      const m = /\{"chunk":.*\}/.exec(side.entry.out.slice(before));
      if (m) { done(); resolve(JSON.parse(m[0])); }
    };
    const onExit = () => { done(); reject(new Error(`harness worker (${side.mode}) exited: ${procs.tail(side.entry)}`)); };
    function done() {
      clearTimeout(timer);
      side.entry.child.stdout.off('data', check);
      side.entry.child.off('exit', onExit);
    }
    side.entry.child.stdout.on('data', check);
    side.entry.child.once('exit', onExit);
  });
}

async function harness(ctx, serviceUrl) {
  const { harnessChunk, harnessChunks } = ctx.p;
  ctx.log(`harness: coldbench concurrent pattern vs a bare SDK loop, concurrency 10, ${harnessChunks} alternating chunks of ${harnessChunk} each`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-harness-'));
  const sides = [];
  try {
    fs.mkdirSync(path.join(tmp, 'coldbench'));
    fs.mkdirSync(path.join(tmp, 'sdk'));
    sides.push(await startSide(ctx, 'coldbench', serviceUrl, path.join(tmp, 'coldbench')));
    sides.push(await startSide(ctx, 'sdk', serviceUrl, path.join(tmp, 'sdk')));
    for (let i = 0; i < harnessChunks; i++) {
      // A B, then B A: whichever goes second in a pair goes first in the next.
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const r = await runChunk(side);
        side.seconds += r.seconds;
        side.cpuUs += r.cpuUs;
        side.invocations += r.chunk;
        side.chunks.push(Math.round(r.chunk / r.seconds));
      }
    }
    for (const side of sides) side.entry.child.stdin.end();
    await Promise.all(sides.map((s) => new Promise((resolve) => (s.entry.exited ? resolve() : s.entry.child.once('exit', resolve)))));
  } finally {
    await Promise.all(sides.map((s) => procs.stop(s.entry)));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const rate = (s) => s.invocations / s.seconds;
  const [cb, sdk] = sides;
  for (const s of sides) {
    ctx.log(`  ${s.mode.padEnd(9)}: ${rate(s).toFixed(0)} invocations/s (chunks: ${s.chunks.join(' ')}), ${(s.cpuUs / s.invocations).toFixed(0)} µs CPU per invocation in the client process`);
  }
  ctx.figure('harness_ratio', rate(cb) / rate(sdk));
  ctx.details.harness = {
    runs: [{
      coldbench: { ips: rate(cb), cpuUsPerInvocation: cb.cpuUs / cb.invocations, invocations: cb.invocations, chunkRates: cb.chunks },
      sdk: { ips: rate(sdk), cpuUsPerInvocation: sdk.cpuUs / sdk.invocations, invocations: sdk.invocations, chunkRates: sdk.chunks },
    }],
  };
}

module.exports = { harness };
