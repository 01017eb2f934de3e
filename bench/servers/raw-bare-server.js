'use strict';
// The bare server's twin on a raw `net` socket: the same answer (`{}`) to any
// request, without node:http's request and response objects. Side by side
// with bare-server.js (`node bench/ab.js 16 bare raw-bare`) it shows what
// node:http costs per exchange on this machine, the reason the local
// service's API front reads and answers requests on raw sockets.

const net = require('node:net');
const { onHttpMessages } = require('../lib/http-messages');

const ANSWER = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}';

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  onHttpMessages(socket, () => socket.write(ANSWER));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + '\n');
});
const quit = () => process.exit(0);
process.on('SIGTERM', quit);
process.stdin.on('end', quit);
process.stdin.resume();
