'use strict';
// The bench runs the compiled code in dist/. It builds first when any source
// file is newer than what dist/ holds, so a fresh clone or an edit is never
// benchmarked stale.

const fs = require('node:fs');
const path = require('node:path');
const procs = require('./procs');

function newestMtime(dir, exts) {
  let newest = 0;
  const walk = (d) => {
    let entries;
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (exts.some((x) => e.name.endsWith(x))) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

function isStale(root) {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'stub', 'service.js'))) return true;
  return newestMtime(path.join(root, 'src'), ['.ts', '.cjs', '.py', '.json']) > newestMtime(dist, ['.js', '.cjs', '.py', '.json']);
}

async function ensureBuilt(root, log) {
  if (!isStale(root)) return false;
  log('dist/ is older than src/: npm run build');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await procs.run(npm, ['run', 'build'], { cwd: root, detached: false }, 600_000);
  return true;
}

module.exports = { ensureBuilt, isStale };
