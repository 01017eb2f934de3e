'use strict';
// rss_growth_mb: the harness's RSS after `high` recorded invocations minus
// after `low` (see workers/rss-worker.js for the path the rows take).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('../lib/procs');
const { serverEnv } = require('../lib/servers');

async function rss(ctx) {
  const { rssLow, rssHigh } = ctx.p;
  ctx.log(`rss: ${rssHigh} rows through the executor and the result writer`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-rss-'));
  try {
    const out = await procs.run(process.execPath, ['--expose-gc', path.join(__dirname, '..', 'workers', 'rss-worker.js'),
      ctx.distDir, tmp, String(rssLow), String(rssHigh)], { env: serverEnv() }, 600_000);
    const r = JSON.parse(out.trim().split('\n').pop());
    ctx.log(`  RSS ${r.rssAtLowMb.toFixed(1)} MB at ${rssLow}, ${r.rssAtHighMb.toFixed(1)} MB at ${rssHigh}; ${r.rowsPerSecond.toFixed(0)} rows/s`);
    ctx.figure('rss_growth_mb', r.rssAtHighMb - r.rssAtLowMb);
    ctx.details.rss = r;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { rss };
