'use strict';
// Cold path. Per sample, interleaved so drift hits all three alike:
//  1. a forced cold invocation of `noop` (UpdateFunctionConfiguration with a
//     new variable, then Invoke): client latency, and its REPORT line;
//  2. the same for `probe`, whose first invocation returns when its runtime
//     first wrote /next and when the service spawned it (both on
//     CLOCK_MONOTONIC, observed outside the engine), against the REPORT's
//     Init Duration;
//  3. `node -e "require('<noop handler>')"` with exactly the environment and
//     working folder the service gives its children (read from the `envdump`
//     function), timed from spawn to exit.
//  4. (for the breakdown only) the service's own Node runtime client, same
//     binary, environment and folder, started by the bench against a bare
//     TCP listener: spawn to its first /next, without the service's spawn
//     path (cgroups, wrapper) or anything around the init.

const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { agent, invoke, forceCold } = require('../lib/client');
const { median } = require('../lib/stats');

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

function reportOf(res) {
  const b64 = res.headers['x-amz-log-result'];
  const log = b64 ? Buffer.from(String(b64), 'base64').toString('utf8') : '';
  const line = log.split('\n').find((l) => l.startsWith('REPORT RequestId: '));
  if (!line) throw new Error(`no REPORT line in the log tail: ${log.slice(-300)}`);
  const init = /\tInit Duration: ([\d.]+) ms/.exec(line);
  const duration = /\tDuration: ([\d.]+) ms/.exec(line);
  return { initMs: init ? Number(init[1]) : undefined, durationMs: duration ? Number(duration[1]) : undefined };
}

/** The environment a `noop` environment gets, minus what only one invocation or the bench adds. */
async function childEnvironment(url, a) {
  const res = await invoke(url, 'envdump', { agent: a });
  const doc = JSON.parse(res.body.toString('utf8'));
  const env = { ...doc.env };
  for (const k of Object.keys(env)) if (k.startsWith('BENCH_') || k === '_X_AMZN_TRACE_ID') delete env[k];
  env.AWS_LAMBDA_FUNCTION_NAME = 'noop';
  return { env, execPath: doc.execPath, runtimeClient: doc.argv[1] };
}

/** A listener standing in for the Runtime API: resolves when a runtime's first bytes arrive. */
async function firstNextListener() {
  let waiting;
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      const at = process.hrtime.bigint();
      socket.destroy(); // the runtime client exits when its Runtime API goes away
      waiting?.(at);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    address: `127.0.0.1:${server.address().port}`,
    next: () => new Promise((r) => { waiting = r; }),
    close: () => server.close(),
  };
}

async function runtimeClientAloneMs(execPath, runtimeClient, env, cwd, listener) {
  const arrived = listener.next();
  const t0 = process.hrtime.bigint();
  const child = spawn(execPath, [runtimeClient], { env: { ...env, AWS_LAMBDA_RUNTIME_API: listener.address }, cwd, stdio: 'ignore' });
  const exited = new Promise((r) => { child.on('exit', r); child.on('error', r); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const at = await Promise.race([arrived, exited.then(() => undefined)]);
  await exited;
  clearTimeout(timer);
  if (at === undefined) throw new Error('the runtime client exited before asking for /next');
  return Number(at - t0) / 1e6;
}

function nodeRequireWallMs(execPath, handlerFile, env, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(execPath, ['-e', `require(${JSON.stringify(handlerFile)})`], { env, cwd, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`node -e require(${handlerFile}) exited ${code}`));
      else resolve(ms);
    });
  });
}

async function cold(ctx, serviceUrl) {
  ctx.log(`cold path: ${ctx.p.coldSamples} forced cold starts of noop and of probe, and as many bare node starts`);
  const a = agent(1);
  const noopDir = path.join(ctx.functionsDir, 'noop');
  const handlerFile = path.join(noopDir, 'index.js');
  const { env, execPath, runtimeClient } = await childEnvironment(serviceUrl, a);
  const listener = await firstNextListener();
  const alone = [];
  const client = [];
  const inits = [];
  const bare = [];
  const initErrors = [];
  const independent = [];
  const reported = [];
  const phases = { spawnToHandlerLoaded: [], handlerLoadedToFirstNext: [] };
  let nonce = Date.now();
  // One of each first, not counted: the page cache and the service's JIT warm up.
  const samples = ctx.p.coldSamples + 1;
  for (let i = 0; i < samples; i++) {
    await forceCold(serviceUrl, 'noop', ++nonce, a);
    await settle(100); // the retired environment's process is gone before the next starts
    const r = await invoke(serviceUrl, 'noop', { tail: true, agent: a });
    const rep = reportOf(r);
    if (rep.initMs === undefined) throw new Error('a forced cold invocation of noop reported no Init Duration');

    await forceCold(serviceUrl, 'probe', ++nonce, a);
    await settle(100);
    const pr = await invoke(serviceUrl, 'probe', { tail: true, agent: a });
    const prep = reportOf(pr);
    const doc = JSON.parse(pr.body.toString('utf8'));
    if (prep.initMs === undefined || doc.spawnAt === null || doc.firstNextAt === null) {
      throw new Error(`probe gave no init observation: ${pr.body.toString('utf8')}`);
    }
    const indep = Number(BigInt(doc.firstNextAt) - BigInt(doc.spawnAt)) / 1e6;

    await settle(50);
    const b = await nodeRequireWallMs(execPath, handlerFile, env, noopDir);
    const rcAlone = await runtimeClientAloneMs(execPath, runtimeClient, env, noopDir, listener);
    if (i === 0) continue;
    alone.push(rcAlone);
    client.push(r.ms);
    inits.push(rep.initMs);
    bare.push(b);
    independent.push(indep);
    reported.push(prep.initMs);
    const ns = (a, b) => Number(BigInt(b) - BigInt(a)) / 1e6;
    phases.spawnToHandlerLoaded.push(ns(doc.spawnAt, doc.loadedAt));
    phases.handlerLoadedToFirstNext.push(ns(doc.loadedAt, doc.firstNextAt));
    initErrors.push(Math.abs(prep.initMs - indep));
  }
  a.destroy();
  listener.close();
  const coldClient = median(client);
  const bareNode = median(bare);
  ctx.figure('cold_overhead_ms', coldClient - bareNode);
  ctx.figure('init_duration_error_ms', median(initErrors));
  ctx.details.cold = {
    samples: client.length,
    coldClientMedianMs: coldClient,
    initDurationMedianMs: median(inits),
    bareNodeRequireMedianMs: bareNode,
    runtimeClientAloneToFirstNextMedianMs: median(alone),
    probeReportedInitMedianMs: median(reported),
    probeIndependentInitMedianMs: median(independent),
    probeInitBreakdownMedianMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
    probeSignedErrorMedianMs: median(reported.map((r, i) => r - independent[i])),
    childEnvironmentKeys: Object.keys(env).sort(),
  };
  return { coldClientMs: coldClient, bareNodeMs: bareNode };
}

module.exports = { cold };
