'use strict';
// autocannon, programmatically, from the project's node_modules.

const path = require('node:path');

const autocannon = require(path.join(__dirname, '..', '..', 'node_modules', 'autocannon'));

/** Runs autocannon; resolves { rps, total, errors, non2xx, p50Ms }. */
function load(url, { connections, durationSec, method = 'POST', body = '{}', headers = {} }) {
  return new Promise((resolve, reject) => {
    autocannon({
      url,
      connections,
      pipelining: 1,
      duration: durationSec,
      method,
      body,
      headers: { 'content-type': 'application/json', ...headers },
    }, (err, result) => {
      if (err) { reject(err); return; }
      const seconds = result.duration > 0 ? result.duration : durationSec;
      resolve({
        seconds,
        rps: result.requests.total / seconds,
        total: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        p50Ms: result.latency.p50,
      });
    });
  });
}

/** A short run first so that every environment and JIT is warm, then the measured one. */
async function warmLoad(url, opts, warmupSec = 1) {
  if (warmupSec > 0) await load(url, { ...opts, durationSec: warmupSec });
  const r = await load(url, opts);
  if (r.total === 0 || r.errors + r.non2xx > r.total * 0.01) {
    throw new Error(`load on ${url}: ${r.total} requests, ${r.errors} errors, ${r.non2xx} non-2xx`);
  }
  return r;
}

module.exports = { load, warmLoad };
