'use strict';
// Starts the processes the warm and cold figures compare: the local service
// (from dist/) and the bare server. Each prints one JSON line when ready.

const path = require('node:path');
const procs = require('./procs');

async function startJsonServer(script, args, what, nodeArgs = [], timeoutMs = 30_000) {
  const entry = procs.start(process.execPath, [...nodeArgs, script, ...args], { env: serverEnv() });
  const m = await procs.waitFor(entry, /^(\{.*\})$/m, timeoutMs, what);
  return { entry, ...JSON.parse(m[1]) };
}

/** The bench's own environment minus what would slow every Node start (see bench/README.md). */
function serverEnv() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

function startService(ctx, extraNodeArgs = []) {
  return startJsonServer(path.join(__dirname, '..', 'servers', 'local-service.js'),
    [ctx.distDir, ctx.functionsDir, ...(ctx.cgroups ? [] : ['--no-cgroups'])], 'local service', extraNodeArgs);
}

function startBare() {
  return startJsonServer(path.join(__dirname, '..', 'servers', 'bare-server.js'), [], 'bare server');
}

/** The relay floor (servers/relay-floor.js): three processes' worth of loopback HTTP and nothing else. */
function startRelayFloor() {
  return startJsonServer(path.join(__dirname, '..', 'servers', 'relay-floor.js'), [], 'relay floor');
}

/** Asks the service wrapper for its CPU time and its children's. */
function serviceCpu(service) {
  const before = service.entry.out.length;
  service.entry.child.stdin.write('cpu\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { service.entry.child.stdout.off('data', check); reject(new Error('no cpu answer')); }, 5000);
    function check() {
      const m = /\{"cpu":.*\}/.exec(service.entry.out.slice(before));
      if (m) { clearTimeout(timer); service.entry.child.stdout.off('data', check); resolve(JSON.parse(m[0]).cpu); }
    }
    service.entry.child.stdout.on('data', check);
  });
}

module.exports = { startService, startBare, startRelayFloor, serviceCpu, serverEnv };
