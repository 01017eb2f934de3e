'use strict';
// harness_ratio: invocations per second of coldbench's `concurrent` pattern
// (the real executor, target and sinks) ÷ a bare SDK Invoke loop, both at
// concurrency 10 against the same warm local service. Each side runs in a
// fresh process; rounds alternate which side goes first.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('../lib/procs');
const { serverEnv } = require('../lib/servers');
const { median } = require('../lib/stats');

async function side(ctx, mode, url) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-harness-'));
  try {
    // BENCH_PROFILE_HARNESS=1 leaves a CPU profile of each side in bench/out/profiles.
    const prof = process.env.BENCH_PROFILE_HARNESS === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ctx.outDir, 'profiles')}`, `--cpu-prof-name=harness-${mode}-${Date.now()}.cpuprofile`] : [];
    const out = await procs.run(process.execPath, [...prof, path.join(__dirname, '..', 'workers', 'harness-worker.js'),
      mode, url, String(ctx.p.harnessWarmup), String(ctx.p.harnessCount), '10', ctx.distDir, tmp], { env: serverEnv() }, 300_000);
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function harness(ctx, serviceUrl) {
  ctx.log(`harness: coldbench concurrent pattern vs a bare SDK loop, concurrency 10, ${ctx.p.harnessCount} invocations each`);
  const ratios = [];
  const runs = [];
  for (let round = 0; round < ctx.p.harnessRounds; round++) {
    const order = round % 2 === 0 ? ['coldbench', 'sdk'] : ['sdk', 'coldbench'];
    const got = {};
    for (const mode of order) {
      got[mode] = await side(ctx, mode, serviceUrl);
      ctx.log(`  ${mode.padEnd(9)}: ${got[mode].ips.toFixed(0)} invocations/s, ${got[mode].cpuUsPerInvocation.toFixed(0)} µs CPU per timed invocation in the client process`);
    }
    ratios.push(got.coldbench.ips / got.sdk.ips);
    runs.push(got);
  }
  ctx.figure('harness_ratio', median(ratios));
  ctx.details.harness = { ratios, runs };
}

module.exports = { harness };
