'use strict';
// Bench servers take one-word commands on stdin, one per line (e.g. `cpu`),
// so the runner can ask a server process about itself without another port.

/** Calls onCommand(word) for each line written to this process's stdin. */
function onStdinCommands(onCommand) {
  let buf = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (t) => {
    buf += t;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const cmd = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      onCommand(cmd);
    }
  });
}

module.exports = { onStdinCommands };
