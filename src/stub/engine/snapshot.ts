// SnapStart snapshots: one per published version of a SnapStart function.
//
// On PublishVersion the service runs the version's init once, in a snapshot
// process (for Python: ../runtimes/python/snapshot_server.py), which then runs
// the function's before-snapshot hooks and keeps that initialised interpreter.
// Each new execution environment of the version is restored from it: on one
// machine a restore is a fork(), so the snapshot process forks a child that
// becomes the environment's runtime (restored-process.ts). The snapshot's own
// init is logged in a stream of its own (INIT_START, its output, INIT_REPORT),
// as Lambda logs a SnapStart version's init at publish.
//
// Channels between the service and the snapshot process:
//   fd 3      a socket pair of JSON lines (fork requests; ready, forked, exit)
//   output    a TCP server on the service's host: each child connects twice
//             and names itself and the stream in a first line, then the
//             connection is that stream (its stdout or stderr)
//
// The snapshot process runs outside any cgroup, like an on-demand init here
// (unthrottled); each restored child is moved into its environment's groups.
// Sources: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html,
// .../snapstart-runtime-hooks-python.html, .../snapstart-monitoring.html,
// .../lambda-runtime-environment.html (init at publish: up to 130 s or the
// function's timeout, whichever is longer).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { writeText } from '../../lambda/log';
import type { RuntimeFamily } from '../runtimes/types';
import { logGroupName, logStreamName } from './log-format';
import type { LogStore } from './log-store';
import { OutputLines } from './output-capture';
import { killGroupOf, RestoredProcess, type ForkSource } from './restored-process';
import type { ProcessEvents } from './runtime-process';
import { runtimeVariables } from './runtime-variables';
import type { FunctionSnapshot } from './types';

/** A SnapStart init may run this long, or the function's timeout if longer. */
const SNAPSHOT_INIT_MIN_LIMIT_MS = 130_000;

export interface SnapshotDeps {
  readonly host: string;
  readonly family: RuntimeFamily;
  readonly logs: LogStore;
}

/** Where new environments of a version are restored from; what an Environment is given instead of a spawn. */
export interface RestoreSource {
  process(events: ProcessEvents): RestoredProcess;
}

type ControlMessage =
  | { readonly ready: true }
  | { readonly initError: { readonly errorType?: string; readonly errorMessage?: string } }
  | { readonly forked: string; readonly pid: number }
  | { readonly exit: number; readonly code: number | null; readonly signal: string | null };

export class Snapshot implements ForkSource, RestoreSource {
  /** Resolves once the snapshot can be restored from; rejects with the reason its init failed. */
  readonly ready: Promise<void>;
  private child: ChildProcess | undefined;
  private control: net.Socket | undefined;
  private readonly server = net.createServer((socket) => this.onOutputConnection(socket));
  private outAddress = '';
  private readonly byId = new Map<string, RestoredProcess>();
  private readonly byPid = new Map<number, RestoredProcess>();
  private readonly prefix = randomBytes(4).toString('hex');
  private nextId = 0;
  private stopped = false;
  private buffered = '';
  private settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private initStartedAt = 0;
  private limit: NodeJS.Timeout | undefined;
  private readonly group: string;
  private readonly stream: string;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly deps: SnapshotDeps,
  ) {
    this.group = logGroupName(fn.name);
    this.stream = logStreamName(fn.version);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may be waiting yet (the API does, but a stop comes first in tests).
    this.ready.catch(() => undefined);
    void this.start();
  }

  // ------------------------------------------------------------ making it

  private async start(): Promise<void> {
    const fn = this.fn;
    const snapshotLaunch = this.deps.family.snapshot;
    if (snapshotLaunch === undefined) {
      this.fail(`${fn.runtime} is not supported for SnapStart enabled functions.`);
      return;
    }
    let spec;
    try {
      spec = snapshotLaunch(fn);
      const host = this.deps.host === '0.0.0.0' || this.deps.host === '::' ? '127.0.0.1' : this.deps.host;
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(0, host, () => resolve());
      });
      const port = (this.server.address() as net.AddressInfo).port;
      this.outAddress = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    } catch (e) {
      this.fail((e as Error).message);
      return;
    }
    if (this.stopped) return;
    const env = runtimeVariables(fn, spec.env, this.stream, '');
    // Lambda sets no log group or stream in a SnapStart function (the snapshot
    // serves every environment), and says how the environment was made.
    // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html
    delete env.AWS_LAMBDA_LOG_GROUP_NAME;
    delete env.AWS_LAMBDA_LOG_STREAM_NAME;
    delete env.AWS_LAMBDA_RUNTIME_API;
    env.AWS_LAMBDA_INITIALIZATION_TYPE = 'snap-start';

    this.log(writeText({ kind: 'initStart', runtimeVersion: `${fn.runtime}.local`, runtimeVersionArn: `arn:aws:lambda:${fn.region}::runtime:coldbench-local` }));
    this.initStartedAt = performance.now();
    const limitMs = Math.max(SNAPSHOT_INIT_MIN_LIMIT_MS, fn.timeoutSec * 1000);
    this.limit = setTimeout(() => this.initFailed('Runtime.Timeout', `the init did not finish within ${limitMs / 1000} seconds`, 'timeout'), limitMs);
    this.limit.unref();

    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const lines = new OutputLines((line) => this.log(line));
    child.stdout?.setEncoding('utf8').on('data', (t: string) => lines.write('out', t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => lines.write('err', t));
    const control = child.stdio[3] as net.Socket;
    this.control = control;
    control.setEncoding('utf8');
    control.on('data', (t: string) => this.onControl(t));
    control.on('error', () => undefined);
    child.on('error', (e) => this.initFailed('Runtime.InvalidEntrypoint', e.message, 'error'));
    child.on('close', (code, signal) => {
      lines.flush();
      this.onSnapshotGone(code, signal);
    });
  }

  private onControl(text: string): void {
    this.buffered += text;
    let nl = this.buffered.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      nl = this.buffered.indexOf('\n');
      let msg: ControlMessage;
      try {
        msg = JSON.parse(line) as ControlMessage;
      } catch {
        continue;
      }
      this.onMessage(msg);
    }
  }

  private onMessage(msg: ControlMessage): void {
    if ('ready' in msg) {
      if (this.settle === undefined) return;
      clearTimeout(this.limit);
      this.log(writeText({ kind: 'initReport', durationMs: performance.now() - this.initStartedAt, status: 'success' }));
      this.settle.resolve();
      this.settle = undefined;
    } else if ('initError' in msg) {
      const e = msg.initError;
      this.initFailed(e.errorType || 'Runtime.Unknown', e.errorMessage ?? '', 'error');
    } else if ('forked' in msg) {
      const proc = this.byId.get(msg.forked);
      if (proc === undefined) {
        // Its environment was stopped before the fork came back: the child must not live on.
        killGroupOf(msg.pid);
        return;
      }
      this.byPid.set(msg.pid, proc);
      proc.forked(msg.pid);
    } else if ('exit' in msg) {
      const proc = this.byPid.get(msg.exit);
      if (proc === undefined) return;
      this.byPid.delete(msg.exit);
      proc.exit(msg.code, msg.signal as NodeJS.Signals | null);
    }
  }

  private initFailed(errorType: string, message: string, status: 'error' | 'timeout'): void {
    if (this.settle === undefined) return;
    clearTimeout(this.limit);
    const durationMs = performance.now() - this.initStartedAt;
    this.log(writeText(status === 'timeout'
      ? { kind: 'initReport', durationMs, phase: 'init', status }
      : { kind: 'initReport', durationMs, phase: 'init', status, errorType }));
    this.fail(message === '' ? errorType : `${errorType}: ${message}`);
  }

  private fail(reason: string): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.reject(new Error(reason));
    this.stop();
  }

  private onSnapshotGone(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settle !== undefined) {
      this.initFailed('Runtime.ExitError', signal !== null ? `Runtime exited with error: signal: ${signal}` : `Runtime exited with error: exit status ${code ?? 0}`, 'error');
    }
    // Its children's exits will never be reported now.
    for (const proc of [...this.byId.values()]) proc.orphaned();
    this.stop();
  }

  private log(line: string): void {
    this.deps.logs.append(this.group, this.stream, Date.now(), line);
  }

  // ------------------------------------------------------------ restoring from it

  /** A new environment's runtime, forked from the snapshot when the environment starts it. */
  process(events: ProcessEvents): RestoredProcess {
    const proc = new RestoredProcess(`${this.prefix}-${++this.nextId}`, this, events);
    this.byId.set(proc.forkId, proc);
    return proc;
  }

  fork(proc: RestoredProcess, runtimeApi: string): void {
    const control = this.control;
    if (this.stopped || control === undefined || control.destroyed) {
      proc.orphaned();
      return;
    }
    control.write(JSON.stringify({ fork: proc.forkId, api: runtimeApi, out: this.outAddress }) + '\n');
  }

  release(proc: RestoredProcess): void {
    this.byId.delete(proc.forkId);
    if (proc.pid !== undefined) this.byPid.delete(proc.pid);
  }

  /** A child's stdout or stderr: its first line says whose and which. */
  private onOutputConnection(socket: net.Socket): void {
    let head = Buffer.alloc(0);
    socket.on('error', () => undefined);
    const onHead = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl < 0) {
        if (head.length > 256) socket.destroy();
        return;
      }
      socket.off('data', onHead);
      const [id = '', which = ''] = head.subarray(0, nl).toString('latin1').split(' ');
      const proc = this.byId.get(id);
      if (proc === undefined || (which !== 'out' && which !== 'err')) {
        socket.destroy();
        return;
      }
      proc.streamOpened();
      const decoder = new StringDecoder('utf8');
      const rest = head.subarray(nl + 1);
      if (rest.length > 0) proc.output(which, decoder.write(rest));
      socket.on('data', (c: Buffer) => proc.output(which, decoder.write(c)));
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        const tail = decoder.end();
        if (tail !== '') proc.output(which, tail);
        proc.streamEnded();
      };
      socket.on('end', end);
      socket.on('close', end);
    };
    socket.on('data', onHead);
  }

  /** Kills the snapshot process; environments restored from it live on until they are stopped. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.limit);
    const pid = this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.control?.destroy();
    this.server.close();
    if (this.settle !== undefined) this.fail('the local Lambda service stopped before the snapshot was made');
  }
}
