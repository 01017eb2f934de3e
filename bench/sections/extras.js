'use strict';
// Benches written alongside this suite (bench/python-cold.js,
// bench/http-load.js), run when present, in full mode only. Their own output
// goes into details.extras; they set no figure of the table.

const fs = require('node:fs');
const path = require('node:path');
const procs = require('../lib/procs');
const { serverEnv } = require('../lib/servers');

const EXTRAS = [
  { file: 'python-cold.js', args: ['--runs', '5'] },
  { file: 'http-load.js', args: [] },
];

async function extras(ctx) {
  ctx.details.extras = {};
  for (const { file, args } of EXTRAS) {
    const script = path.join(__dirname, '..', file);
    if (!fs.existsSync(script)) {
      ctx.details.extras[file] = 'not present';
      continue;
    }
    ctx.log(`extras: node bench/${file} ${args.join(' ')}`);
    try {
      const out = await procs.run(process.execPath, [script, ...args], { cwd: ctx.root, env: serverEnv() }, 300_000);
      ctx.details.extras[file] = out.trim().split('\n');
      process.stderr.write(out.replace(/^/gm, '    '));
    } catch (err) {
      ctx.details.extras[file] = `failed: ${err.message}`;
      ctx.log(`  ${file} failed: ${err.message}`);
    }
  }
}

module.exports = { extras };
