// The environment refuses what its lifecycle does not allow, loudly.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/stub/engine/environment';
import { FreezeGuard } from '../../../src/stub/engine/freeze-guard';
import { LogStore } from '../../../src/stub/engine/log-store';
import { runtimeFamilyFor } from '../../../src/stub/runtimes/registry';
import type { FunctionSnapshot } from '../../../src/stub/engine/types';
import { asResponse, request, snapshot } from './helpers';

function environment(dead: Environment[] = [], fn: FunctionSnapshot = snapshot('hello'), idle: Environment[] = []): Environment {
  const family = runtimeFamilyFor('nodejs20.x');
  if (family === undefined) throw new Error('no nodejs20.x family');
  return new Environment(fn, {
    host: '127.0.0.1',
    family,
    cgroups: undefined,
    logs: new LogStore(),
    onDead: (env) => dead.push(env),
    onIdle: (env) => idle.push(env),
    freezeGuard: new FreezeGuard(),
  });
}

describe('environment', () => {
  it('refuses a second invocation while one is waiting, and cannot be pooled until free', async () => {
    const dead: Environment[] = [];
    const env = environment(dead);
    const first = env.invoke(request(env.fn));
    await expect(env.invoke(request(env.fn))).rejects.toThrow(/is starting with invocation .*: it cannot take/);
    expect(env.free).toBe(false);
    expect(() => env.pool()).toThrow(/only a free one can be pooled/);
    expect(env.pooled).toBe(false);
    await env.stop();
    const outcome = await first;
    expect(outcome).toMatchObject({ kind: 'response', functionError: 'Unhandled' });
    expect(dead).toEqual([env]);
  });

  it('keeps retirement and pooling to its own methods', async () => {
    const env = environment();
    expect(env.retired).toBe(false);
    env.retire();
    expect(env.retired).toBe(true);
    // Read-only from outside: getters over private fields, not fields the engine could set.
    for (const name of ['retired', 'pooled', 'free', 'lastUsed']) {
      const descriptor = Object.getOwnPropertyDescriptor(Environment.prototype, name);
      expect(typeof descriptor?.get, name).toBe('function');
      expect(descriptor?.set, name).toBeUndefined();
    }
    await env.stop();
  });

  it('started with no invocation, an init that fails leaves it free; the invocation handed to it re-runs the init', async () => {
    // The way an environment initialised ahead of its invocations (provisioned concurrency) meets a failed init.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'env-init-'));
    const dead: Environment[] = [];
    const idle: Environment[] = [];
    const env = environment(dead, snapshot('engine-init-once', { environment: { MARKER: path.join(tmp, 'marker') } }), idle);
    try {
      await env.start();
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 5000;
        const poll = setInterval(() => {
          if (idle.length > 0) resolve();
          else if (Date.now() > deadline) reject(new Error('the failed init was never wound up'));
          else return;
          clearInterval(poll);
        }, 10);
      });
      expect(idle).toEqual([env]);
      expect(env.free).toBe(true);
      const result = await env.invoke(request(env.fn));
      if (typeof result === 'symbol') throw new Error('sent back for a retry');
      const outcome = asResponse(result);
      expect(outcome.functionError).toBeUndefined();
      // Its log: the failed Init phase's lines first, then the re-run's; no Init Duration, since the init ran inside it.
      expect(outcome.log).toMatch(/^INIT_START [^\n]*\n(.*\n)*INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.Unknown\n(.*\n)*START RequestId: /);
      expect(outcome.log.slice(outcome.log.indexOf('REPORT RequestId'))).not.toContain('Init Duration');
      expect(env.free).toBe(true);
      expect(dead).toEqual([]);
    } finally {
      await env.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
