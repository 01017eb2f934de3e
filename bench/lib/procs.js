'use strict';
// Every process the bench starts goes through here, so that every one of
// them is stopped at the end, whatever happened (error, Ctrl-C).

const { spawn } = require('node:child_process');

const live = new Set();

/**
 * Starts a child in its own process group (so its own children can be
 * stopped with it) and keeps its output for error messages.
 */
function start(command, args, options = {}) {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  const entry = { child, out: '', err: '', exited: false };
  live.add(entry);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (t) => { entry.out = (entry.out + t).slice(-64 * 1024); });
  child.stderr.on('data', (t) => { entry.err = (entry.err + t).slice(-64 * 1024); });
  child.on('exit', () => { entry.exited = true; live.delete(entry); });
  child.on('error', () => { entry.exited = true; live.delete(entry); });
  return entry;
}

/** Resolves with the first stdout match of `re`, rejects on exit or after timeoutMs. */
function waitFor(entry, re, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(entry.out);
      if (m) { done(); resolve(m); return true; }
      return false;
    };
    const onExit = (code) => { done(); reject(new Error(`${what} exited (code ${code}) before it was ready: ${tail(entry)}`)); };
    const timer = setTimeout(() => { done(); reject(new Error(`${what} not ready after ${timeoutMs} ms: ${tail(entry)}`)); }, timeoutMs);
    const onData = () => check();
    function done() {
      clearTimeout(timer);
      entry.child.stdout.off('data', onData);
      entry.child.off('exit', onExit);
    }
    entry.child.stdout.on('data', onData);
    entry.child.once('exit', onExit);
    if (entry.exited) onExit(entry.child.exitCode);
    else check();
  });
}

function tail(entry) {
  const text = (entry.err.trim() || entry.out.trim()).split('\n').slice(-6).join(' | ');
  return text.length > 600 ? text.slice(-600) : text;
}

/** SIGTERM to the group, SIGKILL after graceMs; resolves when the child is gone. */
function stop(entry, graceMs = 3000) {
  if (entry.exited) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig) => {
      // The group when the child leads one (detached), else the child alone.
      try { process.kill(-entry.child.pid, sig); } catch {
        try { if (!entry.exited) entry.child.kill(sig); } catch { /* already gone */ }
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    entry.child.once('exit', () => {
      clearTimeout(timer);
      // Anything the child left in its group goes too.
      kill('SIGKILL');
      resolve();
    });
    kill('SIGTERM');
  });
}

async function stopAll() {
  await Promise.all([...live].map((e) => stop(e)));
}

function killAllNow() {
  for (const e of live) {
    try { process.kill(-e.child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

process.on('exit', killAllNow);

/** Runs a child to completion; resolves with its stdout (throws with stderr on failure). */
async function run(command, args, options = {}, timeoutMs = 600_000) {
  const entry = start(command, args, options);
  entry.child.stdin.end();
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => { void stop(entry, 500); }, timeoutMs);
    entry.child.once('exit', (c, sig) => { clearTimeout(timer); resolve(c === null ? sig : c); });
    entry.child.once('error', (e) => { clearTimeout(timer); resolve(e.message); });
  });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}): ${tail(entry)}`);
  return entry.out;
}

module.exports = { start, waitFor, stop, stopAll, killAllNow, run, tail };
