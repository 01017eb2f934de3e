// A frozen environment (SIGSTOP to its process group) cannot notice that the
// service is gone: an idle runtime that is not frozen sees its held /next
// connection close and exits, a stopped one would stay stopped for good after
// the service is killed with SIGKILL (the kernel's SIGHUP + SIGCONT for an
// orphaned, stopped process group does not apply: each environment is a
// session of its own). So the first freeze starts one small guard process,
// in a session of its own too, that learns each frozen environment's group
// on its stdin ("+pid", "-pid" once it is gone) and, when that pipe closes
// (the service exited, however it ended), kills every group still listed.

import { spawn, type ChildProcess } from 'node:child_process';

/** The guard process: a set of group ids; at the end of stdin, SIGKILL to each. */
const GUARD_SCRIPT = `
const groups = new Set();
let buf = '';
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    const pid = Number(line.slice(1));
    if (!(pid > 1)) continue;
    if (line[0] === '+') groups.add(pid); else groups.delete(pid);
  }
});
const end = () => {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch {} }
  }
  process.exit(0);
};
process.stdin.on('end', end);
process.stdin.on('error', end);
`;

export class FreezeGuard {
  private child: ChildProcess | undefined;
  private closed = false;

  /** From now on the group led by `pid` is killed if the service ends without killing it. */
  register(pid: number): void {
    this.send(`+${pid}\n`);
  }

  /** The group is gone (killed by the service): the guard forgets it, so a reused pid is never signalled. */
  unregister(pid: number): void {
    if (this.child !== undefined) this.send(`-${pid}\n`);
  }

  /** Ends the guard; what it still lists is killed (by then the service has killed it already). */
  close(): void {
    this.closed = true;
    this.child?.stdin?.end();
  }

  private send(line: string): void {
    if (this.closed) return;
    const child = (this.child ??= this.start());
    // A pipe write is tried at once, so the line is in the guard's pipe before the freeze that follows it.
    child.stdin?.write(line);
  }

  private start(): ChildProcess {
    const child = spawn(process.execPath, ['-e', GUARD_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    // Neither the guard nor its pipe may keep the service's event loop alive.
    child.unref();
    child.stdin?.on('error', () => undefined);
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    child.on('error', () => undefined);
    return child;
  }
}
