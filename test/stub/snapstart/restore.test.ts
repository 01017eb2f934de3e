// SnapStart on the local service end to end, through the real AWS SDK: a
// published version is Pending while its init runs once in the snapshot
// process, then Active; each new environment of it is forked from that
// snapshot, runs the after-restore hooks, and reports its restore as Lambda
// does. The fixture (test/fixtures/functions/py-snapstart) appends a line per
// hook run to $HOOK_LOG, so hooks are counted across processes.

import { billedFromPrinted } from '../billed';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, PublishVersionCommand,
  ResourceConflictException, SnapStartNotReadyException, UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2, waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from '../../../src/lambda/log';
import { LocalLambda } from '../../../src/stub/service';
import { FIXTURES, clientFor, invoke, isAlive, json, type Invoked } from '../service-helpers';

const FN = 'py-snapstart';
let tmp: string;
let hookLog: string;
let service: LocalLambda;
let client: LambdaClient;

/** The fixture's handler answer. */
interface Answer {
  readonly pid: number;
  readonly initPid: number;
  readonly state: { readonly made_at_init: string; readonly before: number; readonly after: number; readonly order: readonly string[] };
  readonly env: Readonly<Record<string, string | null>>;
}

const answer = (r: Invoked): Answer => r.payload as unknown as Answer;

function hookLines(): string[] {
  return fs.existsSync(hookLog) ? fs.readFileSync(hookLog, 'utf8').trim().split('\n').filter(Boolean) : [];
}

async function publishActive(): Promise<string> {
  const pub = await client.send(new PublishVersionCommand({ FunctionName: FN }));
  const version = pub.Version ?? '';
  const waited = await waitUntilPublishedVersionActive({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: FN, Qualifier: version });
  expect(waited.state).toBe('SUCCESS');
  return version;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-snapstart-'));
  const dir = path.join(tmp, 'functions');
  hookLog = path.join(tmp, 'hooks.log');
  fs.cpSync(path.join(FIXTURES, FN), path.join(dir, FN), { recursive: true });
  const file = path.join(dir, FN, 'function.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // A 1 s init keeps the first version Pending long enough to be seen so on a busy machine.
  fs.writeFileSync(file, JSON.stringify({ ...config, environment: { HOOK_LOG: hookLog, INIT_SLEEP: '1' } }));
  // cgroups where the machine has them: a restored child must join its environment's groups.
  service = new LocalLambda({ functionsDir: dir, onWarning: () => undefined });
  client = clientFor(await service.start());
});

afterAll(async () => {
  client?.destroy();
  await service?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SnapStart restores on the local service', () => {
  let version = '';
  let first: Invoked;
  let second: Invoked;

  it('publishes a version that is Pending while its snapshot is made, refuses to invoke it meanwhile, then is Active', async () => {
    const pub = await client.send(new PublishVersionCommand({ FunctionName: FN }));
    version = pub.Version ?? '';
    expect(version).toBe('1');
    expect(pub.State).toBe('Pending');
    expect(pub.StateReasonCode).toBe('Creating');
    expect(pub.SnapStart).toEqual({ ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' });
    // The init sleeps 1 s: still Pending now.
    const early = await client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, Qualifier: version }));
    expect(early.State).toBe('Pending');
    const refused = await invoke(client, { FunctionName: FN, Qualifier: version }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(SnapStartNotReadyException);
    const waited = await waitUntilPublishedVersionActive({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: FN, Qualifier: version });
    expect(waited.state).toBe('SUCCESS');
    const active = await client.send(new GetFunctionCommand({ FunctionName: FN, Qualifier: version }));
    expect(active.Configuration?.State).toBe('Active');
    expect(active.Configuration?.SnapStart).toEqual({ ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' });
    // The before-snapshot hook ran once, in the snapshot; no environment exists yet.
    expect(hookLines()).toHaveLength(1);
    expect(hookLines()[0]).toMatch(/^before \d+$/);
  }, 30_000);

  it('restores two concurrent invocations into two environments forked from the snapshot', async () => {
    [first, second] = await Promise.all([
      invoke(client, { FunctionName: FN, Qualifier: version, Payload: json({ sleep: 0.3 }) }),
      invoke(client, { FunctionName: FN, Qualifier: version, Payload: json({ sleep: 0.3 }) }),
    ]);
    const a = answer(first);
    const b = answer(second);
    expect(first.functionError).toBeUndefined();
    expect(second.functionError).toBeUndefined();
    expect(a.pid).not.toBe(b.pid);
    // Both forked from one initialised interpreter: its pid and its module state are theirs.
    const snapshotPid = Number(hookLines()[0]?.split(' ')[1]);
    expect(a.initPid).toBe(snapshotPid);
    expect(b.initPid).toBe(snapshotPid);
    expect(a.pid).not.toBe(snapshotPid);
    for (const s of [a.state, b.state]) {
      expect(s.made_at_init).toBe('yes');
      expect(s.before).toBe(1);
      expect(s.after).toBe(1);
      // Before-snapshot hooks in reverse order of registration, then this environment's after-restore hook.
      expect(s.order).toEqual(['before-last-registered', 'before-first-registered', 'after']);
    }
    // Each child has its own Runtime API; Lambda gives SnapStart functions no log stream name.
    expect(a.env.AWS_LAMBDA_RUNTIME_API).not.toBe(b.env.AWS_LAMBDA_RUNTIME_API);
    expect(a.env.AWS_LAMBDA_INITIALIZATION_TYPE).toBe('snap-start');
    expect(a.env.AWS_LAMBDA_LOG_STREAM_NAME).toBeNull();
    // One before-snapshot run in all; one after-restore run per environment, in that environment.
    const lines = hookLines();
    expect(lines.filter((l) => l.startsWith('before '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('after ')).sort()).toEqual([`after ${a.pid}`, `after ${b.pid}`].sort());
  }, 30_000);

  it('reports each restore with Restore Duration and Billed Restore Duration, and no Init Duration', () => {
    for (const r of [first, second]) {
      const m = r.report?.metrics;
      expect(m).toBeDefined();
      expect(m!.initDurationMs).toBeUndefined();
      expect(m!.restoreDurationMs).toBeGreaterThan(0);
      expect(m!.billedRestoreDurationMs).toBeGreaterThanOrEqual(0);
      expect(m!.billedRestoreDurationMs).toBeLessThanOrEqual(Math.ceil(m!.restoreDurationMs!));
      // Lambda's rule: Duration rounded up plus Billed Restore Duration. The line prints Duration to 2 decimals
      // and billing rounds the exact value, so the printed figure allows the two integers around it.
      const billedRun = m!.billedDurationMs - m!.billedRestoreDurationMs!;
      expect(billedFromPrinted(m!.durationMs)).toContain(billedRun);
      expect(m!.durationMs).toBeGreaterThanOrEqual(300);
      // RESTORE_START, the after-restore hook's output, RESTORE_REPORT, then START … REPORT.
      const kinds = r.log.split('\n').map((l) => readText(l)?.kind ?? (l.includes('after-restore hook ran') ? 'hook' : undefined)).filter(Boolean);
      // The platform's lines in Lambda's order. The hook's output reaches the service on the child's output
      // connection, apart from its /next on the Runtime API, so on a busy machine it may land just after
      // RESTORE_REPORT: it is checked to be in the restore's log, not its exact place.
      expect(kinds.filter((k) => k !== 'hook')).toEqual(['restoreStart', 'restoreReport', 'start', 'end', 'report']);
      expect(kinds).toContain('hook');
      const restoreReport = r.log.split('\n').map((l) => readText(l)).find((x) => x?.kind === 'restoreReport');
      expect(restoreReport).toEqual({ kind: 'restoreReport', durationMs: m!.restoreDurationMs, status: 'success' });
      expect(r.log).not.toContain('INIT_START');
    }
  });

  it('keeps a restored environment warm, in its own cgroup where the machine has them', async () => {
    const again = await invoke(client, { FunctionName: FN, Qualifier: version });
    expect([answer(first).pid, answer(second).pid]).toContain(answer(again).pid);
    expect(again.report?.metrics.restoreDurationMs).toBeUndefined();
    expect(again.report?.metrics.initDurationMs).toBeUndefined();
    expect(again.log).not.toContain('RESTORE_START');
    const cfg = await client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, Qualifier: version }));
    const groups = fs.readFileSync(`/proc/${answer(again).pid}/cgroup`, 'utf8');
    if (!(cfg.StateReason ?? '').includes('no memory cgroup')) expect(groups).toMatch(/coldbench-\d+-[0-9a-f]+/);
    // Frozen between invocations as a spawned runtime is (its own session, stopped as a group): state T.
    const pid = answer(again).pid;
    const state = (): string => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    for (let i = 0; i < 100 && state() !== 'T'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(state()).toBe('T');
    const thawed = await invoke(client, { FunctionName: FN, Qualifier: version });
    expect(answer(thawed).pid).toBe(pid);
    expect(thawed.functionError).toBeUndefined();
  });

  it('logs the snapshot\'s init in a stream of its own: INIT_START, its output, INIT_REPORT', () => {
    const group = `/aws/lambda/${FN}`;
    const streams = service.logs.streams(group).filter((s) => s.logStreamName.includes(`[${version}]`));
    const texts = streams.map((s) => service.logs.events(group, s.logStreamName).map((e) => e.message));
    const init = texts.find((t) => t[0]?.startsWith('INIT_START'));
    expect(init).toBeDefined();
    expect(init).toContain('init: snapstart module imported');
    const report = readText(init![init!.length - 1] ?? '');
    expect(report?.kind).toBe('initReport');
    expect(report?.kind === 'initReport' && report.durationMs).toBeGreaterThanOrEqual(1000);
    // Two restored environments, each in its stream.
    expect(texts.filter((t) => t[0]?.startsWith('RESTORE_START'))).toHaveLength(2);
  });

  it('runs $LATEST as a normal cold start: Init Duration, no hooks, no restore', async () => {
    const r = await invoke(client, { FunctionName: FN });
    const a = answer(r);
    expect(a.pid).toBe(a.initPid);
    expect(a.state.before).toBe(0);
    expect(a.state.after).toBe(0);
    expect(r.report?.metrics.initDurationMs).toBeGreaterThan(0);
    expect(r.report?.metrics.restoreDurationMs).toBeUndefined();
    expect(r.log).toContain('INIT_START');
    expect(r.log).not.toContain('RESTORE_START');
  }, 20_000);

  it('ends the snapshot process when its version is deleted', async () => {
    const snapshotPid = answer(first).initPid;
    expect(isAlive(snapshotPid)).toBe(true);
    await client.send(new DeleteFunctionCommand({ FunctionName: FN, Qualifier: version }));
    const deadline = Date.now() + 5000;
    while (isAlive(snapshotPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(snapshotPid)).toBe(false);
  });

  it('fails an environment whose after-restore hook raises: RESTORE_REPORT with Status error', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, Environment: { Variables: { HOOK_LOG: hookLog, FAIL_AFTER_RESTORE: '1', INIT_SLEEP: '0' } } }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { FunctionName: FN });
    const v = await publishActive();
    const r = await invoke(client, { FunctionName: FN, Qualifier: v });
    expect(r.functionError).toBe('Unhandled');
    expect(r.payload.errorType).toBe('Runtime.ExitError');
    expect(r.log).toContain('after-restore hook failed on purpose');
    const restoreReport = r.log.split('\n').map((l) => readText(l)).find((x) => x?.kind === 'restoreReport');
    expect(restoreReport).toMatchObject({ kind: 'restoreReport', status: 'error', errorType: 'Runtime.ExitError' });
  }, 30_000);

  it('marks a version Failed when its init fails, and refuses to invoke it', async () => {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, Handler: 'missing_module.handler' }));
    const pub = await client.send(new PublishVersionCommand({ FunctionName: FN }));
    const waited = await waitUntilPublishedVersionActive({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: FN, Qualifier: pub.Version })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(waited?.name).toBe('Error');
    const cfg = await client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, Qualifier: pub.Version }));
    expect(cfg.State).toBe('Failed');
    expect(cfg.StateReasonCode).toBe('FunctionError');
    expect(cfg.StateReason).toContain('Runtime.ImportModuleError');
    const refused = await invoke(client, { FunctionName: FN, Qualifier: pub.Version }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ResourceConflictException);
  }, 30_000);
});
