'use strict';
// Runs coldbench's local Lambda service (from dist/) in a process of its own,
// as a user's `coldbench stub` would, and prints its URL as one JSON line.
//
// Two additions for the bench, neither inside the service's code:
//  - child_process.spawn is wrapped so that an environment of the `probe`
//    function gets BENCH_SPAWN_HRTIME, CLOCK_MONOTONIC read right before the
//    engine's own spawn() call: the start of the independent init measure.
//  - a line `cpu` on stdin answers with this process's CPU time and that of
//    its live children (the execution environments), for the profile section.
//
// Usage: node local-service.js <dist dir> <functions dir> [--no-cgroups]

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { onStdinCommands } = require('../lib/stdin-commands');

const [distDir, functionsDir] = process.argv.slice(2);
const cgroups = !process.argv.includes('--no-cgroups');

const realSpawn = childProcess.spawn;
childProcess.spawn = function (command, args, options) {
  if (options && options.env && options.env.AWS_LAMBDA_FUNCTION_NAME === 'probe') {
    options = { ...options, env: { ...options.env, BENCH_SPAWN_HRTIME: String(process.hrtime.bigint()) } };
  }
  return realSpawn.call(this, command, args, options);
};

const { LocalLambda } = require(path.resolve(distDir, 'stub', 'service.js'));

function childrenCpuTicks() {
  let ticks = 0;
  let count = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1'); } catch { continue; }
    // Fields after the command name, which may contain spaces: "pid (comm) state ppid ...".
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[1]) !== process.pid) continue;
    ticks += Number(f[11]) + Number(f[12]); // utime + stime
    count++;
  }
  return { ticks, count };
}

async function main() {
  const service = new LocalLambda({ functionsDir, host: '127.0.0.1', port: 0, cgroups, onWarning: (m) => process.stderr.write(`service warning: ${m}\n`) });
  const url = await service.start();
  let stopping = false;
  const quit = async () => {
    if (stopping) return;
    stopping = true;
    await service.stop().catch((e) => process.stderr.write(`stop: ${e.message}\n`));
    process.exit(0);
  };
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
  onStdinCommands((cmd) => {
    if (cmd === 'cpu') {
      const self = process.cpuUsage();
      process.stdout.write(JSON.stringify({ cpu: { selfUs: self.user + self.system, children: childrenCpuTicks(), clkTck: 100 } }) + '\n');
    }
  });
  process.stdin.on('end', quit);
  process.stdout.write(JSON.stringify({ url, pid: process.pid }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`local service failed to start: ${e && e.message}\n`);
  process.exit(1);
});
