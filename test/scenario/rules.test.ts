import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/scenario/errors';
import { checkScenario } from '../../src/scenario/validate';

/** The problems checkScenario finds, as `field: message`. */
function refusals(data: Record<string, unknown>): string[] {
  const r = checkScenario(data);
  return r.ok ? [] : r.problems.map((p: Problem) => `${p.path.join('.')}: ${p.message}`);
}

const aws = (qualifier?: string) => ({ kind: 'aws', function: 'f', region: 'us-east-1', ...(qualifier !== undefined ? { qualifier } : {}) });
const http = (fn?: string) => ({ kind: 'http', url: 'http://127.0.0.1:1/', ...(fn !== undefined ? { function: fn } : {}) });
const sequential = { pattern: 'sequential', count: 1 };
const cold = { pattern: 'cold', count: 1 };
const load = { pattern: 'load', connections: 1, amount: 1 };

describe('rules across fields', () => {
  it('refuse memory settings and forced cold starts on a pinned qualifier, which would change $LATEST instead', () => {
    expect(refusals({ target: aws('live'), memory: [128, 512], phases: [cold] }))
      .toEqual(['target.qualifier: memory settings change $LATEST; remove the qualifier "live" to use them']);
    expect(refusals({ target: aws('live'), memory: 256, phases: [sequential] }))
      .toEqual(['target.qualifier: memory settings change $LATEST; remove the qualifier "live" to use them']);
    const [refusal, ...more] = refusals({ target: aws('3'), phases: [sequential, cold] });
    expect(more).toEqual([]);
    // It says why, including on a qualifier with provisioned concurrency, and what measures its cold starts instead.
    expect(refusal).toBe('target.qualifier: the cold pattern forces fresh environments by changing $LATEST, which "3" does not run (a published version never changes). '
      + 'With provisioned concurrency on "3", its environments are initialised ahead and no invocation waits for an init until more than the provisioned count run at once: '
      + 'those spill-over cold starts are what its callers meet, and a `concurrent` phase with a concurrency above the provisioned count measures them (rows with cold = true). '
      + 'Remove the qualifier to force on-demand cold starts of $LATEST (or, on a SnapStart function, SnapStart restores of versions coldbench publishes)');
  });

  it('accept the same changes on $LATEST, and a pinned qualifier when nothing changes it', () => {
    expect(refusals({ target: aws(), memory: [128, 512], phases: [cold] })).toEqual([]);
    expect(refusals({ target: aws('$LATEST'), memory: [128, 512], phases: [cold] })).toEqual([]);
    expect(refusals({ target: aws('live'), phases: [sequential, { pattern: 'rate', rate: 1, duration: '1s' }] })).toEqual([]);
  });

  it('refuse a memory sweep behind a URL without the function to change', () => {
    expect(refusals({ target: http(), memory: [128, 512], phases: [load] }))
      .toEqual(['target.function: a memory sweep over an http target changes the function behind the URL, so it needs `function` (and `region` or `endpoint`)']);
    // One value only says what the function has (for cost); with `function` the sweep can change it.
    expect(refusals({ target: http(), memory: 256, phases: [load] })).toEqual([]);
    expect(refusals({ target: http('f'), memory: [128, 512], phases: [load] })).toEqual([]);
  });

  it('wait for the fields they read to be valid', () => {
    expect(refusals({ target: aws('live'), memory: [128, 64], phases: [cold] }))
      .toEqual(['memory.1: must be a whole number of MB from 128 to 10240 (got 64)']);
  });
});
