'use strict';
// Runs lambda-local's own CLI (`lambda-local -l handler.js -W PORT`) with one
// change: its watch server binds 127.0.0.1 instead of every interface, since
// the bench keeps all servers on loopback. lambda-local has no host option.
// Usage: node lambda-local-loopback.js <lambda-local package dir> <args...>

const net = require('node:net');
const path = require('node:path');

const [pkgDir, ...args] = process.argv.slice(2);
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' && (rest.length === 0 || typeof rest[0] === 'function')) {
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  return listen.call(this, port, ...rest);
};
process.argv = [process.argv[0], path.join(pkgDir, 'build', 'cli.js'), ...args];
require(path.join(pkgDir, 'build', 'cli.js'));
