#!/usr/bin/env node
// Throughput of coldbench's `load` pattern (autocannon driven programmatically,
// one row per request written to invocations.csv) against the autocannon CLI,
// on the same bare Node HTTP server in the same run. The server runs in its
// own process, as do both load generators, so that neither shares an event
// loop with the server. Runs alternate (CLI, coldbench, CLI, …) so drift on a
// shared machine hits both alike.
//
//   npm run build && node bench/http-load.js [--connections 10] [--seconds 5] [--rounds 3]
//
// Prints requests per second for each round and the median of each tool.

'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'coldbench.js');
const AUTOCANNON = path.join(ROOT, 'node_modules', '.bin', 'autocannon');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const CONNECTIONS = arg('connections', 10);
const SECONDS = arg('seconds', 5);
const ROUNDS = arg('rounds', 3);

const SERVER = `
const http = require('node:http');
const body = Buffer.from('{"ok":true}');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-amzn-RequestId': 'bench' });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, url: `http://127.0.0.1:${String(d).trim()}/` }));
  });
}

async function autocannonCli(url) {
  const out = await run(AUTOCANNON, ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', url]);
  const r = JSON.parse(out);
  return { requests: r.requests.total, seconds: r.duration, rps: r.requests.total / r.duration, errors: r.errors + r.non2xx };
}

async function coldbenchLoad(url, dir, round) {
  const scenario = path.join(dir, `load-${round}.json`);
  fs.writeFileSync(scenario, JSON.stringify({
    name: 'bench-http-load',
    target: { kind: 'http', url, method: 'GET' },
    phases: [{ name: 'load', pattern: 'load', connections: CONNECTIONS, duration: `${SECONDS}s` }],
    maxErrorRate: 1,
  }));
  const out = path.join(dir, `out-${round}`);
  await run(process.execPath, [BIN, 'run', scenario, '--out', out, '--quiet']);
  const lines = fs.readFileSync(path.join(out, 'invocations.csv'), 'utf8').split('\r\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  const iStart = header.indexOf('started_at');
  const iMs = header.indexOf('client_ms');
  const iStatus = header.indexOf('status');
  let first = Infinity;
  let last = -Infinity;
  let errors = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const start = Date.parse(cells[iStart]);
    first = Math.min(first, start);
    last = Math.max(last, start + Number(cells[iMs]));
    if (cells[iStatus] !== 'ok') errors++;
  }
  const requests = lines.length - 1;
  const seconds = (last - first) / 1000;
  return { requests, seconds, rps: requests / seconds, errors };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-bench-http-'));
  const { child, url } = await startServer();
  const cli = [];
  const ours = [];
  try {
    console.log(`bare Node HTTP server at ${url}; ${CONNECTIONS} connections, ${SECONDS}s per run, ${ROUNDS} rounds; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    // One short warm-up of the server and the JIT, not counted.
    await run(AUTOCANNON, ['-c', String(CONNECTIONS), '-d', '1', '-j', url]);
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await autocannonCli(url);
      cli.push(a.rps);
      console.log(`round ${round}  autocannon CLI:         ${a.rps.toFixed(0).padStart(7)} req/s (${a.requests} requests in ${a.seconds.toFixed(2)} s, ${a.errors} errors)`);
      const c = await coldbenchLoad(url, dir, round);
      ours.push(c.rps);
      console.log(`round ${round}  coldbench load pattern: ${c.rps.toFixed(0).padStart(7)} req/s (${c.requests} rows in ${c.seconds.toFixed(2)} s, ${c.errors} errors)`);
    }
    const m1 = median(cli);
    const m2 = median(ours);
    console.log(`median: autocannon CLI ${m1.toFixed(0)} req/s, coldbench load ${m2.toFixed(0)} req/s (${((m2 / m1) * 100).toFixed(0)}% of the CLI)`);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
