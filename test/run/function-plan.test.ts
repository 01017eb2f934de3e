// The plan a run executes once the function is read: the function's
// architecture and storage for aws targets (with a note when the scenario's
// storage is set aside), the scenario's for the local target, and a note when
// provisioned concurrency could not be read.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PricedPlan } from '../../src/cost/model';
import { loadPlan } from '../../src/plan/load';
import { planForFunction } from '../../src/run/function-plan';
import { factsOf } from '../../src/targets/function-facts';
import { EXAMPLE_FUNCTIONS, tempDir, writeScenario } from './helpers';

describe('planForFunction', () => {
  const dir = tempDir('coldbench-fplan-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const facts = (ephemeral: number, pc: Parameters<typeof factsOf>[3]) =>
    factsOf({ FunctionName: 'f', Runtime: 'nodejs22.x', MemorySize: 512, Version: '5', Architectures: ['arm64'], EphemeralStorage: { Size: ephemeral } }, 'f', '5', pc);

  it('aws: the function\'s architecture and storage; the scenario\'s storage set aside with a note; a refused PC read noted', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'a', ephemeralStorage: 2048,
      target: { kind: 'aws', function: 'f', qualifier: '5', region: 'us-east-1' },
      phases: [{ name: 'w', pattern: 'sequential', count: 1 }],
    }, 'aws.json'));
    const priced = await planForFunction(plan, facts(1024, { kind: 'unknown', reason: 'AccessDeniedException: no' })) as typeof plan & PricedPlan;
    expect(priced.architecture).toBe('arm64');
    expect(priced.ephemeralStorageMb).toBe(1024);
    expect(priced.functionPricing).toEqual({
      provisionedConcurrency: 0,
      snapStartCharged: false,
      notes: [
        'provisioned concurrency of f:5 could not be read (AccessDeniedException: no): every invocation is priced on demand and no standing charge is projected',
        'the scenario\'s ephemeralStorage (2048 MB) is set aside: function "f" has 1024 MB, which is priced',
      ],
    });
  });

  it('local: the scenario\'s architecture and storage still price the function', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'l', architecture: 'x86_64', ephemeralStorage: 4096,
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      phases: [{ name: 'w', pattern: 'sequential', count: 1 }],
    }, 'local.json'));
    const priced = await planForFunction(plan, facts(512, { kind: 'none' })) as typeof plan & PricedPlan;
    expect(priced.architecture).toBe('x86_64');
    expect(priced.ephemeralStorageMb).toBe(4096);
    expect(priced.functionPricing).toEqual({ provisionedConcurrency: 0, snapStartCharged: false });
  });

  it('no function to read (http without `function`): the plan as it is', async () => {
    const plan = await loadPlan(writeScenario(dir, {
      name: 'h',
      target: { kind: 'local', function: 'hello', code: path.join(EXAMPLE_FUNCTIONS, 'hello') },
      phases: [{ name: 'w', pattern: 'sequential', count: 1 }],
    }, 'none.json'));
    expect(await planForFunction(plan, undefined)).toBe(plan);
  });
});
