'use strict';
// A/B of two builds of the local service (two `dist` folders, for example a
// copy made before a change and dist/ after it), side by side, alternating so
// that a change of load on the machine hits both alike. What it printed for
// the freeze between invocations is in bench/README.md.
//
//   node bench/ab-dists.js gap  <distA> <distB>   warm invocations of `noop` after a 20 ms gap
//                                                 (300 each): client p50/p90 and REPORT Duration p50/p90
//   node bench/ab-dists.js c10  <distA> <distB>   10 concurrent back-to-back loops, 10 × 1 s each: req/s
//   node bench/ab-dists.js cold <distA> <distB>   forced cold starts of `noop` (28 each after 2 warm-up):
//                                                 client and Init Duration medians
//
// `gap` and `c10` run both services in this process without cgroups; `cold`
// runs each in a process of its own, with cgroups, as the bench's cold section does.

const http = require('node:http');
const path = require('node:path');
const procs = require('./lib/procs');
const { agent, invoke, forceCold } = require('./lib/client');
const { startService } = require('./lib/servers');
const { percentile } = require('./lib/stats');

const FUNCTIONS = path.join(__dirname, 'fixtures', 'functions');
const [mode, ...dists] = process.argv.slice(2);

async function inProcess(dist) {
  const { LocalLambda } = require(path.resolve(dist, 'stub', 'service.js'));
  const service = new LocalLambda({ functionsDir: FUNCTIONS, cgroups: false, onWarning: () => undefined });
  return { dist, service, url: await service.start(), a: new http.Agent({ keepAlive: true, maxSockets: 64 }) };
}

/** One invocation: client ms and the REPORT's Duration. */
async function timed(side) {
  const t = process.hrtime.bigint();
  const res = await invoke(side.url, 'noop', { agent: side.a, tail: true });
  const clientMs = Number(process.hrtime.bigint() - t) / 1e6;
  const log = Buffer.from(String(res.headers['x-amz-log-result'] ?? ''), 'base64').toString('utf8');
  const m = /\tDuration: ([\d.]+) ms/.exec(log);
  const init = /\tInit Duration: ([\d.]+) ms/.exec(log);
  return { clientMs, durationMs: m ? Number(m[1]) : NaN, initMs: init ? Number(init[1]) : NaN };
}

const inTurn = (i, sides) => (i % 2 ? sides : [...sides].reverse());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function gap() {
  const sides = await Promise.all(dists.map(inProcess));
  for (const s of sides) for (let i = 0; i < 20; i++) await timed(s);
  const got = new Map(sides.map((s) => [s, { client: [], duration: [] }]));
  for (let i = 0; i < 300; i++) {
    for (const s of inTurn(i, sides)) {
      await sleep(20);
      const r = await timed(s);
      got.get(s).client.push(r.clientMs);
      got.get(s).duration.push(r.durationMs);
    }
  }
  for (const s of sides) {
    const g = got.get(s);
    console.log(`${s.dist.padEnd(24)} client p50 ${percentile(g.client, 50).toFixed(3)} p90 ${percentile(g.client, 90).toFixed(3)} ms; Duration p50 ${percentile(g.duration, 50)} p90 ${percentile(g.duration, 90)} ms`);
    await s.service.stop();
  }
}

async function c10() {
  const sides = await Promise.all(dists.map(inProcess));
  const burst = async (s, ms) => {
    let n = 0;
    const end = Date.now() + ms;
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (Date.now() < end) {
        await invoke(s.url, 'noop', { agent: s.a });
        n++;
      }
    }));
    return n;
  };
  for (const s of sides) await burst(s, 1000);
  const counts = new Map(sides.map((s) => [s, 0]));
  for (let i = 0; i < 10; i++) for (const s of inTurn(i, sides)) counts.set(s, counts.get(s) + (await burst(s, 1000)));
  for (const s of sides) {
    console.log(`${s.dist.padEnd(24)} ${(counts.get(s) / 10).toFixed(0)} req/s`);
    await s.service.stop();
  }
}

async function cold() {
  const sides = [];
  for (const dist of dists) {
    const service = await startService({ distDir: path.resolve(dist), functionsDir: FUNCTIONS, cgroups: true });
    sides.push({ dist, url: service.url, a: agent(), client: [], init: [] });
  }
  let nonce = 0;
  for (let i = 0; i < 30; i++) {
    for (const s of inTurn(i, sides)) {
      await forceCold(s.url, 'noop', ++nonce, s.a);
      await sleep(30);
      const r = await timed(s);
      if (i < 2) continue;
      s.client.push(r.clientMs);
      if (!Number.isNaN(r.initMs)) s.init.push(r.initMs);
    }
  }
  for (const s of sides) {
    console.log(`${s.dist.padEnd(24)} client ${percentile(s.client, 50).toFixed(2)} ms, Init Duration ${percentile(s.init, 50).toFixed(2)} ms (n ${s.client.length})`);
  }
  await procs.stopAll();
}

const modes = { gap, c10, cold };
if (!(mode in modes) || dists.length !== 2) {
  console.error('usage: node bench/ab-dists.js <gap|c10|cold> <distA> <distB>');
  process.exit(2);
}
modes[mode]().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
