'use strict';
// A/B of the warm p50 at concurrency 1 between sides started side by side,
// timed in rotating blocks of 500 requests so that a change of load on the
// machine hits every side alike. What it printed during the work on the warm
// path is in bench/README.md.
//
//   node bench/ab.js <rounds> <side> [<side> ...]
//
// A side is `bare` (bench/servers/bare-server.js), `raw-bare`
// (bench/servers/raw-bare-server.js), `relay` (the relay floor), or a `dist`
// folder: the local service built into it (for example a copy of dist/ made
// before a change, against dist/ after it), invoking the `noop` fixture.
// BENCH_FUNCTIONS points the services at another functions folder.

const path = require('node:path');
const procs = require('./lib/procs');
const { startService, startBare, startRelayFloor, serverEnv } = require('./lib/servers');
const { timedLoop, invoke, INVOKE_PATH } = require('./lib/client');
const { percentile } = require('./lib/stats');

const BLOCK = 500;

async function startSide(spec) {
  if (spec === 'bare') return { name: spec, url: (await startBare()).url, path: '/' };
  if (spec === 'relay') return { name: spec, url: (await startRelayFloor()).url, path: INVOKE_PATH('noop') };
  if (spec === 'raw-bare') {
    const entry = procs.start(process.execPath, [path.join(__dirname, 'servers', 'raw-bare-server.js')], { env: serverEnv() });
    const m = await procs.waitFor(entry, /^(\{.*\})$/m, 30_000, 'raw bare server');
    return { name: spec, url: JSON.parse(m[1]).url, path: '/' };
  }
  const functionsDir = process.env.BENCH_FUNCTIONS ?? path.join(__dirname, 'fixtures', 'functions');
  const service = await startService({ distDir: path.resolve(spec), functionsDir, cgroups: true });
  await invoke(service.url, 'noop');
  return { name: spec, url: service.url, path: INVOKE_PATH('noop') };
}

async function main() {
  const [roundsArg, ...specs] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  if (!Number.isInteger(rounds) || rounds < 1 || specs.length === 0) {
    process.stderr.write('usage: node bench/ab.js <rounds> <bare|raw-bare|relay|dist folder> ...\n');
    process.exit(2);
  }
  const sides = [];
  for (const spec of specs) sides.push({ ...(await startSide(spec)), latencies: [] });
  for (const s of sides) await timedLoop(s.url, s.path, '{}', 2000); // connections and JIT warm, not counted
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const s = sides[(round + k) % sides.length];
      s.latencies.push(...await timedLoop(s.url, s.path, '{}', BLOCK));
    }
  }
  const first = percentile(sides[0].latencies, 50);
  for (const s of sides) {
    const p50 = percentile(s.latencies, 50);
    process.stdout.write(`${s.name.padEnd(32)} p50 ${p50.toFixed(4)} ms  p90 ${percentile(s.latencies, 90).toFixed(4)} ms  − ${sides[0].name}: ${(p50 - first).toFixed(4)} ms\n`);
  }
}

main()
  .catch((e) => {
    process.stderr.write(`${e && e.stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => procs.stopAll().then(() => process.exit()));
