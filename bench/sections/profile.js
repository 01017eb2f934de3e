'use strict';
// Where the warm path's time goes: the local service under autocannon -c 10
// with `node --cpu-prof`, plus the CPU time of the service process, of its
// execution environments and of the load generator, per invocation.

const fs = require('node:fs');
const path = require('node:path');
const procs = require('../lib/procs');
const { startService, serviceCpu } = require('../lib/servers');
const { invoke, agent, INVOKE_PATH } = require('../lib/client');
const { load } = require('../lib/load');
const { summarize, print } = require('../lib/profile-summary');

async function profile(ctx) {
  const dir = path.join(ctx.outDir, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const name = `service-${ctx.mode}-${Date.now()}.cpuprofile`;
  ctx.log(`profile: local service under -c 10 for ${ctx.p.profileSec}s with --cpu-prof`);
  const service = await startService(ctx, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`]);
  let perInvocation;
  try {
    const a = agent(10);
    for (let r = 0; r < 3; r++) await Promise.all(Array.from({ length: 10 }, () => invoke(service.url, 'noop', { agent: a })));
    a.destroy();
    const before = await serviceCpu(service);
    const client0 = process.cpuUsage();
    const r = await load(service.url + INVOKE_PATH('noop'), { connections: 10, durationSec: ctx.p.profileSec });
    const client = process.cpuUsage(client0);
    const after = await serviceCpu(service);
    const n = r.total;
    perInvocation = {
      invocations: n,
      rps: r.rps,
      serviceUs: (after.selfUs - before.selfUs) / n,
      environmentsUs: ((after.children.ticks - before.children.ticks) * 1e6) / after.clkTck / n,
      loadGeneratorUs: (client.user + client.system) / n,
    };
  } finally {
    await procs.stop(service.entry, 10_000);
  }
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new Error(`no profile written at ${file}`);
  const s = summarize(file, 20);
  ctx.log(`  CPU per invocation: service ${perInvocation.serviceUs.toFixed(0)} µs, environments ${perInvocation.environmentsUs.toFixed(0)} µs, load generator ${perInvocation.loadGeneratorUs.toFixed(0)} µs (${perInvocation.rps.toFixed(0)} req/s)`);
  print(s, (l) => ctx.log('  ' + l));
  ctx.details.profile = { file: path.relative(ctx.root, file), perInvocation, areas: s.areas, functions: s.functions, busyMs: s.busyMs, idleMs: s.idleMs };
}

module.exports = { profile };
