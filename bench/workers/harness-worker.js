'use strict';
// One side of harness_ratio, in a process of its own (so neither side
// inherits the other's JIT state or garbage):
//   coldbench: a real scenario (a `concurrent` phase, concurrency 10) run by
//              coldbench's executor through its aws target (the SDK with
//              LogType Tail, REPORT parsing, rows) into a real result folder
//              (ResultWriter: CSV, histograms) with the sinks `coldbench run` uses;
//   sdk:       a bare @aws-sdk/client-lambda Invoke loop, ten workers, the
//              same request (LogType Tail, no retries, keep-alive agent).
// Both warm up with `warmup` invocations and print {"ready":true}; then each
// line `run` on stdin makes one timed chunk of `chunk` invocations and prints
// its seconds and CPU. The bench alternates chunks of the two sides, so that
// a change of load on the machine hits both alike.
// Usage: node harness-worker.js <coldbench|sdk> <url> <warmup> <chunk> <concurrency> <dist> <tmpdir>

const fs = require('node:fs');
const path = require('node:path');
const { runSinks } = require('./sinks');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const [mode, url, warmupArg, chunkArg, concArg, dist, tmp] = process.argv.slice(2);
const warmup = Number(warmupArg);
const chunk = Number(chunkArg);
const concurrency = Number(concArg);
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

async function viaColdbench() {
  const { loadPlan } = require(path.join(dist, 'plan', 'load.js'));
  const { executePlan } = require(path.join(dist, 'run', 'execute.js'));
  const { AwsTarget } = require(path.join(dist, 'targets', 'aws.js'));
  const { Journal } = require(path.join(dist, 'targets', 'journal.js'));
  const { ResultWriter } = require(path.join(dist, 'report', 'writer.js'));
  const { softwareVersions } = require(path.join(dist, 'run', 'machine.js'));

  const planOf = async (name, count) => {
    const scenario = path.join(tmp, `${name}.yaml`);
    fs.writeFileSync(scenario, [
      `name: bench-harness-${name}`,
      `target: { kind: aws, function: noop, region: us-east-1, endpoint: "${url}" }`,
      'payload: {}',
      'phases:',
      `  - { name: ${name}, pattern: concurrent, concurrency: ${concurrency}, count: ${count} }`,
      'maxErrorRate: 0',
      '',
    ].join('\n'));
    return loadPlan(scenario);
  };
  const warm = await planOf('warmup', warmup);
  const timed = await planOf('measure', chunk);
  const target = new AwsTarget({ function: 'noop', region: 'us-east-1', endpoint: url, credentials: CREDENTIALS, journal: Journal.inMemory(), kind: 'local' });
  await target.open();
  const out = path.join(tmp, 'result');
  // One result folder and one set of sinks for the whole run, as `coldbench run` has.
  const writer = ResultWriter.open(out, {
    runId: 'bench', scenario: timed.name, scenarioFile: timed.file, scenarioSource: timed.source, targetKind: timed.target.kind,
    function: 'noop', architecture: timed.architecture, region: timed.region, startedAt: new Date(), environment: softwareVersions(),
  });
  const sinks = runSinks(dist, writer, timed);
  const execute = async (plan) => {
    const result = await executePlan({ plan, target, runId: 'bench', sinks, signal: new AbortController().signal });
    if (result.failure !== undefined || result.failedSlots > 0) {
      throw new Error(`coldbench run: ${result.failedSlots} failed, ${result.failure ?? ''}`);
    }
  };
  return {
    warmup: () => execute(warm),
    chunk: () => execute(timed),
    close: async () => {
      await writer.finish({ endedAt: new Date(), interrupted: false, extra: {} });
      await target.close();
    },
  };
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
  return {
    warmup: () => loop(warmup),
    chunk: () => loop(chunk),
    close: async () => {
      client.destroy();
      httpAgent.destroy();
    },
  };
}

async function main() {
  const side = mode === 'sdk' ? await viaSdk() : await viaColdbench();
  await side.warmup();
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  let buf = '';
  let queue = Promise.resolve();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text) => {
    buf += text;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const cmd = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (cmd !== 'run') continue;
      queue = queue.then(async () => {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await side.chunk();
        const c = process.cpuUsage(c0);
        process.stdout.write(JSON.stringify({ chunk: chunk, seconds: (performance.now() - t0) / 1000, cpuUs: c.user + c.system }) + '\n');
      });
    }
  });
  process.stdin.on('end', () => {
    void queue.then(side.close).then(() => process.exit(0));
  });
}

main().catch((e) => {
  process.stderr.write(`harness worker (${mode}): ${e && e.stack}\n`);
  process.exit(1);
});
