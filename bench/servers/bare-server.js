'use strict';
// The baseline every warm figure is divided by: the cheapest thing that
// answers an HTTP POST with `{}` in Node, in a process of its own, as the
// local service is.
const http = require('node:http');
const { onStdinCommands } = require('../lib/stdin-commands');

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
// `cpu` on stdin: this process's CPU time, so the bench can say what one
// bare request costs here (the floor of every HTTP exchange).
onStdinCommands((cmd) => {
  if (cmd === 'cpu') {
    const c = process.cpuUsage();
    process.stdout.write(JSON.stringify({ cpu: { selfUs: c.user + c.system, children: { ticks: 0, count: 0 }, clkTck: 100 } }) + '\n');
  }
});
