'use strict';
// Warm path: the local service's Invoke endpoint against a bare Node server
// answering `{}`, both in processes of their own, driven by autocannon from
// the bench process (throughput) and by a one-connection timed loop (p50).

const { warmLoad } = require('../lib/load');
const { agent, invoke, timedLoop, INVOKE_PATH } = require('../lib/client');
const { median, percentile } = require('../lib/stats');
const { serviceCpu } = require('../lib/servers');

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

async function p50Overhead(ctx, serviceUrl, bareUrl) {
  const svc = [];
  const bare = [];
  const block = 500;
  // Warm both connections and JITs before anything counts.
  await timedLoop(serviceUrl, NOOP, '{}', 200);
  await timedLoop(bareUrl, '/', '{}', 200);
  for (let done = 0; done < ctx.p.p50Requests; done += block) {
    svc.push(...await timedLoop(serviceUrl, NOOP, '{}', block));
    bare.push(...await timedLoop(bareUrl, '/', '{}', block));
  }
  const s = percentile(svc, 50);
  const b = percentile(bare, 50);
  return { overheadMs: s - b, serviceP50Ms: s, bareP50Ms: b, serviceP99Ms: percentile(svc, 99), bareP99Ms: percentile(bare, 99), requests: svc.length };
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
  const p50 = await p50Overhead(ctx, serviceUrl, bareUrl);
  ctx.figure('warm_p50_overhead_ms', p50.overheadMs);
  ctx.details.warm = { c10, c1, p50 };
  return { serviceRpsC10: c10.serviceRps, bareRpsC10: c10.bareRps, serviceRpsC1: c1.serviceRps, bareRpsC1: c1.bareRps };
}

module.exports = { warm };
