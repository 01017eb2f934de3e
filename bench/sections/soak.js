'use strict';
// Load held (issue 16): a long run of real invocations through `coldbench run`
// (the built CLI, a `local` target: the harness and the local service in one
// process, the function a real child process), concurrency 10 on the no-op
// function. The process's RSS is read from /proc when invocations.csv holds
// `low` rows and again at `high`; at the end every row must be there, and no
// environment process the run started may outlive it.
// Full: 10,000 and 100,000 rows; quick: 5,000 and 20,000.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('../lib/procs');
const { serverEnv } = require('../lib/servers');

function rssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Counts the lines appended to a file since the last call (rows of the no-op function hold no newline). */
function lineCounter(file) {
  let offset = 0;
  let lines = 0;
  const buf = Buffer.alloc(1 << 20);
  return () => {
    let fd;
    try { fd = fs.openSync(file, 'r'); } catch { return lines; }
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, offset);
        if (n === 0) break;
        offset += n;
        for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
      }
    } finally {
      fs.closeSync(fd);
    }
    return lines;
  };
}

/** Pids of live runtime processes started from the bench's functions folder. */
function runtimePids(functionsDir) {
  const pids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readlinkSync(`/proc/${name}/cwd`).startsWith(functionsDir)) pids.push(Number(name));
    } catch { /* gone, or not ours to read */ }
  }
  return pids;
}

async function soak(ctx) {
  const low = ctx.mode === 'quick' ? 5000 : 10000;
  const high = ctx.mode === 'quick' ? 20000 : 100000;
  ctx.log(`soak: ${high} invocations through coldbench run (local target, concurrency 10); RSS at ${low} and ${high} rows`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-soak-'));
  const functionsDir = path.join(ctx.functionsDir, 'noop');
  const before = new Set(runtimePids(functionsDir));
  try {
    const scenario = path.join(tmp, 'soak.yaml');
    fs.writeFileSync(scenario, [
      'name: bench-soak',
      `target: { kind: local, code: ${JSON.stringify(functionsDir)} }`,
      'payload: {}',
      'phases:',
      `  - { name: soak, pattern: concurrent, concurrency: 10, count: ${high} }`,
      '',
    ].join('\n'));
    const out = path.join(tmp, 'result');
    const started = Date.now();
    const entry = procs.start(process.execPath, [path.join(ctx.root, 'bin', 'coldbench.js'), 'run', scenario, '--out', out, '--quiet'], { env: serverEnv() });
    entry.child.stdin.end();
    const count = lineCounter(path.join(out, 'invocations.csv'));
    const readings = {};
    let lastRows = 0;
    const poll = setInterval(() => {
      const rows = Math.max(0, count() - 1); // the header
      lastRows = rows;
      const mb = rssMb(entry.child.pid);
      if (readings.low === undefined && rows >= low) readings.low = { rows, rssMb: mb };
      if (readings.high === undefined && rows >= high) readings.high = { rows, rssMb: mb };
      if (Number.isFinite(mb)) readings.last = { rows, rssMb: mb };
      readings.peakRssMb = Math.max(readings.peakRssMb ?? 0, Number.isFinite(mb) ? mb : 0);
    }, 50);
    const code = await new Promise((resolve) => entry.child.once('exit', (c, sig) => resolve(c ?? sig)));
    clearInterval(poll);
    const seconds = (Date.now() - started) / 1000;
    const rows = Math.max(0, count() - 1);
    if (code !== 0) throw new Error(`coldbench run exited ${code} after ${lastRows} rows: ${procs.tail(entry)}`);
    const leaked = runtimePids(functionsDir).filter((p) => !before.has(p));
    const r = {
      invocations: high,
      rows,
      seconds,
      invocationsPerSecond: rows / seconds,
      rssAtLow: readings.low ?? null,
      // The run may end between two polls once the last row is in: then its last reading stands for `high`.
      rssAtHigh: readings.high ?? readings.last ?? null,
      peakRssMb: readings.peakRssMb ?? null,
      leakedProcesses: leaked.length,
    };
    ctx.log(`  ${rows}/${high} rows in ${seconds.toFixed(0)} s (${r.invocationsPerSecond.toFixed(0)}/s); RSS ${r.rssAtLow ? r.rssAtLow.rssMb.toFixed(1) : '?'} MB at ${low}, ${r.rssAtHigh ? r.rssAtHigh.rssMb.toFixed(1) : '?'} MB at ${high} (peak ${r.peakRssMb.toFixed(1)} MB); leaked processes: ${leaked.length}`);
    ctx.details.soak = r;
    ctx.figure('soak_rows_missing', high - rows);
    if (r.rssAtLow && r.rssAtHigh) ctx.figure('soak_rss_growth_mb', r.rssAtHigh.rssMb - r.rssAtLow.rssMb);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { soak };
