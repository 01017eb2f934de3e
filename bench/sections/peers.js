'use strict';
// The local emulators people use, side by side with coldbench's local service:
// serverless-offline 13 under serverless 3, and lambda-local 2. They are
// installed with npm into bench/.peers (never into the project's
// dependencies). Per peer: the first invocation after it is ready, then warm
// throughput with autocannon -c 10 on its Invoke path, the same handler; the
// local service is measured the same way in the same section, and a bare
// server next to each so drift on the machine shows.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const procs = require('../lib/procs');
const { invoke, agent, INVOKE_PATH } = require('../lib/client');
const { warmLoad } = require('../lib/load');
const { startService, serverEnv } = require('../lib/servers');
const { median, round } = require('../lib/stats');

const PEERS = { serverless: '3.40.0', 'serverless-offline': '13.10.1', 'lambda-local': '2.2.0' };
const SLS_LAMBDA_PORT = 3002;

function installed(dir) {
  return Object.entries(PEERS).every(([name, version]) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  });
}

async function ensurePeers(ctx) {
  const dir = ctx.peersDir;
  if (installed(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'coldbench-bench-peers', private: true }, null, 2) + '\n');
  ctx.log(`peers: npm install ${Object.entries(PEERS).map(([n, v]) => `${n}@${v}`).join(' ')} into ${path.relative(ctx.root, dir)} (once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await procs.run(npm, ['install', '--no-audit', '--no-fund', '--save-exact', ...Object.entries(PEERS).map(([n, v]) => `${n}@${v}`)],
    { cwd: dir, detached: false }, 600_000);
  if (!installed(dir)) throw new Error('npm install finished but the peers are not where expected');
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitForPort(port, entry, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (entry.exited) throw new Error(`${what} exited: ${procs.tail(entry)}`);
    if (await portAnswers(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms: ${procs.tail(entry)}`);
}

/** Starts a server, times its first invocation, then (first sample only) its warm throughput. */
async function measure(ctx, what, starter, url, withLoad) {
  const s = await starter();
  try {
    const a = agent(1);
    const first = await invoke(s.url, 'noop', { agent: a, tail: true });
    a.destroy();
    // Only the local service sends a log tail; its Init Duration splits the first invocation.
    const b64 = first.headers['x-amz-log-result'];
    const init = b64 ? /\tInit Duration: ([\d.]+) ms/.exec(Buffer.from(String(b64), 'base64').toString('utf8')) : null;
    let rps;
    if (withLoad) {
      // Ten warm environments (or workers) first, for every server alike.
      const a10 = agent(10);
      for (let r = 0; r < 3; r++) await Promise.all(Array.from({ length: 10 }, () => invoke(s.url, 'noop', { agent: a10 })));
      a10.destroy();
      rps = (await warmLoad(s.url + url, { connections: 10, durationSec: ctx.p.peerLoadSec })).rps;
    }
    return { firstMs: first.ms, rps, initMs: init ? Number(init[1]) : undefined };
  } finally {
    await procs.stop(s.entry);
  }
}

async function samples(ctx, what, starter, url) {
  const firsts = [];
  const inits = [];
  let rps;
  for (let i = 0; i < ctx.p.firstSamples; i++) {
    const r = await measure(ctx, what, starter, url, i === 0);
    firsts.push(r.firstMs);
    if (r.initMs !== undefined) inits.push(r.initMs);
    if (r.rps !== undefined) rps = r.rps;
  }
  ctx.log(`  ${what.padEnd(18)}: first invocation ${median(firsts).toFixed(1)} ms, -c 10 ${rps.toFixed(0)} req/s`);
  return { firstMs: median(firsts), firsts, rps, ...(inits.length > 0 ? { initDurationMedianMs: median(inits) } : {}) };
}

function slsWorkDir(ctx) {
  const dir = path.join(ctx.peersDir, 'work', 'sls');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(ctx.functionsDir, 'noop', 'index.js'), path.join(dir, 'handler.js'));
  fs.writeFileSync(path.join(dir, 'serverless.yml'), [
    'service: coldbench-bench',
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: us-east-1',
    '  memorySize: 1769',
    'functions:',
    '  noop:',
    '    handler: handler.handler',
    '    name: noop # explicit: the Invoke API knows the function by this name',
    'plugins:',
    '  - serverless-offline',
    '',
  ].join('\n'));
  return dir;
}

async function startServerlessOffline(ctx) {
  if (await portAnswers(SLS_LAMBDA_PORT)) throw new Error(`port ${SLS_LAMBDA_PORT} is already in use on 127.0.0.1`);
  const cwd = slsWorkDir(ctx);
  const entry = procs.start(process.execPath, [path.join(ctx.peersDir, 'node_modules', 'serverless', 'bin', 'serverless.js'),
    'offline', 'start', '--host', '127.0.0.1', '--lambdaPort', String(SLS_LAMBDA_PORT)], {
    cwd,
    env: { ...serverEnv(), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
  });
  await waitForPort(SLS_LAMBDA_PORT, entry, 60_000, 'serverless offline');
  return { entry, url: `http://127.0.0.1:${SLS_LAMBDA_PORT}` };
}

async function startLambdaLocal(ctx) {
  const port = await freePort();
  const cwd = path.join(ctx.peersDir, 'work', 'lambda-local');
  fs.mkdirSync(cwd, { recursive: true });
  fs.copyFileSync(path.join(ctx.functionsDir, 'noop', 'index.js'), path.join(cwd, 'handler.js'));
  const entry = procs.start(process.execPath, [path.join(__dirname, '..', 'servers', 'lambda-local-loopback.js'),
    path.join(ctx.peersDir, 'node_modules', 'lambda-local'), '-l', 'handler.js', '-W', String(port)], { cwd, env: serverEnv() });
  await waitForPort(port, entry, 30_000, 'lambda-local');
  return { entry, url: `http://127.0.0.1:${port}` };
}

async function peers(ctx, bareUrl) {
  ctx.log('peers: serverless-offline and lambda-local against the local service');
  await ensurePeers(ctx);
  const path0 = INVOKE_PATH('noop');
  const ours = await samples(ctx, 'local service', () => startService(ctx), path0);
  const bare = (await warmLoad(bareUrl + '/', { connections: 10, durationSec: ctx.p.peerLoadSec })).rps;
  ctx.log(`  bare server       : -c 10 ${bare.toFixed(0)} req/s`);
  ctx.details.peers = { ours, bareRps: bare, versions: PEERS };
  const compare = async (key, what, starter) => {
    try {
      const peer = await samples(ctx, what, starter, path0);
      ctx.figure(key, {
        throughput_ratio: round(ours.rps / peer.rps, 2),
        first_invocation_ratio: round(ours.firstMs / peer.firstMs, 2),
        ours_rps: round(ours.rps, 0),
        peer_rps: round(peer.rps, 0),
        ours_first_ms: round(ours.firstMs, 1),
        peer_first_ms: round(peer.firstMs, 1),
        peer_to_bare_throughput: round(peer.rps / bare, 3),
        ours_to_bare_throughput: round(ours.rps / bare, 3),
        samples_first: ctx.p.firstSamples,
      });
    } catch (err) {
      ctx.log(`  ${what}: not measured: ${err.message}`);
      ctx.note(key, `${what}: ${err.message}`);
    }
  };
  await compare('vs_serverless_offline', 'serverless-offline', () => startServerlessOffline(ctx));
  await compare('vs_lambda_local', 'lambda-local', () => startLambdaLocal(ctx));
}

module.exports = { peers };
