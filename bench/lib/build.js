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

/**
 * Builds when stale. Resolves with undefined when dist/ is current, else with
 * a note: what was built, or why the build failed and the existing dist/ is
 * used anyway (someone's half-done source must not stop a bench run).
 */
async function ensureBuilt(root, log) {
  if (!isStale(root)) return undefined;
  log('dist/ is older than src/: npm run build');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    await procs.run(npm, ['run', 'build'], { cwd: root, detached: false }, 600_000);
    return 'built from src/ before the run';
  } catch (err) {
    if (!fs.existsSync(path.join(root, 'dist', 'stub', 'service.js'))) throw err;
    // tsc emits despite type errors; the assets step after it did not run.
    await procs.run(process.execPath, [path.join(root, 'scripts', 'copy-assets.js')], { cwd: root, detached: false }, 60_000).catch(() => undefined);
    const why = err.message.split(' | ').find((l) => l.includes('error TS')) ?? err.message;
    log(`build failed, benchmarking the existing dist/: ${why.slice(0, 300)}`);
    return `npm run build failed (${why.slice(0, 300)}); the existing dist/ was used`;
  }
}

module.exports = { ensureBuilt, isStale };
