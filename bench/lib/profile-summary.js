'use strict';
// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went:
// self time per function and per area (the project's code by file, each
// node_modules package, Node's internals, GC, idle). Also a CLI:
//   node bench/lib/profile-summary.js <file.cpuprofile> [top]

const fs = require('node:fs');

function area(url) {
  if (!url) return null;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return 'npm:' + (rest[0].startsWith('@') ? rest[0] + '/' + rest[1] : rest[0]);
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/').slice(0, 2).join('/');
  const d = url.indexOf('/dist/');
  if (d >= 0) return 'coldbench:' + url.slice(d + 6).replace(/^file:\/\//, '');
  const s = url.indexOf('/src/');
  if (s >= 0) return 'coldbench:' + url.slice(s + 5);
  const b = url.indexOf('/bench/');
  if (b >= 0) return 'bench:' + url.slice(b + 7);
  return url.replace(/^file:\/\//, '');
}

function summarize(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0; // the delta after a sample is the time it stood for
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const totalUs = profile.endTime - profile.startTime;
  const fns = new Map();
  const areas = new Map();
  let idleUs = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const name = cf.functionName || '(anonymous)';
    if (name === '(idle)') { idleUs += us; continue; }
    const a = area(cf.url) ?? name; // (program), (garbage collector), native builtins
    const key = `${name} ${cf.url ? `${a}:${cf.lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (m) => [...m].sort((x, y) => y[1] - x[1]).slice(0, top)
    .map(([k, us]) => ({ what: k, ms: Math.round(us / 100) / 10, pctOfBusy: Math.round((1000 * us) / busyUs) / 10 }));
  return { file, totalMs: Math.round(totalUs / 1000), busyMs: Math.round(busyUs / 1000), idleMs: Math.round(idleUs / 1000), areas: rank(areas), functions: rank(fns) };
}

function print(s, write = (l) => process.stdout.write(l + '\n')) {
  write(`${s.file}: ${s.totalMs} ms profiled, ${s.busyMs} ms busy, ${s.idleMs} ms idle`);
  write('  by area (self time, % of busy):');
  for (const r of s.areas) write(`    ${String(r.pctOfBusy).padStart(5)}%  ${String(r.ms).padStart(8)} ms  ${r.what}`);
  write('  by function:');
  for (const r of s.functions) write(`    ${String(r.pctOfBusy).padStart(5)}%  ${String(r.ms).padStart(8)} ms  ${r.what}`);
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/lib/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  print(summarize(file, Number(top) || 25));
}

module.exports = { summarize, print };
