// Every example scenario shipped in scenarios/ must load: a user's first
// `coldbench run` on one of them must never end in a validation error.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';

const dir = path.join(__dirname, '..', '..', 'scenarios');
const files = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('example scenarios', () => {
  it('ships the quickstart and the documented examples', () => {
    expect(files).toEqual(expect.arrayContaining(['quickstart.yaml', 'memory-sweep.yaml', 'steady-rate.yaml', 'idle-gaps.yaml', 'aws-template.yaml']));
  });

  it.each(files)('%s loads into a plan', async (file) => {
    const plan = await loadPlan(path.join(dir, file));
    expect(plan.settings.length).toBeGreaterThan(0);
    expect(plan.settings.every((s) => s.phases.length > 0)).toBe(true);
  });

  it('quickstart stays small: local target, cold + warm + burst, few invocations', async () => {
    const plan = await loadPlan(path.join(dir, 'quickstart.yaml'));
    expect(plan.target.kind).toBe('local');
    expect(plan.settings[0].phases.map((p) => p.pattern)).toEqual(['cold', 'sequential', 'concurrent']);
    const total = plan.settings.reduce((n, s) => n + s.phases.reduce((m, p) => m + p.schedule.invocations, 0), 0);
    expect(total).toBeLessThanOrEqual(200);
  });
});
