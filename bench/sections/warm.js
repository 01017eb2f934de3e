'use strict';
// Warm path: the local service's Invoke endpoint against a bare Node server
// answering `{}`, both in processes of their own, driven by autocannon from
// the bench process (throughput) and by a one-connection timed loop (p50).

const { warmLoad } = require('../lib/load');
const { agent, invoke, timedLoop, INVOKE_PATH } = require('../lib/client');
const { median, percentile } = require('../lib/stats');
const { serviceCpu } = require('../lib/servers');

const NOOP = INVOKE_PATH('noop');

async function throughput(ctx, service, bareUrl, connections) {
  const serviceUrl = service.url;
  const ratios = [];
  const svc = [];
  const bare = [];
  const cpu = [];
  for (let round = 0; round < ctx.p.rounds; round++) {
    // Alternate which goes first: drift on a shared machine then hits both alike.
    const order = round % 2 === 0 ? ['svc', 'bare'] : ['bare', 'svc'];
    const got = {};
    for (const which of order) {
      const url = which === 'svc' ? serviceUrl + NOOP : bareUrl + '/';
      const before = which === 'svc' ? await serviceCpu(service) : undefined;
      got[which] = await warmLoad(url, { connections, durationSec: ctx.p.loadSec });
      if (before !== undefined) {
        // Warm-up run included on both sides of the difference: divide by what both runs served.
        const after = await serviceCpu(service);
        cpu.push({ serviceUs: after.selfUs - before.selfUs, environmentsUs: ((after.children.ticks - before.children.ticks) * 1e6) / after.clkTck, invocations: got[which].totalWithWarmup });
      }
      ctx.log(`  -c ${connections} ${which === 'svc' ? 'local service' : 'bare server '}: ${got[which].rps.toFixed(0)} req/s`);
    }
    svc.push(got.svc.rps);
    bare.push(got.bare.rps);
    ratios.push(got.svc.rps / got.bare.rps);
  }
  const n = cpu.reduce((a, c) => a + c.invocations, 0);
  const cpuPerInvocation = n === 0 ? undefined : {
    serviceUs: cpu.reduce((a, c) => a + c.serviceUs, 0) / n,
    environmentsUs: cpu.reduce((a, c) => a + c.environmentsUs, 0) / n,
  };
  return { ratio: median(ratios), serviceRps: median(svc), bareRps: median(bare), ratios, cpuPerInvocation };
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

async function warm(ctx, service, bareUrl) {
  const serviceUrl = service.url;
  ctx.log('warm path: throughput at -c 10 and -c 1, p50 at concurrency 1');
  await tenWarmEnvironments(serviceUrl);
  const c10 = await throughput(ctx, service, bareUrl, 10);
  ctx.figure('warm_throughput_ratio', c10.ratio);
  const c1 = await throughput(ctx, service, bareUrl, 1);
  ctx.figure('warm_throughput_ratio_c1', c1.ratio);
  const p50 = await p50Overhead(ctx, serviceUrl, bareUrl);
  ctx.figure('warm_p50_overhead_ms', p50.overheadMs);
  ctx.details.warm = { c10, c1, p50 };
  return { serviceRpsC10: c10.serviceRps, bareRpsC10: c10.bareRps, serviceRpsC1: c1.serviceRps, bareRpsC1: c1.bareRps };
}

module.exports = { warm };
