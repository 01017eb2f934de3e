'use strict';
// Warm path: the local service's Invoke endpoint against a bare Node server
// answering `{}`, both in processes of their own, driven by autocannon from
// the bench process (throughput) and by a one-connection timed loop (p50).
// The p50 loop also times the relay floor (servers/relay-floor.js): the same
// three loopback exchanges across three processes with no Lambda logic, so
// the run says how much of the p50 overhead any faithful emulation pays.

const { warmLoad } = require('../lib/load');
const { agent, invoke, timedLoop, INVOKE_PATH } = require('../lib/client');
const { median, percentile } = require('../lib/stats');
const { serviceCpu, startRelayFloor } = require('../lib/servers');
const procs = require('../lib/procs');

const NOOP = INVOKE_PATH('noop');

async function throughput(ctx, service, bareServer, connections) {
  const bareUrl = bareServer.url;
  const targets = [
    { which: 'svc', url: service.url + NOOP, requests: 0, seconds: 0, rates: [] },
    { which: 'bare', url: bareUrl + '/', requests: 0, seconds: 0, rates: [] },
  ];
  // One warm-up run each, not counted; then short slices alternate (A B B A …)
  // so that a change of load on the machine hits both sides alike.
  for (const t of targets) await warmLoad(t.url, { connections, durationSec: 1 }, 0);
  const before = await serviceCpu(service);
  const bareBefore = await serviceCpu(bareServer);
  for (let i = 0; i < ctx.p.warmSlices; i++) {
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const r = await warmLoad(t.url, { connections, durationSec: ctx.p.warmSliceSec }, 0);
      t.requests += r.total;
      t.seconds += r.seconds;
      t.rates.push(Math.round(r.rps));
    }
  }
  const after = await serviceCpu(service);
  const bareAfter = await serviceCpu(bareServer);
  const [svc, bare] = targets;
  const rate = (t) => t.requests / t.seconds;
  for (const t of targets) ctx.log(`  -c ${connections} ${t.which === 'svc' ? 'local service' : 'bare server '}: ${rate(t).toFixed(0)} req/s (slices: ${t.rates.join(' ')})`);
  return {
    ratio: rate(svc) / rate(bare),
    serviceRps: rate(svc),
    bareRps: rate(bare),
    serviceSlices: svc.rates,
    bareSlices: bare.rates,
    // The bare server's slices run in between; only the service's own requests cost the service CPU.
    cpuPerInvocation: {
      serviceUs: (after.selfUs - before.selfUs) / svc.requests,
      environmentsUs: ((after.children.ticks - before.children.ticks) * 1e6) / after.clkTck / svc.requests,
      bareServerUs: (bareAfter.selfUs - bareBefore.selfUs) / bare.requests,
    },
  };
}

async function p50Overhead(ctx, serviceUrl, bareUrl, relayUrl) {
  const svc = [];
  const bare = [];
  const relay = [];
  const block = 500;
  // Warm the connections and JITs before anything counts.
  await timedLoop(serviceUrl, NOOP, '{}', 200);
  await timedLoop(bareUrl, '/', '{}', 200);
  // The service and the bare server have just taken seconds of autocannon
  // load; the relay, started for this loop, gets its share first, or its JIT
  // warm-up (compiles competing for 2 cores) shows up as its tail.
  await warmLoad(relayUrl + NOOP, { connections: 1, durationSec: ctx.p.warmSliceSec }, 0);
  await timedLoop(relayUrl, NOOP, '{}', 200);
  // Blocks rotate the order (S B R, B R S, R S B) so that no side always
  // follows the same one when the machine's load shifts.
  const sides = [
    [svc, serviceUrl, NOOP],
    [bare, bareUrl, '/'],
    [relay, relayUrl, NOOP],
  ];
  for (let done = 0, round = 0; done < ctx.p.p50Requests; done += block, round++) {
    for (let k = 0; k < sides.length; k++) {
      const [into, url, path] = sides[(round + k) % sides.length];
      into.push(...await timedLoop(url, path, '{}', block));
    }
  }
  const s = percentile(svc, 50);
  const b = percentile(bare, 50);
  const r = percentile(relay, 50);
  return {
    p50: { overheadMs: s - b, serviceP50Ms: s, bareP50Ms: b, serviceP99Ms: percentile(svc, 99), bareP99Ms: percentile(bare, 99), requests: svc.length },
    floor: { relayP50Ms: r, relayOverBareMs: r - b, serviceOverRelayMs: s - r, relayP99Ms: percentile(relay, 99), requests: relay.length },
  };
}

/** Ten environments up before any timed load: cold starts are not what the warm figures measure. */
async function tenWarmEnvironments(serviceUrl) {
  const a = agent(10);
  for (let round = 0; round < 3; round++) {
    await Promise.all(Array.from({ length: 10 }, () => invoke(serviceUrl, 'noop', { agent: a })));
  }
  a.destroy();
}

async function warm(ctx, service, bareServer) {
  const serviceUrl = service.url;
  const bareUrl = bareServer.url;
  ctx.log('warm path: throughput at -c 10 and -c 1, p50 at concurrency 1');
  await tenWarmEnvironments(serviceUrl);
  const c10 = await throughput(ctx, service, bareServer, 10);
  ctx.figure('warm_throughput_ratio', c10.ratio);
  const c1 = await throughput(ctx, service, bareServer, 1);
  ctx.figure('warm_throughput_ratio_c1', c1.ratio);
  const relay = await startRelayFloor();
  let p50;
  let floor;
  try {
    ({ p50, floor } = await p50Overhead(ctx, serviceUrl, bareUrl, relay.url));
  } finally {
    await procs.stop(relay.entry);
  }
  ctx.figure('warm_p50_overhead_ms', p50.overheadMs);
  ctx.figure('warm_p50_overhead_vs_floor_ms', floor.serviceOverRelayMs);
  ctx.details.warm = { c10, c1, p50, floor };
  return { serviceRpsC10: c10.serviceRps, bareRpsC10: c10.bareRps, serviceRpsC1: c1.serviceRps, bareRpsC1: c1.bareRps };
}

module.exports = { warm };
