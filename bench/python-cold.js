#!/usr/bin/env node
// Cold-start overhead of a Python execution environment on the local Lambda
// service, against the floor: a bare `python3 -B -c "import <module>"` of the
// same handler module with the same interpreter. Not part of `npm test`.
//
//   npm run build && node bench/python-cold.js [--runs N]
//
// Each round measures, interleaved so that machine noise hits both alike:
//   bare    spawn → exit of `python -B -c "import <module>"` (cwd = function folder)
//   init    the REPORT line's Init Duration (environment spawn → first /next)
//   client  the Invoke round trip of that cold invocation, as a caller sees it
// A cold start is forced as Lambda users do: a configuration change.
// Then WARM sequential invocations of hello-python and of the Node.js hello
// example through the same service, for the warm cost of each runtime client.
// cgroups are off so that no CPU share slows the environment below the bare run.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LambdaClient, InvokeCommand, UpdateFunctionConfigurationCommand } = require('@aws-sdk/client-lambda');

const ROOT = path.join(__dirname, '..');
const dist = (p) => path.join(ROOT, 'dist', p);
if (!fs.existsSync(dist('stub/service.js'))) {
  process.stderr.write('bench/python-cold.js: run `npm run build` first (it uses dist/)\n');
  process.exit(2);
}
const { LocalLambda } = require(dist('stub/service.js'));
const { python } = require(dist('stub/runtimes/python.js'));
const { findReportLine } = require(dist('measure/report-line.js'));

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WARM = 300;

// Two handler modules: the shipped example (imports logging) and one that
// imports a heavier part of the standard library, to show that the overhead
// is the environment's, not the module's.
const FUNCTIONS = [
  { name: 'hello-python', module: 'lambda_function', from: path.join(ROOT, 'scenarios', 'functions', 'hello-python') },
  {
    name: 'py-http',
    module: 'app',
    files: {
      'app.py': 'import http.client, json, decimal\n\ndef handler(event, context):\n    return {"ok": True}\n',
      'function.json': '{ "handler": "app.handler", "runtime": "python3.12", "memory": 1769, "timeout": 10 }',
    },
  },
];

function time(fn) {
  const t0 = process.hrtime.bigint();
  return fn().then(() => Number(process.hrtime.bigint() - t0) / 1e6);
}

function bareImport(executable, dir, module) {
  return time(() => new Promise((resolve, reject) => {
    const child = spawn(executable, ['-B', '-c', `import ${module}`], {
      cwd: dir,
      env: { PATH: process.env.PATH, PYTHONPATH: dir, LANG: 'en_US.UTF-8' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`python exited ${code}`))));
  }));
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { p50: q(0.5), p90: q(0.9), min: s[0] };
}

const f1 = (n) => n.toFixed(1).padStart(7);

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-pybench-'));
  const functionsDir = path.join(tmp, 'functions');
  for (const f of FUNCTIONS) {
    const dir = path.join(functionsDir, f.name);
    if (f.from) fs.cpSync(f.from, dir, { recursive: true });
    else {
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(f.files)) fs.writeFileSync(path.join(dir, name), text);
    }
  }
  fs.cpSync(path.join(ROOT, 'scenarios', 'functions', 'hello'), path.join(functionsDir, 'hello'), { recursive: true });
  const service = new LocalLambda({ functionsDir, cgroups: false, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
  const url = await service.start();
  const client = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const results = [];
  const warm = [];
  try {
    for (const f of FUNCTIONS) {
      const dir = path.join(functionsDir, f.name);
      const interp = python.interpreterFor('python3.12');
      if (interp instanceof Error) throw interp;
      const bare = [];
      const init = [];
      const cold = [];
      // One warm-up of each, so that the page cache holds the interpreter and the module.
      await bareImport(interp.executable, dir, f.module);
      for (let i = 0; i <= RUNS; i++) {
        await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: f.name, Environment: { Variables: { ROUND: String(i) } } }));
        const t0 = process.hrtime.bigint();
        const out = await client.send(new InvokeCommand({ FunctionName: f.name, LogType: 'Tail', Payload: Buffer.from('{}') }));
        const clientMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const report = findReportLine(Buffer.from(out.LogResult ?? '', 'base64').toString('utf8'), out.$metadata.requestId);
        if (out.FunctionError || !report || report.initMs === undefined) throw new Error(`${f.name}: not a clean cold start`);
        const bareMs = await bareImport(interp.executable, dir, f.module);
        if (i === 0) continue;
        bare.push(bareMs);
        init.push(report.initMs);
        cold.push(clientMs);
      }
      results.push({ name: f.name, module: f.module, interpreter: `${interp.executable} (${interp.version})`, bare: stats(bare), init: stats(init), client: stats(cold) });
    }
    for (const name of ['hello-python', 'hello']) {
      const payload = Buffer.from('{"name":"bench"}');
      const lat = [];
      for (let i = 0; i < WARM + 20; i++) {
        const t0 = process.hrtime.bigint();
        const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: payload }));
        if (out.FunctionError) throw new Error(`${name}: ${out.FunctionError}`);
        if (i >= 20) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      warm.push({ name, ...stats(lat) });
    }
  } finally {
    client.destroy();
    await service.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  process.stdout.write(`Python cold start, ${RUNS} rounds each, ${os.cpus().length} CPUs, Node ${process.version}\n`);
  process.stdout.write(`interpreter: ${results[0].interpreter}\n\n`);
  process.stdout.write('function        module            bare p50  init p50  client p50 | init-bare  client-bare (p50, ms)\n');
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(15)} ${r.module.padEnd(16)} ${f1(r.bare.p50)}  ${f1(r.init.p50)}  ${f1(r.client.p50)}    | ${f1(r.init.p50 - r.bare.p50)}  ${f1(r.client.p50 - r.bare.p50)}\n`,
    );
  }
  // On a busy machine the minimum is the cleanest view of the fixed cost.
  process.stdout.write('\nmin and p90:\n');
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(15)} min: bare ${f1(r.bare.min)}  init ${f1(r.init.min)}  client ${f1(r.client.min)}   ` +
        `p90: bare ${f1(r.bare.p90)}  init ${f1(r.init.p90)}  client ${f1(r.client.p90)}\n`,
    );
  }
  process.stdout.write(`\nwarm invocations through the service (${WARM} sequential, client ms):\n`);
  for (const w of warm) process.stdout.write(`${w.name.padEnd(15)} p50 ${f1(w.p50)}  p90 ${f1(w.p90)}  min ${f1(w.min)}\n`);
  process.stdout.write(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const outDir = path.join(__dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'python-cold.json'), JSON.stringify({ runs: RUNS, at: new Date().toISOString(), results, warm }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`bench/python-cold.js: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
