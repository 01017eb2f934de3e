// The environment refuses what its lifecycle does not allow, loudly.

import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/stub/engine/environment';
import { LogStore } from '../../../src/stub/engine/log-store';
import { runtimeFamilyFor } from '../../../src/stub/runtimes/registry';
import { request, snapshot } from './helpers';

function environment(dead: Environment[] = []): Environment {
  const family = runtimeFamilyFor('nodejs20.x');
  if (family === undefined) throw new Error('no nodejs20.x family');
  return new Environment(snapshot('hello'), {
    host: '127.0.0.1',
    family,
    cgroups: undefined,
    logs: new LogStore(),
    onDead: (env) => dead.push(env),
    onIdle: () => undefined,
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
});
