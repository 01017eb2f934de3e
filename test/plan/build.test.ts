import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { ScenarioError } from '../../src/scenario/errors';

const tmp = mkdtempSync(path.join(tmpdir(), 'coldbench-plan-'));
mkdirSync(path.join(tmp, 'fn'));
// The default handler's file: scenarios are refused without it.
writeFileSync(path.join(tmp, 'fn', 'index.js'), 'exports.handler = async () => ({});\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function scenario(text: string): string {
  const file = path.join(tmp, `plan${++n}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('buildPlan', () => {
  it('names unnamed phases after their pattern, numbering repeats, and carries what each pattern forces', async () => {
    const plan = await loadPlan(scenario(`target: { kind: local, code: ./fn }
phases:
  - { pattern: sequential, count: 1 }
  - { pattern: sequential, count: 2 }
  - { name: sequential-3, pattern: cold, count: 1 }
  - { pattern: sequential, count: 4 }
`));
    expect(plan.settings[0]!.phases.map((p) => [p.name, p.pattern, p.schedule.invocations, p.forcesFreshEnvironments])).toEqual([
      ['sequential', 'sequential', 1, false],
      ['sequential-2', 'sequential', 2, false],
      ['sequential-3', 'cold', 1, true],
      ['sequential-4', 'sequential', 4, false],
    ]);
  });

  it('gives every setting the same phases with the same invocation counts and estimates', async () => {
    const plan = await loadPlan(scenario(`target: { kind: local, code: ./fn }
memory: 1024
phases:
  - { name: burst, pattern: concurrent, concurrency: 5, count: 12 }
  - { name: steady, pattern: rate, rate: 10, duration: 2s }
`));
    expect(plan.settings).toHaveLength(1);
    expect(plan.settings[0]!.memoryMb).toBe(1024);
    const [burst, steady] = plan.settings[0]!.phases;
    expect(burst!.schedule.invocations).toBe(12);
    expect(burst!.schedule.estimateWallMs(100)).toBe(300);
    expect(steady!.schedule.invocations).toBe(20);
    expect(steady!.schedule.estimateWallMs(100)).toBeCloseTo(1900 + 100, 6);
  });

  it('plans an aws target with its region for pricing and an http target with its body', async () => {
    const aws = await loadPlan(scenario(`target: { kind: aws, function: arn:aws:lambda:ap-south-1:123456789012:function:f, region: ap-south-1, profile: bench, qualifier: live }
phases: [{ pattern: sequential, count: 1 }]
`));
    expect(aws.target).toEqual({ kind: 'aws', function: 'arn:aws:lambda:ap-south-1:123456789012:function:f', region: 'ap-south-1', profile: 'bench', qualifier: 'live' });
    expect(aws.region).toBe('ap-south-1');

    // No pattern drives http targets until `load` exists: the plan is refused, naming the phase.
    const http = scenario(`target: { kind: http, url: "https://x.lambda-url.us-east-1.on.aws/", body: { a: 1 }, headers: { x-n: 1 } }
phases: [{ pattern: sequential, count: 1 }]
`);
    await expect(loadPlan(http)).rejects.toThrow(ScenarioError);
    await expect(loadPlan(http)).rejects.toThrow(/phases\[0\]\.pattern: pattern "sequential" cannot drive a http target/);
  });
});
