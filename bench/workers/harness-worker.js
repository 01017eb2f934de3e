'use strict';
// One side of harness_ratio, in a process of its own (so neither side
// inherits the other's JIT state or garbage):
//   coldbench: a real scenario (two `concurrent` phases, concurrency 10) run
//              by coldbench's executor through its aws target (the SDK with
//              LogType Tail, REPORT parsing, rows) into a real result folder
//              (ResultWriter: CSV, histograms) and the recommendation sink;
//   sdk:       a bare @aws-sdk/client-lambda Invoke loop, ten workers, the
//              same request (LogType Tail, no retries, keep-alive agent).
// Both warm up with `warmup` invocations, then time `count`.
// Usage: node harness-worker.js <coldbench|sdk> <url> <warmup> <count> <concurrency> <dist> <tmpdir>

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const [mode, url, warmupArg, countArg, concArg, dist, tmp] = process.argv.slice(2);
const warmup = Number(warmupArg);
const count = Number(countArg);
const concurrency = Number(concArg);
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

async function viaColdbench() {
  const { loadPlan } = require(path.join(dist, 'plan', 'load.js'));
  const { executePlan } = require(path.join(dist, 'run', 'execute.js'));
  const { AwsTarget } = require(path.join(dist, 'targets', 'lambda.js'));
  const { Journal } = require(path.join(dist, 'targets', 'journal.js'));
  const { ResultWriter } = require(path.join(dist, 'report', 'writer.js'));
  const { RecommendationSink } = require(path.join(dist, 'run', 'recommendation.js'));
  const { runEnvironment } = require(path.join(dist, 'run', 'environment.js'));

  const scenario = path.join(tmp, 'harness.yaml');
  fs.writeFileSync(scenario, [
    'name: bench-harness',
    `target: { kind: aws, function: noop, region: us-east-1, endpoint: "${url}" }`,
    'payload: {}',
    'phases:',
    `  - { name: warmup,  pattern: concurrent, concurrency: ${concurrency}, count: ${warmup} }`,
    `  - { name: measure, pattern: concurrent, concurrency: ${concurrency}, count: ${count} }`,
    `budget: { maxInvocations: ${warmup + count} }`,
    'maxErrorRate: 0',
    '',
  ].join('\n'));
  const plan = await loadPlan(scenario);
  const target = new AwsTarget({ function: 'noop', region: 'us-east-1', endpoint: url, credentials: CREDENTIALS, journal: Journal.inMemory(), kind: 'local' });
  await target.open();
  const out = path.join(tmp, 'result');
  const writer = ResultWriter.open(out, {
    runId: 'bench', scenario: plan.name, scenarioFile: plan.file, scenarioSource: plan.source, targetKind: plan.targetKind,
    function: 'noop', architecture: plan.architecture, region: plan.region, startedAt: new Date(), environment: runEnvironment(),
  });
  let done = 0;
  let t0 = 0;
  let t1 = 0;
  let c0;
  let c1;
  const result = await executePlan({
    plan, target, runId: 'bench', sinks: [writer, new RecommendationSink()], signal: new AbortController().signal,
    onSlotDone: () => {
      done++;
      // The measure phase starts once every warm-up invocation is in (closed model, phases in turn).
      if (done === warmup) { t0 = performance.now(); c0 = process.cpuUsage(); }
      if (done === warmup + count) { t1 = performance.now(); c1 = process.cpuUsage(c0); }
    },
  });
  const summary = await writer.finish({ endedAt: new Date(), interrupted: false, extra: {} });
  await target.close();
  if (result.failure !== undefined || result.failedSlots > 0) {
    throw new Error(`coldbench run: ${result.failedSlots} failed, ${result.failure ?? ''}`);
  }
  const rows = fs.readFileSync(path.join(out, 'invocations.csv'), 'utf8').trimEnd().split('\n').length - 1;
  return { seconds: (t1 - t0) / 1000, measuredCpuUs: c1.user + c1.system, rows, summaryRows: summary.rows.length };
}

async function viaSdk() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { LambdaClient, InvokeCommand } = require(path.join(dist, '..', 'node_modules', '@aws-sdk', 'client-lambda'));
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
  const client = new LambdaClient({ region: 'us-east-1', endpoint: url, credentials: CREDENTIALS, maxAttempts: 1, requestHandler: { httpAgent } });
  const payload = Buffer.from('{}');
  const loop = async (n) => {
    let handed = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (handed < n) {
        handed++;
        const out = await client.send(new InvokeCommand({ FunctionName: 'noop', InvocationType: 'RequestResponse', LogType: 'Tail', Payload: payload }));
        if (out.FunctionError) throw new Error(`noop failed: ${out.FunctionError}`);
      }
    }));
  };
  await loop(warmup);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await loop(count);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  client.destroy();
  httpAgent.destroy();
  return { seconds, measuredCpuUs: c1.user + c1.system };
}

(mode === 'sdk' ? viaSdk() : viaColdbench()).then(
  (r) => {
    process.stdout.write(JSON.stringify({ mode, count, ips: count / r.seconds, cpuUsPerInvocation: r.measuredCpuUs / count, ...r }) + '\n');
  },
  (e) => {
    process.stderr.write(`harness worker (${mode}): ${e && e.stack}\n`);
    process.exit(1);
  },
);
