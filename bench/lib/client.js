'use strict';
// A tiny keep-alive HTTP client for the figures autocannon cannot give:
// per-request latency with microsecond resolution (process.hrtime), and the
// control-plane calls the bench makes (UpdateFunctionConfiguration).

const http = require('node:http');

function agent(maxSockets = 1) {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** One request; resolves { status, headers, body: Buffer, ms } (ms from send to the last byte). */
function request(url, { method = 'POST', path = '/', body, headers = {}, agent: a, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    // A string body leaves in the same write as the headers (node:http joins
    // them), as autocannon's requests do; a Buffer would be a second write and
    // a second TCP segment the server waits for.
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
    const t0 = process.hrtime.bigint();
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      method,
      agent: a,
      headers: { 'Content-Type': 'application/json', 'Content-Length': payload ? Buffer.byteLength(payload) : 0, ...headers },
      timeout: timeoutMs,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${u.href} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Sequential requests over one keep-alive connection, each timed on its own:
 * what concurrency 1 looks like from a client. Returns latencies in ms.
 */
async function timedLoop(url, path, body, count, a = agent(1)) {
  const latencies = new Array(count);
  for (let i = 0; i < count; i++) {
    const r = await request(url, { path, body, agent: a });
    if (r.status !== 200) throw new Error(`${url}${path} answered ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
    latencies[i] = r.ms;
  }
  return latencies;
}

const INVOKE_PATH = (name) => `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;

/** Invoke through the service's REST API; fails on anything but a 200 without X-Amz-Function-Error. */
async function invoke(url, name, { payload = '{}', tail = false, agent: a } = {}) {
  const r = await request(url, {
    path: INVOKE_PATH(name),
    body: payload,
    agent: a,
    headers: tail ? { 'X-Amz-Log-Type': 'Tail' } : {},
  });
  if (r.status !== 200 || r.headers['x-amz-function-error'] !== undefined) {
    throw new Error(`Invoke ${name} answered ${r.status} ${r.headers['x-amz-function-error'] ?? ''}: ${r.body.toString('utf8').slice(0, 300)}`);
  }
  return r;
}

/** UpdateFunctionConfiguration with a fresh variable: the next invocation is cold, as on Lambda. */
async function forceCold(url, name, nonce, a) {
  const r = await request(url, {
    method: 'PUT',
    path: `/2015-03-31/functions/${encodeURIComponent(name)}/configuration`,
    body: { Environment: { Variables: { BENCH_NONCE: String(nonce) } } },
    agent: a,
  });
  if (r.status !== 200) throw new Error(`UpdateFunctionConfiguration ${name} answered ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
}

module.exports = { agent, request, timedLoop, invoke, forceCold, INVOKE_PATH };
