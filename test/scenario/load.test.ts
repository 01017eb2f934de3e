import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { loadScenario } from '../../src/scenario/load';

const FIXTURES = path.resolve(__dirname, '../fixtures/scenarios');
const fixture = (name: string): string => path.join(FIXTURES, name);

describe('loadScenario', () => {
  it('reads every key of the format, resolving paths against the scenario file', async () => {
    const s = await loadScenario(fixture('full.yaml'));
    expect(s.name).toBe('full-sweep');
    expect(s.target).toEqual({
      kind: 'local',
      function: 'hello',
      codeDir: path.join(FIXTURES, 'functions/hello'),
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      timeoutSec: 10,
      environment: { GREETING: 'hi', DEBUG: '1' },
      // No function.json: the local service's default memory, known before the run for the estimate.
      memoryMb: 128,
    });
    expect(s.architecture).toBe('arm64');
    expect(s.memory).toEqual([128, 512, 1769]);
    expect(s.ephemeralStorageMb).toBe(1024);
    expect(s.payloads.map((p) => [p.weight, JSON.parse(p.body.toString())])).toEqual([
      [3, { name: 'bench' }],
      [1, { name: 'from-file' }],
    ]);
    expect(s.phases.map((p) => [p.name, p.pattern.name])).toEqual([
      ['cold', 'cold'], ['warm', 'sequential'], ['burst', 'concurrent'],
      ['steady', 'rate'], ['up', 'ramp'], ['reaped', 'idle-gaps'],
    ]);
    expect(s.phases[3]!.options).toEqual({ rate: 20, duration: 500 });
    expect(s.phases[5]!.options).toEqual({ gaps: [10, 20] });
    expect(s.budget).toEqual({ maxInvocations: 500, maxCostUsd: 0.5 });
    expect(s.maxErrorRate).toBe(0.05);
    expect(s.retry).toEqual({ attempts: 2, backoffMs: 50 });
    expect(s.storePayloads).toBe(true);
    expect(s.projection).toEqual({ monthlyInvocations: 1_000_000, freeTier: false });
    expect(s.balancedWeight).toBe(0.25);
    expect(s.region).toBe('us-east-1');
  });

  it('applies the defaults to a minimal scenario', async () => {
    const s = await loadScenario(fixture('minimal.yaml'));
    expect(s.name).toBe('minimal');
    expect(s.target).toEqual({ kind: 'local', function: 'hello', codeDir: path.join(FIXTURES, 'functions/hello'), memoryMb: 128 });
    expect(s.architecture).toBe('x86_64');
    expect(s.memory).toBeNull();
    expect(s.ephemeralStorageMb).toBe(512);
    expect(s.payloads.map((p) => p.body.toString())).toEqual(['{}']);
    expect(s.phases.map((p) => p.name)).toEqual(['sequential']);
    expect(s.maxErrorRate).toBe(0);
    expect(s.retry).toEqual({ attempts: 3, backoffMs: 100 });
    expect(s.storePayloads).toBe(false);
    expect(s.projection).toBeUndefined();
    expect(s.balancedWeight).toBe(0.5);
    expect(s.budget).toEqual({});
  });

  it('reads JSON scenarios, and prices in the aws target region', async () => {
    const s = await loadScenario(fixture('minimal.json'));
    expect(s.name).toBe('minimal-json');
    expect(s.target).toEqual({ kind: 'aws', function: 'my-fn', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9001' });
    expect(s.region).toBe('eu-west-1');
    expect(JSON.parse(s.payloads[0]!.body.toString())).toEqual({ name: 'json' });
  });

  it('prices an aws target given as an ARN in the ARN\'s region, else in the environment\'s', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-region-'));
    try {
      const file = path.join(dir, 's.yaml');
      fs.writeFileSync(file, 'target:\n  kind: aws\n  function: arn:aws:lambda:af-south-1:123456789012:function:f\nphases: [{ pattern: sequential, count: 1 }]\n');
      expect((await loadScenario(file)).region).toBe('af-south-1');
      fs.writeFileSync(file, 'target:\n  kind: aws\n  function: f\nphases: [{ pattern: sequential, count: 1 }]\n');
      const saved = process.env['AWS_REGION'];
      process.env['AWS_REGION'] = 'eu-south-1';
      try {
        expect((await loadScenario(file)).region).toBe('eu-south-1');
      } finally {
        if (saved === undefined) delete process.env['AWS_REGION'];
        else process.env['AWS_REGION'] = saved;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadPlan', () => {
  it('makes one setting per memory value, each with every phase and its schedule', async () => {
    const plan = await loadPlan(fixture('full.yaml'));
    expect(plan.settings.map((s) => s.memoryMb)).toEqual([128, 512, 1769]);
    for (const setting of plan.settings) {
      expect(setting.phases.map((p) => [p.name, p.index, p.pattern, p.schedule.invocations])).toEqual([
        ['cold', 0, 'cold', 2],
        ['warm', 1, 'sequential', 5],
        ['burst', 2, 'concurrent', 9],
        ['steady', 3, 'rate', 10],
        ['up', 4, 'ramp', 10],
        ['reaped', 5, 'idle-gaps', 3],
      ]);
    }
    // Schedules are not shared between settings.
    expect(plan.settings[0]!.phases[0]!.schedule).not.toBe(plan.settings[1]!.phases[0]!.schedule);
    expect(plan.target.kind).toBe('local');
    expect(plan.file).toBe(fixture('full.yaml'));
  });

  it('leaves memory alone when the scenario does not set it', async () => {
    const plan = await loadPlan(fixture('minimal.yaml'));
    expect(plan.settings.map((s) => s.memoryMb)).toEqual([null]);
  });
});
