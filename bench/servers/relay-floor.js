'use strict';
// The floor under the warm p50: the same three loopback exchanges as one warm
// invocation through the local service (client → relay; relay → runtime's
// held GET /next; runtime → relay's POST /response), across the same three
// processes, with no Lambda logic at all: no function lookup, no request ids
// worth the name, no logs, no REPORT, no limits. What the service costs above
// this is what its own code costs; what this costs above the bare server is
// the price of emulating Lambda faithfully at all.
//
// Prints one JSON line with its URL once the runtime's first /next is held.

const net = require('node:net');
const { onHttpMessages } = require('../lib/http-messages');
const path = require('node:path');
const { spawn } = require('node:child_process');

// Both sides speak HTTP/1.1 on raw sockets, as the service's Invoke front
// (src/stub/api/front.ts) and Runtime API (src/stub/engine/runtime-api.ts)
// do, so that the floor does not pay node:http where the service does not. A /response is acknowledged in the same write as the next
// event, as the service does, so each invocation costs one write each way.
const ACK = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}';
const RESPONSE_PREFIX = 'POST /2018-06-01/runtime/invocation/';

/** The runtime's socket while its GET /next is held, else null. */
let heldNext = null;
/** A /response acknowledgement not yet written: it leaves with the next event. */
let ackOwed = false;
/** Client sockets waiting for their invocation's result, by id. */
const waiting = new Map();
/** Invocations received while the runtime was busy: concurrency 1 never queues, but stay correct. */
const queued = [];
let seq = 0;
let announced = false;

function hand(id, body) {
  const socket = heldNext;
  heldNext = null;
  const head = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: ${id}\r\nContent-Length: ${body.length}\r\n\r\n`;
  socket.cork();
  if (ackOwed) socket.write(ACK);
  ackOwed = false;
  socket.write(head);
  socket.write(body);
  socket.uncork();
}

function onRequest(socket, head, body) {
  if (head.startsWith('GET ')) {
    heldNext = socket;
    if (!announced) {
      announced = true;
      process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, pid: process.pid, runtimePid: runtime.pid }) + '\n');
    }
    const q = queued.shift();
    if (q) hand(q.id, q.body);
    return;
  }
  if (head.startsWith(RESPONSE_PREFIX)) {
    const id = head.slice(RESPONSE_PREFIX.length, head.indexOf('/response'));
    ackOwed = true;
    const client = waiting.get(id);
    if (client === undefined) return;
    waiting.delete(id);
    client.cork();
    client.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`);
    client.write(body);
    client.uncork();
  }
}

const runtimeSide = net.createServer((socket) => {
  socket.setNoDelay(true);
  onHttpMessages(socket, (head, body) => onRequest(socket, head, body));
  socket.on('error', () => socket.destroy());
});

// The client side is node:http, as the service's Invoke API is.
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  onHttpMessages(socket, (head, body) => {
    if (!head.startsWith('POST ')) {
      socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const id = String(++seq);
    waiting.set(id, socket);
    if (heldNext !== null) hand(id, body);
    else queued.push({ id, body });
  });
});

let runtime;
server.listen(0, '127.0.0.1', () => runtimeSide.listen(0, '127.0.0.1', () => {
  runtime = spawn(process.execPath, [path.join(__dirname, 'relay-runtime.js')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { PATH: process.env.PATH, RELAY_API: `127.0.0.1:${runtimeSide.address().port}` },
  });
  runtime.on('exit', () => quit());
}));

let quitting = false;
function quit() {
  if (quitting) return;
  quitting = true;
  if (runtime && runtime.exitCode === null) runtime.kill('SIGKILL');
  server.closeAllConnections();
  runtimeSide.close();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', quit);
process.stdin.on('end', quit);
process.stdin.resume();
