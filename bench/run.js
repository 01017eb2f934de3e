#!/usr/bin/env node
'use strict';
// coldbench's own benchmarks: `npm run bench` (full) or `npm run bench -- --quick`.
// Every figure is a ratio or a difference against a baseline measured in this
// same run on this same machine. Prints a table and writes bench/out/latest.json.
// See bench/README.md for what each figure means and how it is measured.
//
// Options: --quick | --only a,b (sections: warm,cold,harness,rss,burst,soak,peers,profile,extras)
//          --skip a,b | --no-cgroups | --no-build

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('./lib/procs');
const { ensureBuilt } = require('./lib/build');
const { startService, startBare } = require('./lib/servers');
const { round } = require('./lib/stats');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');

const PARAMS = {
  quick: {
    warmSlices: 2, warmSliceSec: 2, p50Requests: 1500, coldSamples: 8,
    harnessWarmup: 1000, harnessChunk: 250, harnessChunks: 6,
    rssLow: 5000, rssHigh: 50000,
    peerLoadSec: 2, firstSamples: 1, profileSec: 3,
  },
  full: {
    warmSlices: 8, warmSliceSec: 3, p50Requests: 10000, coldSamples: 30,
    harnessWarmup: 3000, harnessChunk: 1000, harnessChunks: 12,
    rssLow: 10000, rssHigh: 200000,
    peerLoadSec: 8, firstSamples: 3, profileSec: 10,
  },
};

/** Targets from the issue; `dir` says which side passes. */
const FIGURES = [
  ['warm_throughput_ratio', 0.12, 'min', 3],
  ['warm_throughput_ratio_c1', 0.30, 'min', 3],
  ['warm_p50_overhead_ms', 0.15, 'max', 3],
  ['cold_overhead_ms', 12, 'max', 2],
  ['init_duration_error_ms', 2, 'max', 3],
  ['harness_ratio', 0.90, 'min', 3],
  ['rss_growth_mb', 64, 'max', 1],
  ['vs_serverless_offline', null, 'peer', 2],
  ['vs_lambda_local', null, 'peer', 2],
  // How far the service sits above the relay floor measured in the same loop
  // (bench/servers/relay-floor.js); a reading, not a target.
  ['warm_p50_overhead_vs_floor_ms', null, 'floor', 3],
  // Load held (issue 16): 100 cold starts at once, and a long run through `coldbench run`.
  ['burst_answered', 100, 'min', 0],
  ['burst_cold_overhead_p99_ms', null, 'reading', 1],
  ['burst_leaked', 0, 'max', 0],
  ['soak_rows_missing', 0, 'max', 0],
  ['soak_rss_growth_mb', null, 'reading', 1],
];
const SECTIONS = ['warm', 'cold', 'harness', 'rss', 'burst', 'soak', 'peers', 'profile', 'extras'];

function parseArgs(argv) {
  const list = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1].split(',').map((s) => s.trim()) : undefined;
  };
  const known = new Set(['--quick', '--only', '--skip', '--no-cgroups', '--no-build']);
  for (let i = 0; i < argv.length; i++) {
    if (!known.has(argv[i])) throw new Error(`unknown option ${argv[i]} (known: ${[...known].join(' ')})`);
    if (argv[i] === '--only' || argv[i] === '--skip') i++;
  }
  const only = list('--only');
  const skip = list('--skip') ?? [];
  for (const s of [...(only ?? []), ...skip]) {
    if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
  }
  return {
    mode: argv.includes('--quick') ? 'quick' : 'full',
    // extras (the Python and HTTP benches, when present) run in full mode or when asked for.
    sections: SECTIONS.filter((s) => (only ? only.includes(s) : s !== 'extras' || !argv.includes('--quick')) && !skip.includes(s)),
    cgroups: !argv.includes('--no-cgroups'),
    build: !argv.includes('--no-build'),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryMb: Math.round(os.totalmem() / 1048576),
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

function verdict(name, value, target, dir) {
  if (value === null || value === undefined) return 'n/a';
  if (dir === 'min') return value >= target ? 'ok' : 'MISSED';
  if (dir === 'max') return value <= target ? 'ok' : 'MISSED';
  if (dir === 'floor' || dir === 'reading') return '';
  return value.throughput_ratio > 1 && value.first_invocation_ratio < 1 ? 'ok' : 'MISSED';
}

function table(doc) {
  const rows = [['figure', 'value', 'target', '']];
  for (const [name, target, dir, digits] of FIGURES) {
    const v = doc[name];
    let shown;
    if (v === null || v === undefined) shown = `n/a (${doc.notes[name] ?? 'not run'})`.slice(0, 70);
    else if (dir === 'peer') shown = `throughput ×${v.throughput_ratio ?? '?'}, first invocation ×${v.first_invocation_ratio ?? '?'}`;
    else shown = String(round(v, digits));
    const t = dir === 'min' ? `≥ ${target}` : dir === 'max' ? `≤ ${target}` : dir === 'floor' ? 'none (service − relay floor)' : dir === 'reading' ? 'none (a reading)' : '> 1, < 1';
    rows.push([name, shown, t, verdict(name, v, target, dir)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => '| ' + r.map((cell, c) => cell.padEnd(widths[c])).join(' | ') + ' |';
  return [line(rows[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

/** The raw numbers behind the figures, a line each, under the table. */
function detailLines(d) {
  const f = (v, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '?');
  const lines = [];
  const w = d.warm;
  if (w) {
    lines.push(`warm: -c 10 service ${f(w.c10.serviceRps)} vs bare ${f(w.c10.bareRps)} req/s; -c 1 service ${f(w.c1.serviceRps)} vs bare ${f(w.c1.bareRps)} req/s`);
    lines.push(`warm: p50 service ${f(w.p50.serviceP50Ms, 3)} vs bare ${f(w.p50.bareP50Ms, 3)} ms; p99 ${f(w.p50.serviceP99Ms, 2)} vs ${f(w.p50.bareP99Ms, 2)} ms`);
    if (w.floor) lines.push(`warm: p50 relay floor ${f(w.floor.relayP50Ms, 3)} ms (floor − bare ${f(w.floor.relayOverBareMs, 3)} ms, service − floor ${f(w.floor.serviceOverRelayMs, 3)} ms); p99 ${f(w.floor.relayP99Ms, 2)} ms`);
    const c = w.c10.cpuPerInvocation;
    if (c) lines.push(`warm: CPU per invocation at -c 10: service process ${f(c.serviceUs)} µs, execution environment ${f(c.environmentsUs)} µs; bare server ${f(c.bareServerUs)} µs per request`);
  }
  const c = d.cold;
  if (c) {
    lines.push(`cold: client ${f(c.coldClientMedianMs, 1)} ms (Init Duration ${f(c.initDurationMedianMs, 1)} ms) vs bare node require ${f(c.bareNodeRequireMedianMs, 1)} ms; runtime client alone to /next ${f(c.runtimeClientAloneToFirstNextMedianMs, 1)} ms; probe: REPORT ${f(c.probeReportedInitMedianMs, 2)} vs independent ${f(c.probeIndependentInitMedianMs, 2)} ms`);
  }
  const h = d.harness;
  if (h) {
    for (const r of h.runs) lines.push(`harness: coldbench ${f(r.coldbench.ips)} vs SDK loop ${f(r.sdk.ips)} invocations/s; client CPU ${f(r.coldbench.cpuUsPerInvocation)} vs ${f(r.sdk.cpuUsPerInvocation)} µs per invocation`);
  }
  if (d.rss) lines.push(`rss: ${f(d.rss.rssAtLowMb, 1)} MB at ${d.rss.low}, ${f(d.rss.rssAtHighMb, 1)} MB at ${d.rss.high} rows; ${f(d.rss.rowsPerSecond)} rows/s through the sinks`);
  const b = d.burst;
  if (b) lines.push(`burst: ${b.answered}/${b.burst} answered (${b.coldStarts} cold); client − Duration p50/p99 ${f(b.clientP50Ms)}/${f(b.clientP99Ms)} ms vs ${b.burst} bare node starts ${f(b.bareNodeP50Ms)}/${f(b.bareNodeP99Ms)} ms; service RSS ${f(b.serviceBefore.rssMb, 1)} → ${f(b.servicePeak.rssMb, 1)} MB, fds ${b.serviceBefore.fds} → ${b.servicePeak.fds}; leaked ${b.leakedProcesses} processes, ${b.leakedCgroupDirs} cgroup folders`);
  const s = d.soak;
  if (s) lines.push(`soak: ${s.rows}/${s.invocations} rows in ${f(s.seconds)} s (${f(s.invocationsPerSecond)}/s); RSS ${f(s.rssAtLow?.rssMb, 1)} MB at ${s.rssAtLow?.rows ?? '?'} rows, ${f(s.rssAtHigh?.rssMb, 1)} MB at ${s.rssAtHigh?.rows ?? '?'} rows, peak ${f(s.peakRssMb, 1)} MB; leaked ${s.leakedProcesses} processes`);
  if (d.peers) {
    const o = d.peers.ours;
    lines.push(`peers: local service first invocation ${f(o.firstMs, 1)} ms (Init Duration ${f(o.initDurationMedianMs, 1)} ms), -c 10 ${f(o.rps)} req/s; bare server ${f(d.peers.bareRps)} req/s`);
  }
  if (d.profile) {
    const p = d.profile.perInvocation;
    lines.push(`profile: CPU per invocation under --cpu-prof: service ${f(p.serviceUs)} µs, environment ${f(p.environmentsUs)} µs, autocannon ${f(p.loadGeneratorUs)} µs; top: ${d.profile.functions.slice(0, 4).map((x) => `${x.what} ${x.pctOfBusy}%`).join(', ')}`);
  }
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const p = PARAMS[args.mode];
  const started = Date.now();
  const log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
  fs.mkdirSync(OUT, { recursive: true });

  const doc = {
    mode: args.mode,
    date: new Date().toISOString(),
    node: process.version,
    machine: machine(),
    cgroups: args.cgroups,
    notes: {},
    details: {},
  };
  for (const [name] of FIGURES) doc[name] = null;

  const ctx = {
    mode: args.mode,
    p,
    root: ROOT,
    distDir: path.join(ROOT, 'dist'),
    functionsDir: path.join(__dirname, 'fixtures', 'functions'),
    outDir: OUT,
    peersDir: path.join(__dirname, '.peers'),
    cgroups: args.cgroups,
    log,
    details: doc.details,
    shared: {},
    figure: (name, value) => {
      doc[name] = typeof value === 'number' ? round(value, 4) : value;
    },
    note: (name, text) => {
      doc.notes[name] = text;
    },
  };

  let interrupted = false;
  const stopping = () => {
    interrupted = true;
    log('interrupted: stopping every process the bench started');
    void procs.stopAll().then(() => process.exit(130));
  };
  process.on('SIGINT', stopping);
  process.on('SIGTERM', stopping);

  try {
    if (args.build) {
      const built = await ensureBuilt(ROOT, log);
      if (built !== undefined) doc.notes.build = built;
    }
    const needsServers = args.sections.some((s) => ['warm', 'cold', 'harness', 'peers'].includes(s));
    let service;
    let bare;
    if (needsServers) {
      [service, bare] = await Promise.all([startService(ctx), startBare()]);
      log(`local service ${service.url}, bare server ${bare.url}`);
      ctx.shared.serviceUrl = service.url;
      ctx.shared.bareUrl = bare.url;
    }
    const run = async (section, names, fn) => {
      if (interrupted) return;
      if (!args.sections.includes(section)) {
        for (const n of names) ctx.note(n, `section "${section}" not selected`);
        return;
      }
      try {
        await fn();
      } catch (err) {
        log(`${section}: FAILED: ${err && err.message}`);
        if (service && service.entry.exited) log(`  the local service had exited: ${procs.tail(service.entry)}`);
        for (const n of names) if (doc[n] === null) ctx.note(n, `${section} failed: ${err && err.message}`);
      }
    };
    await run('warm', ['warm_throughput_ratio', 'warm_throughput_ratio_c1', 'warm_p50_overhead_ms', 'warm_p50_overhead_vs_floor_ms'], async () => {
      ctx.shared.warm = await require('./sections/warm').warm(ctx, service, bare);
    });
    await run('cold', ['cold_overhead_ms', 'init_duration_error_ms'], async () => {
      ctx.shared.cold = await require('./sections/cold').cold(ctx, service.url);
    });
    await run('harness', ['harness_ratio'], () => require('./sections/harness').harness(ctx, service.url));
    if (service) await procs.stop(service.entry);
    await run('rss', ['rss_growth_mb'], () => require('./sections/rss').rss(ctx));
    await run('burst', ['burst_answered', 'burst_cold_overhead_p99_ms', 'burst_leaked'], () => require('./sections/burst').burst(ctx));
    await run('soak', ['soak_rows_missing', 'soak_rss_growth_mb'], () => require('./sections/soak').soak(ctx));
    await run('peers', ['vs_serverless_offline', 'vs_lambda_local'], () => require('./sections/peers').peers(ctx, bare.url));
    if (bare) await procs.stop(bare.entry);
    await run('profile', [], () => require('./sections/profile').profile(ctx));
    await run('extras', [], () => require('./sections/extras').extras(ctx));
  } finally {
    await procs.stopAll();
  }

  doc.durationSec = round((Date.now() - started) / 1000, 1);
  doc.machine.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
  const text = table(doc);
  fs.writeFileSync(path.join(OUT, 'latest.json'), JSON.stringify(doc, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, `${args.mode}-${doc.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(doc, null, 2) + '\n');
  process.stdout.write(`\ncoldbench bench (${args.mode}) — ${doc.date}, Node ${doc.node}, ${doc.machine.cpus}× ${doc.machine.cpuModel}, load ${doc.machine.loadAverageAtStart.join(' ')}\n\n${text}\n\n${detailLines(doc.details)}\n\nwritten: ${path.relative(process.cwd(), path.join(OUT, 'latest.json'))} (${doc.durationSec}s)\n`);
}

main().catch(async (err) => {
  process.stderr.write(`bench: ${err && err.message}\n`);
  await procs.stopAll();
  process.exit(1);
});
