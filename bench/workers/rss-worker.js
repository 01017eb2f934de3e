'use strict';
// rss_growth_mb, in a process of its own started with --expose-gc: coldbench's
// executor runs a `concurrent` phase (concurrency 10) whose target answers at
// once with what the aws target would have made of a real answer (a log tail
// parsed by the real REPORT parser), so every row goes down the real path —
// buildRow, ResultWriter (CSV batches, HDR histograms), the other sinks
// `coldbench run` gives the executor (./sinks.js) — as fast as that path allows. RSS is read after a full GC at `low`
// and at `high` recorded invocations.
// Usage: node --expose-gc rss-worker.js <dist> <tmpdir> <low> <high>

const fs = require('node:fs');
const path = require('node:path');
const { runSinks } = require('./sinks');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const [dist, tmp, lowArg, highArg] = process.argv.slice(2);
const low = Number(lowArg);
const high = Number(highArg);

const { loadPlan } = require(path.join(dist, 'plan', 'load.js'));
const { executePlan } = require(path.join(dist, 'run', 'execute.js'));
const { ResultWriter } = require(path.join(dist, 'report', 'writer.js'));
const { softwareVersions } = require(path.join(dist, 'run', 'machine.js'));
const { findReportLine } = require(path.join(dist, 'measure', 'report-line.js'));

/** What a warm (or, one in a thousand, cold) answer of the local service looks like. */
function fakeLog(requestId, i) {
  const duration = 0.5 + (i % 97) / 10;
  const init = i % 1000 === 0 ? `\tInit Duration: ${(80 + (i % 13)).toFixed(2)} ms` : '';
  return `START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\n` +
    `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\t` +
    `Memory Size: 1769 MB\tMax Memory Used: ${60 + (i % 7)} MB${init}\t\n`;
}

class InstantTarget {
  constructor() {
    this.kind = 'local';
    this.functionName = 'noop';
    this.qualifier = '$LATEST';
    this.memoryMb = 1769;
    this.i = 0;
  }
  async open() {}
  async applyMemory() {}
  async freshEnvironment() {}
  async invoke(_payload, originMs) {
    const i = this.i++;
    const requestId = randomUUID();
    const report = findReportLine(fakeLog(requestId, i), requestId);
    return { clientMs: performance.now() - originMs + (i % 50) / 10, status: 'ok', errorType: undefined, requestId, report };
  }
  async restore() {}
  async close() {}
}

function rssMb() {
  global.gc();
  global.gc();
  return process.memoryUsage().rss / 1048576;
}

async function main() {
  const scenario = path.join(tmp, 'rss.yaml');
  fs.writeFileSync(scenario, [
    'name: bench-rss',
    'target: { kind: aws, function: noop, region: us-east-1, endpoint: "http://127.0.0.1:9" }',
    'payload: {}',
    'phases:',
    `  - { name: steady, pattern: concurrent, concurrency: 10, count: ${high} }`,
    `budget: { maxInvocations: ${high} }`,
    '',
  ].join('\n'));
  const plan = await loadPlan(scenario);
  const out = path.join(tmp, 'result');
  const writer = ResultWriter.open(out, {
    runId: 'bench', scenario: plan.name, scenarioFile: plan.file, scenarioSource: plan.source, targetKind: 'local',
    function: 'noop', architecture: plan.architecture, region: plan.region, startedAt: new Date(), environment: softwareVersions(),
  });
  let done = 0;
  let atLow;
  let atHigh;
  let t0 = 0;
  let heapAtLow;
  let heapAtHigh;
  const t = performance.now();
  const result = await executePlan({
    plan, target: new InstantTarget(), runId: 'bench', sinks: runSinks(dist, writer, plan), signal: new AbortController().signal,
    onSlotDone: () => {
      done++;
      if (done === low) { atLow = rssMb(); heapAtLow = process.memoryUsage().heapUsed / 1048576; t0 = performance.now(); }
      if (done === high) { atHigh = rssMb(); heapAtHigh = process.memoryUsage().heapUsed / 1048576; }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  await writer.finish({ endedAt: new Date(), interrupted: false, extra: {} });
  if (result.failure !== undefined) throw result.failure;
  const csvBytes = fs.statSync(path.join(out, 'invocations.csv')).size;
  process.stdout.write(JSON.stringify({
    low, high, rssAtLowMb: atLow, rssAtHighMb: atHigh, heapAtLowMb: heapAtLow, heapAtHighMb: heapAtHigh,
    rowsPerSecond: (high - low) / seconds, totalSeconds: (performance.now() - t) / 1000, csvBytes,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`rss worker: ${e && e.stack}\n`);
  process.exit(1);
});
