'use strict';
// The baseline every warm figure is divided by: the cheapest thing that
// answers an HTTP POST with `{}` in Node, in a process of its own, as the
// local service is.
const http = require('node:http');

const BODY = Buffer.from('{}');
const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': BODY.length });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + '\n');
});
const quit = () => server.close(() => process.exit(0)) && server.closeAllConnections();
process.on('SIGTERM', quit);
process.stdin.on('end', quit);
process.stdin.resume();
