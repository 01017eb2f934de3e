'use strict';
// Load held (issue 16): 100 cold starts at once on a fresh local service.
// Each invocation holds its environment for HOLD_MS, and the client latency
// less the REPORT's Duration is what the caller waited for a start.
//  - every invocation answered (200, a REPORT with Init Duration: a cold start);
//  - the p99 of their client latency against the p99 of 100 bare `node`
//    starts in parallel (`node -e "require('<handler>')"`, same binary,
//    environment and folder), measured right before on the same machine: what
//    the service adds to a cold start when the machine is saturated;
//  - the service process's RSS and open file descriptors before, at the peak
//    (100 live environments) and after they are gone;
//  - nothing leaked: once the service has stopped, none of the processes it
//    started is alive and its cgroup folders are gone.
// The service runs in a process of its own (servers/local-service.js), as a
// user's `coldbench stub` does.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const procs = require('../lib/procs');
const { startService } = require('../lib/servers');
const { agent, invoke } = require('../lib/client');
const { percentile, median } = require('../lib/stats');

const BURST = 100;
/** Longer than the burst takes to arrive on 2 busy cores, so that no environment is reused within it. */
const HOLD_MS = 3000;

function statusField(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function processReading(pid) {
  return { rssMb: statusField(pid, 'VmRSS') / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

/** Every live descendant of `root` (pid → ppid read from /proc). */
function descendants(root) {
  const parent = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const walk = (pid) => {
    for (const [child, ppid] of parent) if (ppid === pid) { out.push(child); walk(child); }
  };
  walk(root);
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    const state = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** cgroup folders named after the service's pid (src/stub/engine/cgroups.ts: coldbench-<pid>). */
function cgroupDirs(servicePid) {
  const found = [];
  const visit = (dir, depth) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      if (e.name === `coldbench-${servicePid}`) found.push(p);
      else if (depth < 4) visit(p, depth + 1);
    }
  };
  visit('/sys/fs/cgroup', 0);
  return found;
}

function bareStart(execPath, handlerFile, cwd, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(execPath, ['-e', `require(${JSON.stringify(handlerFile)})`], { cwd, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`bare node exited ${code}`))));
  });
}

async function burst(ctx) {
  ctx.log(`burst: ${BURST} cold starts at once on a fresh local service, against ${BURST} bare node starts in parallel`);
  const service = await startService(ctx);
  const pid = service.entry.child.pid;
  // The baseline starts with exactly the environment and folder the service gives its children (as the cold section's does).
  const dump = JSON.parse((await invoke(service.url, 'envdump')).body.toString('utf8'));
  const env = { ...dump.env, AWS_LAMBDA_FUNCTION_NAME: 'hold' };
  for (const k of Object.keys(env)) if (k.startsWith('BENCH_') || k === '_X_AMZN_TRACE_ID') delete env[k];
  const handler = path.join(ctx.functionsDir, 'hold', 'index.js');
  // Right before the burst, on the same machine, with the service idle.
  const bareMs = await Promise.all(Array.from({ length: BURST }, () => bareStart(dump.execPath, handler, path.dirname(handler), env)));
  const before = processReading(pid);
  const a = agent(BURST);
  let peak;
  let results;
  try {
    results = await Promise.allSettled(Array.from({ length: BURST }, () => invoke(service.url, 'hold', { payload: JSON.stringify({ holdMs: HOLD_MS }), tail: true, agent: a })));
    peak = { ...processReading(pid), environments: descendants(pid).length };
  } finally {
    a.destroy();
  }
  const answered = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason && r.reason.message).slice(0, 200));
  const reports = answered.map((r) => {
    const log = Buffer.from(String(r.headers['x-amz-log-result'] ?? ''), 'base64').toString('utf8');
    const line = log.split('\n').find((l) => l.startsWith('REPORT RequestId: ')) ?? '';
    return { clientMs: r.ms, durationMs: Number((/\tDuration: ([\d.]+) ms/.exec(line) ?? [])[1]), cold: line.includes('\tInit Duration: ') };
  });
  const cold = reports.filter((r) => r.cold);
  // What the caller waited beyond the handler's own run (its Duration, the hold): the start of an environment.
  const clientMs = reports.map((r) => r.clientMs - r.durationMs).filter(Number.isFinite);

  const children = descendants(pid);
  // SIGTERM to the service alone, as a user stopping `coldbench stub` does: what it leaves alive is a leak.
  // (procs.stop would SIGKILL the whole process group afterwards and hide one.)
  const exited = new Promise((r) => (service.entry.exited ? r() : service.entry.child.once('exit', r)));
  service.entry.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  await new Promise((r) => setTimeout(r, 300));
  const leakedProcesses = children.filter(alive);
  const leakedCgroups = cgroupDirs(pid);
  await procs.stop(service.entry);


  const r = {
    burst: BURST,
    answered: answered.length,
    coldStarts: cold.length,
    failures: failures.slice(0, 5),
    holdMs: HOLD_MS,
    clientP50Ms: median(clientMs),
    clientP99Ms: percentile(clientMs, 99),
    bareNodeP50Ms: median(bareMs),
    bareNodeP99Ms: percentile(bareMs, 99),
    serviceBefore: before,
    servicePeak: peak,
    leakedProcesses: leakedProcesses.length,
    leakedCgroupDirs: leakedCgroups.length,
  };
  r.coldOverheadP99Ms = r.clientP99Ms - r.bareNodeP99Ms;
  ctx.log(`  answered ${r.answered}/${BURST} (${r.coldStarts} cold); client − Duration p99 ${r.clientP99Ms.toFixed(0)} ms vs bare node p99 ${r.bareNodeP99Ms.toFixed(0)} ms`);
  ctx.log(`  service RSS ${before.rssMb.toFixed(1)} → ${peak.rssMb.toFixed(1)} MB, fds ${before.fds} → ${peak.fds} with ${peak.environments} processes; leaked: ${r.leakedProcesses} processes, ${r.leakedCgroupDirs} cgroup folders`);
  ctx.details.burst = r;
  ctx.figure('burst_answered', r.answered);
  ctx.figure('burst_cold_overhead_p99_ms', r.coldOverheadP99Ms);
  ctx.figure('burst_leaked', r.leakedProcesses + r.leakedCgroupDirs);
}

module.exports = { burst };
